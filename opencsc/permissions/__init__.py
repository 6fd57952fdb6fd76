"""Who may see and do what. Every page, list, export and KPI gets its records through this package.

- `actions`: the `Action` vocabulary and the one table (`RULES`) of roles, scope and four-eyes;
- `engine`: `can`/`require`, answered from the table, and `register_scope` for apps above;
- `visibility`: which people a user may open (`visible_children`, `visible_people`, `can_see`);
- `gate`: `get_visible_or_404`, the only way a view gets a record;
- `staff`: what a user's teams make them (a MASH member, a team's manager).

This package imports nothing from casework, the front door or any app above them: those apps
register their scopes in their AppConfig.ready.
"""

from opencsc.permissions.actions import (
    CASE_HOLDING_ROLES,
    READ_EVERY_CHILD_ROLES,
    RULES,
    Action,
    Grant,
    Rule,
    Scope,
)
from opencsc.permissions.engine import can, proposer_id, register_scope, require
from opencsc.permissions.gate import (
    get_held_or_404,
    get_visible_or_404,
    note_subjects,
    opened_records,
    subjects_of,
)
from opencsc.permissions.staff import (
    holds_cases,
    is_in_fostering_team,
    is_in_mash,
    managed_team_ids,
    manages_team,
    reads_front_door,
    team_ids,
    works_front_door,
)
from opencsc.permissions.visibility import (
    answers_for_restrictions,
    can_see,
    child_of,
    granted_reasons,
    held_restricted,
    holding_condition,
    holds_record,
    mark_opened,
    one_person_condition,
    open_to_team_managers,
    openable_among,
    register_person_grant,
    register_read_scope,
    remember_visibility,
    visible_child_condition,
    visible_children,
    visible_people,
    was_opened,
)

__all__ = [
    "CASE_HOLDING_ROLES",
    "READ_EVERY_CHILD_ROLES",
    "RULES",
    "Action",
    "Grant",
    "Rule",
    "Scope",
    "answers_for_restrictions",
    "can",
    "can_see",
    "child_of",
    "get_held_or_404",
    "get_visible_or_404",
    "granted_reasons",
    "held_restricted",
    "holding_condition",
    "holds_cases",
    "holds_record",
    "is_in_fostering_team",
    "is_in_mash",
    "managed_team_ids",
    "manages_team",
    "mark_opened",
    "note_subjects",
    "one_person_condition",
    "open_to_team_managers",
    "openable_among",
    "opened_records",
    "proposer_id",
    "reads_front_door",
    "register_person_grant",
    "register_read_scope",
    "register_scope",
    "remember_visibility",
    "require",
    "subjects_of",
    "team_ids",
    "visible_child_condition",
    "visible_children",
    "visible_people",
    "was_opened",
    "works_front_door",
]

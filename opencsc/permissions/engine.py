"""May this user do this action (to this record)? Answered from the one table, `actions.RULES`.

`can(user, action, record)` holds when the user's role has a grant for the action, the record is
in that grant's scope, and, for a four-eyes action, the user did not propose the record.
`require()` raises PermissionDenied otherwise. Scopes that read the tables of apps above this one
(the team holding a case, a transfer's receiving team, a partner agency's own records) are
registered by those apps with `register_scope`.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model

from opencsc.accounts.models import Role, Team, User
from opencsc.core.approvals import Approval, four_eyes_refusal
from opencsc.permissions.actions import RULES, Action, Scope
from opencsc.permissions.staff import is_active_staff, manages_team, works_front_door
from opencsc.permissions.visibility import can_see, child_of, holds_record, may_open

Resolver = Callable[[User, Any], bool]

_resolvers: dict[tuple[Scope, type[Model] | None], Resolver] = {}


def register_scope(scope: Scope, resolver: Resolver, *, model: type[Model] | None = None) -> None:
    """Answer whether a user is in `scope` for a record (of `model`, or any record when None).

    Called from the owning app's AppConfig.ready: casework answers who works and manages a case
    and who answers a transfer; the front door answers which contacts and checks a partner owns."""
    _resolvers[(scope, model)] = resolver


def _resolver(scope: Scope, record: Model) -> Resolver | None:
    return _resolvers.get((scope, type(record))) or _resolvers.get((scope, None))


def proposer_id(record: Model) -> int | None:
    """Who proposed the record for a decision (the four-eyes rule refuses them)."""
    return record.proposed_by_id if isinstance(record, Approval) else None


def _manages_team_of(user: User, record: Model) -> bool:
    if user.role == Role.HEAD_OF_SERVICE:
        return True
    team = record if isinstance(record, Team) else getattr(record, "team", None)
    return isinstance(team, Team) and manages_team(user, team)


def _in_scope(user: User, scope: Scope, record: Model) -> bool:
    if scope == Scope.FRONT_DOOR:
        return True  # the MASH works every contact; checked without the record
    if scope == Scope.ROLE:
        return may_open(user, record)
    if scope == Scope.HOLDS_RECORD:
        # Whoever must answer for the record keeps hold of it, even when it names others only.
        child = child_of(record)
        return child is not None and holds_record(user, child)
    resolver = _resolver(scope, record)
    if scope == Scope.PARTNERS_OWN:
        return resolver is not None and resolver(user, record)
    child = child_of(record)
    if child is not None and not can_see(user, child):
        return False
    if scope == Scope.MANAGES_TEAM:
        return resolver(user, record) if resolver is not None else _manages_team_of(user, record)
    if scope == Scope.HOLDING_TEAM:
        return resolver is not None and resolver(user, record)
    # Works or manages the case: the role says which; the holding team says whose.
    return child is not None and resolver is not None and resolver(user, child)


def refusal(user: User, action: Action, record: Model | None = None) -> str | None:
    """Why `user` may not do `action` (to `record`), in words; None when they may."""
    message = f"You do not have permission to {action.label[0].lower()}{action.label[1:]}."
    if not is_active_staff(user):
        return message
    rule = RULES[action]
    scope = rule.scope_for(user.role)
    if scope is None:
        return message
    if scope == Scope.FRONT_DOOR and not works_front_door(user):
        return message
    if record is None:
        return None
    if rule.four_eyes and isinstance(record, Approval):
        four_eyes = four_eyes_refusal(record, user)
        if four_eyes is not None:
            return four_eyes
    if not _in_scope(user, scope, record):
        return message
    return None


def can(user: User, action: Action, record: Model | None = None) -> bool:
    """Whether `user` may do `action`, to `record` when given (a person, a record about a child,
    a team, a contact or check)."""
    return refusal(user, action, record) is None


def require(user: User, action: Action, record: Model | None = None) -> None:
    """Raise PermissionDenied unless `user` may do `action` (to `record`)."""
    message = refusal(user, action, record)
    if message is not None:
        raise PermissionDenied(message)

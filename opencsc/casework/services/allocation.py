"""Allocation with the manager's direction: who holds a child's case, and the due items that
follow the holder."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Team, User
from opencsc.audit import services as audit
from opencsc.casework import entries
from opencsc.casework.models import Allocation, Referral
from opencsc.casework.selectors import sibling_ids
from opencsc.casework.services import directions
from opencsc.casework.services.locks import lock_children, lock_open_episode
from opencsc.casework.services.tray import tell_worker_of_allocation
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem


@transaction.atomic
def allocate(
    *,
    child: Person,
    team: Team,
    worker: User | None,
    started_on: date,
    by: User,
    referral: Referral | None = None,
    direction: str = "",
) -> Allocation:
    """Give a child's case to a team (and worker), ending any open allocation the day it starts.

    `referral` names the episode the allocation works and `direction` is the manager's direction
    for it (see allocate_referral)."""
    permissions.require(by, Action.ALLOCATE, child)
    if not child.is_child:
        raise ValidationError("Only a child's case can be allocated.")
    if worker is not None and not worker.memberships.filter(team=team).exists():
        raise ValidationError(f"{worker} is not a member of {team}.")
    current = Allocation.objects.select_for_update().filter(child=child, ended_on=None).first()
    if current is not None and started_on < current.started_on:
        raise ValidationError(
            {
                "started_on": "The new allocation cannot start before the current one "
                f"({current.started_on:%-d %B %Y})"
            }
        )
    if current is not None:
        end_allocation(current, on=started_on)
    allocation = Allocation(
        child=child,
        team=team,
        worker=worker,
        started_on=started_on,
        allocated_by=by,
        referral=referral,
        direction=direction.strip(),
    )
    allocation.full_clean()
    allocation.save()
    _reassign_due_items(child, team=team, worker=worker)
    tell_worker_of_allocation(allocation)
    holder = f"{team} ({worker})" if worker else str(team)
    entries.allocated(
        child, allocation_id=allocation.pk, team=team, worker=worker, on=started_on, by=by
    ).save()
    audit.log_change(by=by, child=child, record=allocation, action=Action.ALLOCATE, summary=holder)
    return allocation


def end_allocation(allocation: Allocation, *, on: date) -> Allocation:
    """End an allocation on `on`. Its open directed actions are the caller's to decide first
    (`directions.hand_over` when the case moves, `directions.withdraw_open_actions` when the
    episode closes): the direction follows the child, never withdrawn silently."""
    allocation.ended_on = on
    allocation.save(update_fields=["ended_on", "updated_at"])
    return allocation


# Due items that stay with whoever owns them when the case moves: the MASH's own, each directed
# action's (its assignee's until the manager reassigns it: `directions.hand_over`), and a private
# fostering arrangement's visits (the fostering team's).
_STAY_WITH_THEIR_OWNER = (*rules.FRONT_DOOR_RULES, rules.DIRECTED_ACTION, *rules.PF_VISIT_RULES)


def _reassign_due_items(child: Person, *, team: Team, worker: User | None) -> None:
    """Give the child's open casework deadlines to whoever now holds the case. The MASH's own
    (contact decisions, agency checks: `rules.FRONT_DOOR_RULES`) stay with the MASH, and each
    directed action's with its assignee."""
    timescales.reassign_open_items(
        child=child, team=team, owner=worker, except_rules=_STAY_WITH_THEIR_OWNER
    )


def holder_of(child: Person) -> tuple[Team | None, User | None]:
    """The team and worker holding the child's case now (None, None while unallocated)."""
    allocation = (
        Allocation.objects.filter(child=child, ended_on=None)
        .select_related("team", "worker")
        .first()
    )
    if allocation is None:
        return None, None
    return allocation.team, allocation.worker


def open_pathway_due_item(
    rule: rules.Rule, *, child: Person, record: models.Model, start: date, summary: str = ""
) -> DueItem:
    """Open a due item on the child's episode, owned by whoever holds the case."""
    team, worker = holder_of(child)
    return timescales.open_due_item(
        rule, child=child, record=record, start=start, team=team, owner=worker, summary=summary
    )


# Allocation with the manager's direction

STANDARD_ACTIONS: tuple[str, ...] = (
    "See the child within the agreed timescale",
    "See the child alone",
    "Complete the child and family assessment",
    "Check with the child's school or nursery",
    "Check with the child's GP and health visitor",
    "Complete police checks",
)
# Teams that hold children's cases: where a referral is allocated and a case transfers to.
CASE_HOLDING_TEAM_KINDS = frozenset(
    {
        Team.Kind.ASSESSMENT,
        Team.Kind.CHILD_PROTECTION,
        Team.Kind.CHILDREN_IN_CARE,
        Team.Kind.CARE_LEAVERS,
        Team.Kind.DISABLED_CHILDREN,
    }
)


class DirectedAction(NamedTuple):
    """One action a manager directs: what, who does it, by when."""

    action: str
    assignee: User
    due_on: date


def _folded(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".")


def is_standard_action(text: str) -> bool:
    """Whether `text` is one of the generic checklist tasks rather than direction for this child."""
    return _folded(text) in {_folded(standard) for standard in STANDARD_ACTIONS}


def _require_allocator(by: User, *, child: Person, team: Team) -> None:
    """Only a manager of the team holding the case reallocates it, to a team they manage."""
    permissions.require(by, Action.GIVE_DIRECTION, child)
    holder, _ = holder_of(child)
    if holder is not None and not permissions.manages_team(by, holder):
        raise PermissionDenied(
            f"{holder} holds this case: only its manager or a head of service may reallocate it."
        )
    if not permissions.manages_team(by, team):
        raise PermissionDenied(f"Only a manager of {team} may allocate work to it.")


def _refuse_if_allocated_since(child: Person, *, replacing: int | None) -> None:
    current = (
        Allocation.objects.filter(child=child, ended_on=None)
        .select_related("team", "worker", "allocated_by")
        .first()
    )
    if (current.pk if current else None) == replacing:
        return
    if current is None:
        raise ValidationError(
            "The allocation you saw ended while you were deciding: nothing was saved. Check the "
            "case and try again."
        )
    holder = f"{current.team} ({current.worker})" if current.worker else str(current.team)
    at = timezone.localtime(current.created_at)
    when = f"{at:%H:%M}" if at.date() == timezone.localdate() else f"{at:%H:%M} on {at:%-d %B %Y}"
    raise ValidationError(
        f"This case was allocated to {holder} by {current.allocated_by or 'another manager'} at "
        f"{when} while you were deciding: nothing was saved. Check the allocation and try again."
    )


def directed_actions_problem(
    directed: Sequence[DirectedAction], *, assignees: set[int], team: Team, today: date
) -> str | None:
    """What is wrong with the manager's actions (the first problem found), or None: at least one
    written for this child, each with what, who (a member of the team) and by when."""
    if not any(not is_standard_action(row.action) for row in directed if row.action):
        return (
            "Add at least one action written for this child, with who and by when: a generic "
            "checklist alone cannot be saved"
        )
    for row in directed:
        if not row.action:
            return "Enter what each action is"
        if len(row.action) > 300:
            return "An action must be 300 characters or fewer"
        if row.assignee.pk not in assignees:
            return f"{row.assignee} is not a member of {team}"
        if row.due_on < today:
            return "An action cannot be due before today"
    return None


@transaction.atomic
def allocate_referral(
    *,
    referral: Referral,
    team: Team,
    worker: User | None,
    direction: str,
    actions: Sequence[tuple[str, User, date]],
    replacing: int | None,
    by: User,
    resolutions: Mapping[int, directions.Resolution] | None = None,
) -> Allocation:
    """Allocate a child's episode to a team (and worker) with the manager's direction: what the
    work is for, and specific actions for this child, each with who and by when. A generic
    checklist alone cannot be saved.

    `replacing` is the id of the allocation the manager saw holding the case when they opened the
    form (None: unallocated). If the case was allocated since, nothing is saved and the manager is
    told by whom: under the episode lock, so of several managers allocating at once one wins.

    A case already held carries its open directed actions: `resolutions` decides each (reassign
    to a member of the new team, record done, or withdraw with a reason), by action id; nothing
    is saved until every one is decided (`directions.handover_problems`)."""
    child = referral.child
    today = timezone.localdate()
    referral = lock_open_episode(referral, on=today)
    _require_allocator(by, child=child, team=team)
    _refuse_if_allocated_since(child, replacing=replacing)
    errors: dict[str, str] = {}
    if team.kind not in CASE_HOLDING_TEAM_KINDS or not team.is_active:
        errors["team"] = f"{team} does not hold children's cases: choose a social work team"
    if not direction.strip():
        errors["direction"] = "Enter your direction for this child: what the work is for, and why"
    directed = [
        DirectedAction(text.strip(), assignee, due_on) for text, assignee, due_on in actions
    ]
    members = set(team.memberships.values_list("user_id", flat=True))
    if worker is not None and worker.pk not in members:
        errors["worker"] = f"{worker} is not a member of {team}"
    problem = directed_actions_problem(
        directed, assignees=members | {by.pk}, team=team, today=today
    )
    if problem:
        errors["actions"] = problem
    held = directions.open_actions(Allocation.objects.filter(child=child, ended_on=None).first())
    errors.update(
        directions.handover_problems(held, resolutions or {}, members=members | {by.pk}, team=team)
    )
    if errors:
        raise ValidationError(errors)

    allocation = allocate(
        child=child,
        team=team,
        worker=worker,
        started_on=today,
        by=by,
        referral=referral,
        direction=direction,
    )
    directions.hand_over(held, resolutions or {}, to=allocation, why="Case reallocated", by=by)
    rows = directions.direct(
        allocation=allocation,
        directed=[directions.NewAction(*row) for row in directed],
        by=by,
        today=today,
    )
    specific = sum(1 for row in directed if not is_standard_action(row.action))
    audit.log_change(
        by=by,
        child=child,
        record=allocation,
        action=Action.GIVE_DIRECTION,
        summary=f"Direction given: {len(rows)} actions, {specific} specific to this child",
    )
    return allocation


@transaction.atomic
def allocate_referrals_together(
    *,
    referral: Referral,
    siblings: Sequence[tuple[Referral, int | None]],
    team: Team,
    worker: User | None,
    direction: str,
    actions: Sequence[tuple[str, User, date]],
    replacing: int | None,
    by: User,
    resolutions: Mapping[int, directions.Resolution] | None = None,
) -> list[Allocation]:
    """Allocate a child's episode and their brothers' and sisters' (`siblings`: each episode with
    the allocation the manager saw holding it) to one team and worker, with the same direction
    and actions, each child's own allocation and actions (issue 13: siblings together, so one
    family's records do not drift apart). All are allocated or none: every child's problems are
    gathered, a sibling's naming them next to the choice of siblings."""
    family = sibling_ids(referral.child)
    chosen = [episode.child_id for episode, _ in siblings]
    if len(set(chosen)) != len(chosen) or referral.child_id in chosen:
        raise ValidationError({"siblings": "Choose each brother or sister once"})
    if not set(chosen) <= family:
        raise ValidationError(
            {"siblings": "Only the child's brothers and sisters can be allocated together"}
        )
    lock_children([referral.child_id, *chosen])
    errors: dict[str, list[str]] = {}
    made: list[Allocation] = []
    for episode, seen in [(referral, replacing), *siblings]:
        try:
            with transaction.atomic():
                made.append(
                    allocate_referral(
                        referral=episode,
                        team=team,
                        worker=worker,
                        direction=direction,
                        actions=actions,
                        replacing=seen,
                        by=by,
                        resolutions=resolutions if episode is referral else None,
                    )
                )
        except (ValidationError, PermissionDenied) as error:
            if episode is referral:
                raise
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            errors.setdefault("siblings", []).extend(
                f"{episode.child.full_name}: {message}" for message in messages
            )
    if errors:
        raise ValidationError(errors)
    return made

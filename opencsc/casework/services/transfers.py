"""Transfers between social work teams: requested, accepted or declined, and recorded."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Team, User
from opencsc.audit import services as audit
from opencsc.casework import entries
from opencsc.casework.models import Allocation, DirectionAction, Referral, TeamTransfer, Transfer
from opencsc.casework.selectors import sibling_ids
from opencsc.casework.services import directions
from opencsc.casework.services.allocation import (
    CASE_HOLDING_TEAM_KINDS,
    DirectedAction,
    allocate,
    directed_actions_problem,
    holder_of,
    is_standard_action,
)
from opencsc.casework.services.locks import lock_children, lock_open_episode
from opencsc.chronology import services as chronology
from opencsc.chronology.models import ChronologyEntry
from opencsc.core.states import move
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.timescales import calendar, rules
from opencsc.timescales import services as timescales

if TYPE_CHECKING:
    from opencsc.frontdoor.models import Contact


@transaction.atomic
def record_transfer(
    *,
    child: Person,
    kind: str,
    from_team: Team,
    to_team: Team,
    transferred_on: date,
    reason: str,
    contact: "Contact | None",
    by: User,
) -> Transfer:
    """Record a step-down to early help or a step-up from it, so both directions can be counted."""
    permissions.require(by, Action.RECORD_EARLY_HELP_TRANSFER)
    if contact is not None:
        earlier = Transfer.objects.filter(child=child, contact=contact, kind=kind, to_team=to_team)
        if earlier.exists():
            return earlier.get()
    transfer = Transfer(
        child=child,
        kind=kind,
        from_team=from_team,
        to_team=to_team,
        transferred_on=transferred_on,
        reason=reason,
        contact=contact,
        recorded_by=by,
    )
    transfer.full_clean()
    transfer.save()
    entries.transferred(
        child,
        transfer_id=transfer.pk,
        kind=transfer.get_kind_display(),
        from_team=from_team,
        to_team=to_team,
        on=transferred_on,
        by=by,
    ).save()
    audit.log_change(
        by=by,
        child=child,
        record=transfer,
        action=Action.RECORD_EARLY_HELP_TRANSFER,
        summary=transfer.get_kind_display(),
    )
    return transfer


# Transfers between social work teams


@transaction.atomic
def request_transfer(*, referral: Referral, to_team: Team, reason: str, by: User) -> TeamTransfer:
    """Ask another team to take the child's case (e.g. assessment to child protection and family
    support); the wait is counted from the assessment's authorisation."""
    child = referral.child
    today = timezone.localdate()
    referral = lock_open_episode(referral, on=today)
    permissions.require(by, Action.REQUEST_TRANSFER, child)
    from_team, _ = holder_of(child)
    if from_team is None:
        raise ValidationError("No team holds this case yet: allocate it before transferring it.")
    pending = TeamTransfer.objects.filter(child=child, status=TeamTransfer.Status.PROPOSED)
    waiting = pending.select_related("to_team").first()
    if waiting is not None:
        raise ValidationError(
            f"A transfer of this case to {waiting.to_team} is already waiting for an answer."
        )
    errors: dict[str, str] = {}
    if to_team.pk == from_team.pk:
        errors["to_team"] = f"{from_team} already holds this case: choose another team"
    elif to_team.kind not in CASE_HOLDING_TEAM_KINDS or not to_team.is_active:
        errors["to_team"] = f"{to_team} does not hold children's cases: choose a social work team"
    if not reason.strip():
        errors["reason"] = "Enter why the case should transfer"
    if errors:
        raise ValidationError(errors)
    completed_on = (
        # The assessments app's rows, read by relation name: casework sits below that app.
        referral.assessments.filter(child=child, status="authorised")
        .order_by("-authorised_on")
        .values_list("authorised_on", flat=True)
        .first()
    )
    transfer = TeamTransfer(
        child=child,
        referral=referral,
        from_team=from_team,
        to_team=to_team,
        reason=reason.strip(),
        assessment_completed_on=completed_on,
        proposed_at=timezone.now(),
        proposed_by=by,
    )
    transfer.full_clean()
    transfer.save()
    entries.transfer_requested(
        child, transfer_id=transfer.pk, from_team=from_team, to_team=to_team, on=today, by=by
    ).save()
    audit.log_change(
        by=by,
        child=child,
        record=transfer,
        action=Action.REQUEST_TRANSFER,
        summary=f"To {to_team}",
    )
    return transfer


def _locked_transfer(transfer: TeamTransfer, *, action: Action, by: User) -> TeamTransfer:
    """The transfer, locked, still waiting, answered by a manager of the receiving team."""
    lock_open_episode(transfer.referral, on=timezone.localdate())
    permissions.require(by, action, transfer)
    locked = (
        TeamTransfer.objects.select_for_update(of=("self",))
        .select_related("child", "referral", "from_team", "to_team", "reviewed_by")
        .get(pk=transfer.pk)
    )
    if locked.status != TeamTransfer.Status.PROPOSED:
        answered_on = timezone.localdate(locked.reviewed_at)
        raise ValidationError(
            f"This transfer was already {locked.get_status_display().lower()} by "
            f"{locked.reviewed_by} on {answered_on:%-d %B %Y}."
        )
    return locked


@transaction.atomic
def accept_transfer(
    *,
    transfer: TeamTransfer,
    direction: str,
    actions: Sequence[tuple[str, User, date]],
    worker: User | None = None,
    resolutions: Mapping[int, directions.Resolution] | None = None,
    together: Sequence[TeamTransfer] = (),
    comment: str = "",
    by: User,
) -> TeamTransfer:
    """Take a child's case into the receiving team with the manager's direction, as at
    allocation (a worker, the direction, actions for this child with who and by when), and record
    how many working days the child waited after the assessment (or the request). Not by the
    person who requested it.

    The direction follows the child: every open action of the sending team's allocation is
    decided in `resolutions` (reassigned to a member of the receiving team, recorded done, or
    withdrawn with a reason), or nothing is saved. `together` are the transfers of the child's
    brothers and sisters waiting for the same team, accepted in the same transaction with the
    same worker and direction (each child's open actions decided the same way)."""
    today = timezone.localdate()
    lock_children([transfer.child_id, *(other.child_id for other in together)])
    siblings = sibling_ids(transfer.child) if together else set()
    accepted = [_locked_transfer(transfer, action=Action.ACCEPT_TRANSFER, by=by)]
    for other in together:
        locked = _locked_transfer(other, action=Action.ACCEPT_TRANSFER, by=by)
        if locked.to_team_id != accepted[0].to_team_id or locked.child_id not in siblings:
            raise ValidationError(
                {
                    "together": "Only brothers' and sisters' transfers to the same team can be "
                    "accepted together"
                }
            )
        if locked.pk not in {row.pk for row in accepted}:
            accepted.append(locked)
    team = accepted[0].to_team
    members = set(team.memberships.values_list("user_id", flat=True))
    errors: dict[str, str] = {}
    if not direction.strip():
        errors["direction"] = "Enter your direction for this child: what the work is for, and why"
    if worker is not None and worker.pk not in members:
        errors["worker"] = f"{worker} is not a member of {team}"
    directed = [
        DirectedAction(text.strip(), assignee, due_on) for text, assignee, due_on in actions
    ]
    problem = directed_actions_problem(
        directed, assignees=members | {by.pk}, team=team, today=today
    )
    if problem:
        errors["actions"] = problem
    held: dict[int, list[DirectionAction]] = {}
    for locked in accepted:
        current = _sending_allocation(locked)
        held[locked.pk] = directions.open_actions(current)
        errors.update(
            directions.handover_problems(
                held[locked.pk], resolutions or {}, members=members | {by.pk}, team=team
            )
        )
    if errors:
        raise ValidationError(errors)
    for locked in accepted:
        _accept_one(
            locked,
            worker=worker,
            direction=direction,
            directed=directed,
            held=held[locked.pk],
            resolutions=resolutions or {},
            comment=comment,
            by=by,
        )
    return accepted[0]


def _sending_allocation(transfer: TeamTransfer) -> Allocation:
    """The allocation of the team asking to transfer the case, which must still hold it."""
    current = (
        Allocation.objects.select_for_update(of=("self",))
        .filter(child=transfer.child, ended_on=None)
        .first()
    )
    if current is None or current.team_id != transfer.from_team_id:
        raise ValidationError(
            f"{transfer.from_team} no longer holds this case: decline the transfer instead."
        )
    return current


def _accept_one(
    locked: TeamTransfer,
    *,
    worker: User | None,
    direction: str,
    directed: Sequence[DirectedAction],
    held: Sequence[DirectionAction],
    resolutions: Mapping[int, directions.Resolution],
    comment: str,
    by: User,
) -> None:
    child = locked.child
    today = timezone.localdate()
    allocation = allocate(
        child=child,
        team=locked.to_team,
        worker=worker,
        started_on=today,
        by=by,
        referral=locked.referral,
        direction=direction,
    )
    directions.hand_over(
        held, resolutions, to=allocation, why=f"Case transferred to {locked.to_team}", by=by
    )
    rows = directions.direct(
        allocation=allocation,
        directed=[directions.NewAction(*row) for row in directed],
        by=by,
        today=today,
    )
    move(locked, TeamTransfer.Status.AUTHORISED)
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = by
    locked.manager_comment = comment.strip()
    waited_from = locked.assessment_completed_on or timezone.localdate(locked.proposed_at)
    locked.working_days_waited = max(0, calendar.working_days_between(waited_from, today))
    locked.full_clean()
    locked.save()
    timescales.close_open_items(
        child=child,
        of_rules=[rules.TRANSFER_AFTER_ASSESSMENT],
        by=by,
        note=f"Transfer accepted by {locked.to_team}",
    )
    entries.transfer_accepted(
        child,
        transfer_id=locked.pk,
        from_team=locked.from_team,
        to_team=locked.to_team,
        working_days_waited=locked.working_days_waited,
        on=today,
        by=by,
    ).save()
    audit.log_change(
        by=by,
        child=child,
        record=locked,
        action=Action.ACCEPT_TRANSFER,
        summary=f"Accepted by {locked.to_team}",
    )
    specific = sum(1 for row in directed if not is_standard_action(row.action))
    audit.log_change(
        by=by,
        child=child,
        record=allocation,
        action=Action.GIVE_DIRECTION,
        summary=f"Direction given: {len(rows)} actions, {specific} specific to this child",
    )


@transaction.atomic
def decline_transfer(*, transfer: TeamTransfer, comment: str, by: User) -> TeamTransfer:
    """Decline a transfer, saying why; the case stays with the team that holds it."""
    locked = _locked_transfer(transfer, action=Action.DECLINE_TRANSFER, by=by)
    if not comment.strip():
        raise ValidationError({"comment": "Enter why you are declining the transfer"})
    move(locked, TeamTransfer.Status.RETURNED)
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = by
    locked.manager_comment = comment.strip()
    locked.full_clean()
    locked.save()
    chronology.add_entry(
        locked.child,
        kind=ChronologyEntry.Kind.TRANSFER,
        happened_on=timezone.localdate(locked.reviewed_at),
        summary=f"Transfer from {locked.from_team} to {locked.to_team} declined",
        record=locked,
        by=by,
    )
    audit.log_change(
        by=by,
        child=locked.child,
        record=locked,
        action=Action.DECLINE_TRANSFER,
        summary=locked.manager_comment,
    )
    return locked

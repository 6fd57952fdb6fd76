"""Writes for casework: referrals, allocation with the manager's direction, transfers between
teams, and closing a child's episode."""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Team, User
from opencsc.audit import services as audit
from opencsc.casework import entries
from opencsc.casework.models import (
    Allocation,
    DirectionAction,
    Referral,
    TeamTransfer,
    Transfer,
)
from opencsc.chronology import services as chronology
from opencsc.chronology.models import ChronologyEntry
from opencsc.core.states import move
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.timescales import calendar, rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem

if TYPE_CHECKING:
    from opencsc.frontdoor.models import Contact, ContactDecision


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
        current.ended_on = started_on
        current.save(update_fields=["ended_on", "updated_at"])
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
    holder = f"{team} ({worker})" if worker else str(team)
    entries.allocated(
        child, allocation_id=allocation.pk, team=team, worker=worker, on=started_on, by=by
    ).save()
    audit.log_change(by=by, child=child, record=allocation, action=Action.ALLOCATE, summary=holder)
    return allocation


def _reassign_due_items(child: Person, *, team: Team, worker: User | None) -> None:
    """Give the child's open casework deadlines to whoever now holds the case. The MASH's own
    (contact decisions, agency checks: `rules.FRONT_DOOR_RULES`) stay with the MASH."""
    timescales.reassign_open_items(
        child=child, team=team, owner=worker, except_rules=rules.FRONT_DOOR_RULES
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


def lock_open_episode(referral: Referral, *, on: date | None = None) -> Referral:
    """Lock the child's episode for a write and check it can take a record dated `on`.

    Every pathway service calls this first, inside its transaction: nothing is recorded on an
    episode after it closed (CIN census 8565), nor dated before its referral or in the future. The
    lock makes a closure and a late record queue behind each other."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status != Referral.Status.OPEN:
        raise ValidationError(
            f"This episode closed on {locked.closed_on:%-d %B %Y}: nothing more can be recorded "
            "on it. A new contact starts a new episode."
        )
    if on is not None:
        if on < locked.referred_on:
            raise ValidationError(
                f"The date cannot be before the referral ({locked.referred_on:%-d %B %Y})."
            )
        if on > timezone.localdate():
            raise ValidationError("The date cannot be in the future.")
    return locked


def re_referral_of(*, child: Person, referred_on: date) -> Referral | None:
    """The child's previous referral if `referred_on` falls within 12 months of it (CIN census
    re-referral: on or before the same date 12 months later), else None."""
    previous = (
        Referral.objects.filter(child=child, referred_on__lte=referred_on)
        .order_by("-referred_on", "-pk")
        .first()
    )
    if previous is None or referred_on > rules.RE_REFERRAL.due_on(previous.referred_on):
        return None
    return previous


@transaction.atomic
def open_referral(
    *,
    child: Person,
    contact: "Contact | None",
    decision: "ContactDecision | None",
    referred_on: date,
    referral_source: str,
    primary_need: str,
    by: User,
) -> Referral:
    """Open the child's episode with a referral and start the 45-working-day assessment clock.

    A child whose episode is already open keeps it: the contact joins that episode (CIN census
    episodes of one child never overlap)."""
    permissions.require(by, Action.OPEN_REFERRAL)
    open_referral = Referral.objects.select_for_update().filter(child=child, status="open").first()
    if open_referral is not None:
        if contact is not None and open_referral.contact_id != contact.pk:
            chronology.add_entry(
                child,
                kind=ChronologyEntry.Kind.REFERRAL,
                happened_on=referred_on,
                summary=f"Contact {contact.reference} joined the open referral of "
                f"{open_referral.referred_on:%-d %B %Y}",
                record=open_referral,
                by=by,
            )
        return open_referral
    last_closed = (
        Referral.objects.filter(child=child, status=Referral.Status.CLOSED)
        .order_by("-closed_on", "-pk")
        .first()
    )
    if last_closed is not None and last_closed.closed_on is not None:
        # Episodes of one child never overlap (CIN census 8820): a contact that arrived while the
        # last episode was still open, and is decided after it closed, opens the next episode the
        # day after that closure.
        referred_on = max(referred_on, last_closed.closed_on + timedelta(days=1))
    previous = re_referral_of(child=child, referred_on=referred_on)
    referral = Referral(
        child=child,
        contact=contact,
        decision=decision,
        referred_on=referred_on,
        referral_source=referral_source,
        primary_need=primary_need,
        is_re_referral=previous is not None,
        previous_referral=previous,
        created_by=by,
    )
    referral.full_clean()
    referral.save()
    timescales.open_due_item(
        rules.ASSESSMENT,
        child=child,
        record=referral,
        start=referred_on,
        summary=f"Child and family assessment for {child.full_name}",
    )
    entries.referred(
        child,
        referral_id=referral.pk,
        need=referral.get_primary_need_display(),
        re_referral=previous is not None,
        on=referred_on,
        by=by,
    ).save()
    audit.log_change(
        by=by, child=child, record=referral, action=Action.OPEN_REFERRAL, summary=str(referral)
    )
    return referral


def schedule_strategy_discussion(*, referral: Referral, decided_on: date, by: User) -> None:
    """Start the strategy discussion clock for a referral decided to need one (local default: the
    same working day)."""
    permissions.require(by, Action.OPEN_REFERRAL)
    timescales.open_due_item(
        rules.STRATEGY_DISCUSSION,
        child=referral.child,
        record=referral,
        start=decided_on,
        summary=f"Strategy discussion for {referral.child.full_name}",
    )


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


@transaction.atomic
def allocate_referral(
    *,
    referral: Referral,
    team: Team,
    worker: User | None,
    direction: str,
    actions: Sequence[tuple[str, User, date]],
    by: User,
) -> Allocation:
    """Allocate a child's episode to a team (and worker) with the manager's direction: what the
    work is for, and specific actions for this child, each with who and by when. A generic
    checklist alone cannot be saved."""
    child = referral.child
    today = timezone.localdate()
    referral = lock_open_episode(referral, on=today)
    permissions.require(by, Action.GIVE_DIRECTION, child)
    holder, _ = holder_of(child)
    if holder is not None and not permissions.manages_team(by, holder):
        raise PermissionDenied(
            f"{holder} holds this case: only its manager or a head of service may reallocate it."
        )
    if not permissions.manages_team(by, team):
        raise PermissionDenied(f"Only a manager of {team} may allocate work to it.")
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
    if not any(not is_standard_action(row.action) for row in directed if row.action):
        errors["actions"] = (
            "Add at least one action written for this child, with who and by when: a generic "
            "checklist alone cannot be saved"
        )
    for row in directed:
        if not row.action:
            errors.setdefault("actions", "Enter what each action is")
        elif len(row.action) > 300:
            errors.setdefault("actions", "An action must be 300 characters or fewer")
        elif row.assignee.pk not in members | {by.pk}:
            errors.setdefault("actions", f"{row.assignee} is not a member of {team}")
        elif row.due_on < today:
            errors.setdefault("actions", "An action cannot be due before today")
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
    rows = [
        DirectionAction(
            allocation=allocation, action=row.action, assignee=row.assignee, due_on=row.due_on
        )
        for row in directed
    ]
    for action in rows:
        action.full_clean(exclude=["allocation"])
    DirectionAction.objects.bulk_create(rows)
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
def complete_direction_action(
    *, action: DirectionAction, done_on: date, by: User
) -> DirectionAction:
    """Mark a directed action done: by whoever it was given to, or anyone working the case."""
    allocation = action.allocation
    child = allocation.child
    if allocation.referral is not None:
        lock_open_episode(allocation.referral, on=done_on)
    if action.assignee_id != by.pk or not permissions.can_see(by, child):
        permissions.require(by, Action.COMPLETE_DIRECTION_ACTION, child)
    locked = DirectionAction.objects.select_for_update().get(pk=action.pk)
    if locked.done_on is not None:
        raise ValidationError(f"This action was already marked done on {locked.done_on:%-d %B %Y}.")
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "The date done cannot be in the future"})
    if done_on < allocation.started_on:
        started = f"{allocation.started_on:%-d %B %Y}"
        raise ValidationError(
            {"done_on": f"The date done cannot be before the allocation ({started})"}
        )
    locked.done_on = done_on
    locked.save(update_fields=["done_on", "updated_at"])
    audit.log_change(
        by=by,
        child=child,
        record=locked,
        action=Action.COMPLETE_DIRECTION_ACTION,
        summary=f"Done: {locked.action}"[:300],
    )
    return locked


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
    *, transfer: TeamTransfer, worker: User | None = None, comment: str = "", by: User
) -> TeamTransfer:
    """Take a child's case into the receiving team, and record how many working days the child
    waited after the assessment (or the request) for it. Not by the person who requested it."""
    locked = _locked_transfer(transfer, action=Action.ACCEPT_TRANSFER, by=by)
    child = locked.child
    holder, _ = holder_of(child)
    if holder is None or holder.pk != locked.from_team_id:
        raise ValidationError(
            f"{locked.from_team} no longer holds this case: decline the transfer instead."
        )
    if worker is not None and not worker.memberships.filter(team=locked.to_team).exists():
        raise ValidationError({"worker": f"{worker} is not a member of {locked.to_team}"})
    today = timezone.localdate()
    allocate(
        child=child,
        team=locked.to_team,
        worker=worker,
        started_on=today,
        by=by,
        referral=locked.referral,
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
    return locked


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


# The CIN census reasons for closure after an assessment alone (RC8, RC9): the closure's checks
# and the census rules read them.
CLOSED_AFTER_ASSESSMENT = frozenset({"RC8", "RC9"})


def end_episode(
    *, referral: Referral, closed_on: date, reason: str, is_nfa: bool, by: User
) -> Referral:
    """Close the child's episode (CIN census closure date and reason) on its authorised closure:
    transfers still waiting are declined, the allocation ends on the closure day. Call with the
    episode locked (`lock_open_episode`), from the closure's authorisation."""
    now = timezone.now()
    for transfer in TeamTransfer.objects.select_for_update().filter(
        referral=referral, status=TeamTransfer.Status.PROPOSED
    ):
        move(transfer, TeamTransfer.Status.RETURNED)
        transfer.reviewed_at = now
        transfer.reviewed_by = by
        transfer.manager_comment = "The episode closed."
        transfer.save()
    allocation = (
        Allocation.objects.select_for_update().filter(child=referral.child, ended_on=None).first()
    )
    if allocation is not None:
        allocation.ended_on = closed_on
        allocation.save(update_fields=["ended_on", "updated_at"])
    move(referral, Referral.Status.CLOSED)
    referral.closed_on = closed_on
    referral.closure_reason = reason
    referral.is_nfa = is_nfa
    referral.full_clean()
    referral.save(update_fields=["status", "closed_on", "closure_reason", "is_nfa", "updated_at"])
    return referral

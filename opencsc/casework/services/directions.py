"""Directed actions from direction to done: what a manager directs on a child's case (what, who,
by when), and each action's end: done (who, when, what was done), reassigned to another worker, or
withdrawn with a reason. Every open action has an open due item of `rules.DIRECTED_ACTION`, owned
by its assignee on the holding team, due on the date the manager set.

The direction follows the child: when the case moves to another team (a transfer) or another
allocation (a reallocation), the manager taking it decides each open action with
`handover_problems` and `hand_over` (reassign it to a worker of the receiving team, record it done,
or withdraw it with a reason) in the same transaction as the move; nothing is ever withdrawn
silently. Closing the episode withdraws what is still open with the reason "Case closed"."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Team, User
from opencsc.audit import services as audit
from opencsc.casework.models import Allocation, DirectionAction
from opencsc.casework.services.locks import lock_open_episode
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

REASSIGN = "reassign"
DONE = "done"
WITHDRAW = "withdraw"
CASE_CLOSED = "Case closed"


class Resolution(NamedTuple):
    """What the manager taking a case decides for one open action: reassign it (to `assignee`,
    who may be the person already doing it), record it done (`note`: what was done) or withdraw
    it (`note`: why)."""

    choice: str
    assignee: User | None = None
    note: str = ""


class NewAction(NamedTuple):
    """One action to direct: what, who does it, by when."""

    action: str
    assignee: User
    due_on: date


# Directing


def direct(
    *, allocation: Allocation, directed: Sequence[NewAction], by: User, today: date
) -> list[DirectionAction]:
    """Save the actions a manager directs on `allocation` (checked by the caller), each with its
    due item owned by the assignee on the holding team, due on the date the manager set."""
    rows = [
        DirectionAction(
            allocation=allocation,
            action=row.action,
            assignee=row.assignee,
            due_on=row.due_on,
            directed_by=by,
        )
        for row in directed
    ]
    for row in rows:
        row.full_clean(exclude=["allocation"])
    DirectionAction.objects.bulk_create(rows)
    for row in rows:
        item = timescales.open_due_item(
            rules.DIRECTED_ACTION,
            child=allocation.child,
            record=row,
            start=today,
            owner=row.assignee,
            team=allocation.team,
        )
        timescales.agree_due_date(item=item, due_on=row.due_on, by=by)
    return rows


@transaction.atomic
def direct_action(
    *, allocation: Allocation, action: str, assignee: User, due_on: date, by: User
) -> DirectionAction:
    """Direct one more action on a case a manager's team holds: what, who (a member of the
    holding team, or the manager), by when."""
    today = timezone.localdate()
    allocation = _locked_open_allocation(allocation, today=today)
    _require_manager_of(by, allocation, Action.GIVE_DIRECTION)
    text = action.strip()
    errors: dict[str, str] = {}
    if not text:
        errors["action"] = "Enter what the action is"
    elif len(text) > 300:
        errors["action"] = "An action must be 300 characters or fewer"
    if not _may_do_work_of(assignee, allocation.team, manager=by):
        errors["assignee"] = f"{assignee} is not a member of {allocation.team}"
    if due_on < today:
        errors["due_on"] = "An action cannot be due before today"
    if errors:
        raise ValidationError(errors)
    (row,) = direct(
        allocation=allocation, directed=[NewAction(text, assignee, due_on)], by=by, today=today
    )
    audit.log_change(
        by=by,
        child=allocation.child,
        record=row,
        action=Action.GIVE_DIRECTION,
        summary=f"Action directed to {assignee}, due {due_on:%-d %B %Y}",
    )
    return row


# One action's end: done, reassigned or withdrawn


@transaction.atomic
def complete_action(
    *, action: DirectionAction, done_on: date, note: str, by: User
) -> DirectionAction:
    """Record a directed action done (who, when, what was done): by whoever it was given to, or
    anyone working the case. Closes its due item."""
    allocation = action.allocation
    child = allocation.child
    if allocation.referral is not None:
        lock_open_episode(allocation.referral, on=done_on)
    if action.assignee_id != by.pk or not permissions.can_see(by, child):
        permissions.require(by, Action.COMPLETE_DIRECTION_ACTION, child)
    locked = _locked_open_action(action)
    errors: dict[str, str] = {}
    if done_on > timezone.localdate():
        errors["done_on"] = "The date done cannot be in the future"
    elif done_on < locked.allocation.started_on:
        started = f"{locked.allocation.started_on:%-d %B %Y}"
        errors["done_on"] = f"The date done cannot be before the allocation ({started})"
    if not note.strip():
        errors["done_note"] = "Enter what was done"
    if errors:
        raise ValidationError(errors)
    _mark_done(locked, on=done_on, note=note, by=by)
    return locked


@transaction.atomic
def reassign_action(
    *, action: DirectionAction, assignee: User, reason: str, by: User
) -> DirectionAction:
    """Give an open directed action to another worker of the holding team (or the manager), with
    the reason; its due item goes with it. By a manager of the team holding the case."""
    locked = _locked_for_manager(action, by=by, kind=Action.REASSIGN_DIRECTION_ACTION)
    errors: dict[str, str] = {}
    if not _may_do_work_of(assignee, locked.allocation.team, manager=by):
        errors["assignee"] = f"{assignee} is not a member of {locked.allocation.team}"
    elif assignee.pk == locked.assignee_id:
        errors["assignee"] = f"{assignee} already has this action: choose someone else"
    if not reason.strip():
        errors["reason"] = "Enter why the action is reassigned"
    if errors:
        raise ValidationError(errors)
    _reassign(locked, to=assignee, allocation=locked.allocation, reason=reason, by=by)
    return locked


@transaction.atomic
def withdraw_action(*, action: DirectionAction, reason: str, by: User) -> DirectionAction:
    """Withdraw an open directed action that is no longer needed, saying why. By a manager of
    the team holding the case; closes its due item."""
    locked = _locked_for_manager(action, by=by, kind=Action.WITHDRAW_DIRECTION_ACTION)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the action is withdrawn"})
    _withdraw(locked, on=timezone.localdate(), reason=reason, by=by)
    return locked


# Handing the direction over when the case moves


def open_actions(allocation: Allocation | None) -> list[DirectionAction]:
    """The allocation's actions neither done nor withdrawn, locked, oldest due first."""
    if allocation is None:
        return []
    return list(
        DirectionAction.objects.select_for_update(of=("self",))
        .filter(allocation=allocation, done_on=None, withdrawn_on=None)
        .select_related("assignee")
        .order_by("due_on", "pk")
    )


def handover_problems(
    actions: Sequence[DirectionAction],
    resolutions: Mapping[int, Resolution],
    *,
    members: set[int],
    team: Team,
) -> dict[str, str]:
    """What is wrong with the manager's decisions on the open actions of a case they take, keyed
    by the form field beside each action (`resolve_<id>`, `reassign_to_<id>`, `note_<id>`): every
    action reassigned to a member of `team` (`members`), recorded done with what was done, or
    withdrawn with a reason."""
    errors: dict[str, str] = {}
    for row in actions:
        resolution = resolutions.get(row.pk)
        if resolution is None or resolution.choice not in {REASSIGN, DONE, WITHDRAW}:
            errors[f"resolve_{row.pk}"] = (
                f"Choose whether to reassign, record as done or withdraw “{row.action}”"
            )
        elif resolution.choice == REASSIGN:
            if resolution.assignee is None:
                errors[f"reassign_to_{row.pk}"] = f"Select who does “{row.action}” now"
            elif resolution.assignee.pk not in members:
                errors[f"reassign_to_{row.pk}"] = f"{resolution.assignee} is not a member of {team}"
        elif not resolution.note.strip():
            errors[f"note_{row.pk}"] = (
                f"Enter what was done for “{row.action}”"
                if resolution.choice == DONE
                else f"Enter why “{row.action}” is withdrawn"
            )
    return errors


def hand_over(
    actions: Sequence[DirectionAction],
    resolutions: Mapping[int, Resolution],
    *,
    to: Allocation,
    why: str,
    by: User,
) -> None:
    """Carry out the manager's decisions (checked by `handover_problems`) as the case moves to
    the allocation `to`: reassigned actions move to it with their due items."""
    today = timezone.localdate()
    for row in actions:
        resolution = resolutions[row.pk]
        if resolution.choice == DONE:
            _mark_done(row, on=today, note=resolution.note, by=by)
        elif resolution.choice == WITHDRAW:
            _withdraw(row, on=today, reason=resolution.note, by=by)
        else:
            assignee = resolution.assignee or row.assignee  # checked by handover_problems
            _reassign(row, to=assignee, allocation=to, reason=resolution.note or why, by=by)


def withdraw_open_actions(allocation: Allocation, *, on: date, reason: str, by: User) -> int:
    """Withdraw every open action of an allocation that ends with the episode (closure), with the
    reason; returns how many."""
    rows = open_actions(allocation)
    for row in rows:
        _withdraw(row, on=on, reason=reason, by=by)
    return len(rows)


# The writes each end shares


def _mark_done(row: DirectionAction, *, on: date, note: str, by: User) -> None:
    row.done_on, row.done_by, row.done_note = on, by, note.strip()
    row.full_clean(exclude=["allocation"])
    row.save(update_fields=["done_on", "done_by", "done_note", "updated_at"])
    timescales.close_due_items(record=row, by=by, rule=rules.DIRECTED_ACTION, note="Done")
    audit.log_change(
        by=by,
        child=row.allocation.child,
        record=row,
        action=Action.COMPLETE_DIRECTION_ACTION,
        summary=f"Done: {row.action}"[:300],
    )


def _withdraw(row: DirectionAction, *, on: date, reason: str, by: User) -> None:
    row.withdrawn_on, row.withdrawn_by, row.withdrawn_reason = on, by, reason.strip()
    row.full_clean(exclude=["allocation"])
    row.save(update_fields=["withdrawn_on", "withdrawn_by", "withdrawn_reason", "updated_at"])
    timescales.close_due_items(record=row, by=by, rule=rules.DIRECTED_ACTION, note="Withdrawn")
    audit.log_change(
        by=by,
        child=row.allocation.child,
        record=row,
        action=Action.WITHDRAW_DIRECTION_ACTION,
        summary=f"Withdrawn: {reason.strip()}"[:300],
    )


def _reassign(
    row: DirectionAction, *, to: User, allocation: Allocation, reason: str, by: User
) -> None:
    row.assignee, row.allocation = to, allocation
    row.save(update_fields=["assignee", "allocation", "updated_at"])
    timescales.reassign_record_items(
        record=row, rule=rules.DIRECTED_ACTION, owner=to, team=allocation.team
    )
    audit.log_change(
        by=by,
        child=allocation.child,
        record=row,
        action=Action.REASSIGN_DIRECTION_ACTION,
        summary=f"Reassigned to {to}: {reason.strip()}"[:300],
    )


def _may_do_work_of(user: User, team: Team, *, manager: User) -> bool:
    """Whether `user` may be given an action on `team`'s case: a member, or the manager."""
    return user.pk == manager.pk or user.memberships.filter(team=team).exists()


def _locked_open_allocation(allocation: Allocation, *, today: date) -> Allocation:
    if allocation.referral is not None:
        lock_open_episode(allocation.referral, on=today)
    locked = (
        Allocation.objects.select_for_update(of=("self",))
        .select_related("child", "team")
        .get(pk=allocation.pk)
    )
    if locked.ended_on is not None:
        raise ValidationError(
            f"This allocation ended on {locked.ended_on:%-d %B %Y}: direct the current one."
        )
    return locked


def _require_manager_of(by: User, allocation: Allocation, action: Action) -> None:
    permissions.require(by, action, allocation.child)
    if not permissions.manages_team(by, allocation.team):
        raise PermissionDenied(
            f"{allocation.team} holds this case: only its manager or a head of service may "
            "change its direction."
        )


def _locked_for_manager(action: DirectionAction, *, by: User, kind: Action) -> DirectionAction:
    """The action, locked, still open on the current allocation, for a manager of its team."""
    if action.allocation.referral is not None:
        lock_open_episode(action.allocation.referral, on=timezone.localdate())
    locked = _locked_open_action(action)
    if locked.allocation.ended_on is not None:
        raise ValidationError(
            f"This action's allocation ended on {locked.allocation.ended_on:%-d %B %Y}."
        )
    _require_manager_of(by, locked.allocation, kind)
    return locked


def _locked_open_action(action: DirectionAction) -> DirectionAction:
    """The action, locked, still open (neither done nor withdrawn)."""
    locked = (
        DirectionAction.objects.select_for_update(of=("self",))
        .select_related("allocation__child", "allocation__team", "assignee")
        .get(pk=action.pk)
    )
    if locked.done_on is not None:
        raise ValidationError(
            f"This action was already recorded done on {locked.done_on:%-d %B %Y}."
        )
    if locked.withdrawn_on is not None:
        raise ValidationError(
            f"This action was withdrawn on {locked.withdrawn_on:%-d %B %Y}: "
            f"{locked.withdrawn_reason}"
        )
    return locked

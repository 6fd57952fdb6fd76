"""Closing a child's episode: the worker proposes it with the CIN census reason, a manager of the
team holding the case authorises or returns it. The census checks come from record.census; what
the closure ends, each app ends through its own services (record.contributors)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.casework import entries as casework_entries
from opencsc.casework import services as casework
from opencsc.casework.models import Closure, Referral
from opencsc.casework.selectors import episode_due_items
from opencsc.casework.services import lock_open_episode
from opencsc.core.codes import cin_choices
from opencsc.core.states import move
from opencsc.permissions import Action
from opencsc.record import census
from opencsc.record.contributors import CONTRIBUTORS
from opencsc.timescales import rules
from opencsc.timescales import services as timescales


@transaction.atomic
def propose_closure(
    *,
    referral: Referral,
    closed_on: date,
    reason: str,
    summary: str,
    open_items_note: str,
    by: User,
) -> Closure:
    """Propose closing the child's episode with its CIN census reason; a manager authorises it.
    Deadlines still open must be explained."""
    child = referral.child
    referral = lock_open_episode(referral, on=closed_on)
    permissions.require(by, Action.PROPOSE_CLOSURE, child)
    if Closure.objects.filter(referral=referral, status=Closure.Status.PROPOSED).exists():
        raise ValidationError("A closure of this episode is already waiting for a manager.")
    # Proposing again answers the manager's return: it no longer waits in the worker's tray.
    casework.close_returned(
        referral.closures.filter(status=Closure.Status.RETURNED),
        by=by,
        note="Closure proposed again",
    )
    problems = census.closure_problems(referral, closed_on=closed_on, reason=reason)
    if reason not in dict(cin_choices("reason_for_closure")):
        problems["reason"] = ["Select the reason for closure"]
    if not summary.strip():
        problems.setdefault("summary", []).append(
            "Enter why the work is ending and what the child's life is like now"
        )
    if episode_due_items(child).exists() and not open_items_note.strip():
        problems.setdefault("open_items_note", []).append(
            "Deadlines are still open on this episode: explain why they need no more work"
        )
    if problems:
        raise ValidationError(problems)
    closure = Closure(
        referral=referral,
        closed_on=closed_on,
        reason=reason,
        summary=summary.strip(),
        open_items_note=open_items_note.strip(),
        proposed_by=by,
        proposed_at=timezone.now(),
    )
    closure.full_clean()
    closure.save()
    audit.log_change(
        by=by,
        child=child,
        record=closure,
        action=Action.PROPOSE_CLOSURE,
        summary=closure.get_reason_display(),
    )
    return closure


def _locked_closure(closure: Closure, *, by: User, action: Action) -> tuple[Referral, Closure]:
    """The closure's episode and the closure, locked, still proposed, reviewed by a manager of
    the team holding the case (never the worker who proposed it: the table's four-eyes rule)."""
    referral = lock_open_episode(closure.referral)
    locked = (
        Closure.objects.select_for_update(of=("self",))
        .select_related("reviewed_by")
        .get(pk=closure.pk)
    )
    if locked.status != Closure.Status.PROPOSED:
        raise ValidationError(
            f"This closure was already {locked.get_status_display().lower()} by "
            f"{locked.reviewed_by}."
        )
    referral.child = closure.referral.child
    locked.referral = referral
    permissions.require(by, action, locked)
    return referral, locked


@transaction.atomic
def authorise_closure(*, closure: Closure, by: User, comment: str = "") -> Closure:
    """Close the child's episode: end its child in need plan and allocation on the closure day,
    close every open deadline with the worker's explanation, and record the CIN census closure
    date and reason."""
    referral, locked = _locked_closure(closure, by=by, action=Action.AUTHORISE_CLOSURE)
    child = referral.child
    if locked.closed_on > timezone.localdate():
        raise ValidationError("The closure date cannot be in the future.")
    problems = census.closure_problems(referral, closed_on=locked.closed_on, reason=locked.reason)
    if problems:
        raise ValidationError([message for messages in problems.values() for message in messages])
    closed_on = locked.closed_on
    label = locked.get_reason_display()
    locked.referral = referral
    for app in CONTRIBUTORS:
        app.end_for_closure(locked, by=by)
    now = timezone.now()
    note = locked.open_items_note or f"The episode closed: {label}"
    timescales.close_open_items(
        child=child, by=by, note=note, except_rules=rules.OUTSIDE_THE_EPISODE
    )
    casework.end_episode(
        referral=referral,
        closed_on=closed_on,
        reason=locked.reason,
        is_nfa=not census.census_records(referral),
        by=by,
    )
    move(locked, Closure.Status.AUTHORISED)
    locked.reviewed_by = by
    locked.reviewed_at = now
    locked.manager_comment = comment.strip()
    locked.save()
    casework_entries.episode_closed(
        child, closure_id=locked.pk, reason=label, on=closed_on, by=by
    ).save()
    audit.log_change(
        by=by,
        child=child,
        record=locked,
        action=Action.AUTHORISE_CLOSURE,
        summary=label,
    )
    return locked


@transaction.atomic
def return_closure(*, closure: Closure, comment: str, by: User) -> Closure:
    """Send a proposed closure back to the worker with the manager's comments."""
    referral, locked = _locked_closure(closure, by=by, action=Action.RETURN_CLOSURE)
    if not comment.strip():
        raise ValidationError({"comment": "Enter what needs doing before the episode can close"})
    move(locked, Closure.Status.RETURNED)
    locked.reviewed_by = by
    locked.reviewed_at = timezone.now()
    locked.manager_comment = comment.strip()
    locked.save()
    audit.log_change(
        by=by,
        child=referral.child,
        record=locked,
        action=Action.RETURN_CLOSURE,
        summary=comment.strip(),
    )
    team, _ = casework.holder_of(referral.child)
    casework.return_to_proposer(
        locked,
        proposed_by=locked.proposed_by,
        child=referral.child,
        team=team,
        summary="Closure returned",
        by=by,
    )
    return locked

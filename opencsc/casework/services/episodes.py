"""The child's episode: the lock every pathway write takes first, and ending an episode."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.accounts.models import User
from opencsc.casework.models import Allocation, Referral, TeamTransfer
from opencsc.core.states import move


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

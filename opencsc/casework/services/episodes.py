"""The child's episode: the lock every pathway write takes first, and ending an episode."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.accounts.models import User
from opencsc.casework.models import Allocation, Referral, TeamTransfer
from opencsc.core.states import move
from opencsc.people.models import Person


def lock_children(children: Iterable[Person | int]) -> None:
    """Lock the children's records for the rest of this transaction: the lock every write to a
    child's episode takes first, whether the episode exists yet or not.

    A referral's row cannot be locked before it exists, so opening an episode locks the child: two
    decisions authorised at once for one child queue here, and the second finds the episode the
    first opened. Several children are locked in one statement, in order of id, so two writes
    naming the same siblings in either order queue instead of deadlocking. The lock is FOR NO KEY
    UPDATE: it queues the writers of the child's episode, never a row that merely refers to the
    child (a chronology entry, a due item, an access log row)."""
    ids = sorted({child if isinstance(child, int) else child.pk for child in children})
    if ids:
        list(
            Person.objects.select_for_update(no_key=True)
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def lock_open_episode(referral: Referral, *, on: date | None = None) -> Referral:
    """Lock the child's episode for a write and check it can take a record dated `on`.

    Every pathway service calls this first, inside its transaction: nothing is recorded on an
    episode after it closed (CIN census 8565), nor dated before its referral or in the future. The
    lock is the child's (`lock_children`), then the referral's row, always in that order: a
    closure, a late record, an allocation and a decision opening the child's next episode queue
    behind each other."""
    lock_children([referral.child_id])
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

"""The lock every write to a child's episode takes first: the child's, then the referral's."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.casework.models import Referral
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

"""Reads for casework: a child's episode and who holds it."""

from opencsc.casework.models import Allocation, Referral
from opencsc.people.models import Person


def open_episode(child: Person) -> Referral | None:
    """The child's open episode (referral), if any: there is at most one."""
    return Referral.objects.filter(child=child, status=Referral.Status.OPEN).first()


def current_allocation(child: Person) -> Allocation | None:
    """The child's open allocation, with its team and worker."""
    return (
        Allocation.objects.filter(child=child, ended_on=None)
        .select_related("team", "worker")
        .first()
    )

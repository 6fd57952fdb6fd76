"""Casework's part of the involvement flag (`people.involvement`): the team and worker holding a
child's case, and whether an episode (referral) is open. Registered in CaseworkConfig.ready."""

from collections.abc import Collection

from opencsc.casework.models import Allocation, Referral
from opencsc.people.involvement import Involvement, register_source


def holding(ids: Collection[int], found: dict[int, Involvement]) -> None:
    """The open allocation (team and worker) and the open referral of each child: two queries."""
    allocations = Allocation.objects.filter(child_id__in=ids, ended_on=None).select_related(
        "team", "worker"
    )
    for allocation in allocations:
        if allocation.child_id in found:
            found[allocation.child_id].team = allocation.team
            found[allocation.child_id].worker = allocation.worker
    open_referrals = Referral.objects.filter(child_id__in=ids, status=Referral.Status.OPEN)
    for child_id in open_referrals.values_list("child_id", flat=True):
        if child_id in found:
            found[child_id].episode_open = True


def register() -> None:
    register_source("casework", holding)

"""Casework's part of the involvement flag (`people.involvement`): the team and worker holding a
child's case, whether an episode (referral) is open, and for an adult the teams holding the cases
of the children they are related to. Registered in CaseworkConfig.ready."""

from collections.abc import Collection

from django.db.models import Q

from opencsc.casework.models import Allocation, Referral
from opencsc.people.involvement import Involvement, register_source
from opencsc.people.models import Person, Relationship


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


def family_cases(ids: Collection[int], found: dict[int, Involvement]) -> None:
    """For each adult, the teams holding the open cases of the children they are related to
    (either way): two queries. A restricted child's case is never counted, so the flag cannot
    tell anyone that such a child exists; no child is named."""
    links = Relationship.objects.filter(
        Q(from_person_id__in=ids, from_person__kind=Person.Kind.ADULT)
        | Q(to_person_id__in=ids, to_person__kind=Person.Kind.ADULT)
    ).values_list("from_person_id", "to_person_id")
    adults_of: dict[int, set[int]] = {}
    for one, other in links:
        for adult, child in ((one, other), (other, one)):
            if adult in found:
                adults_of.setdefault(child, set()).add(adult)
    held = Allocation.objects.filter(
        child_id__in=sorted(adults_of) or [0],
        ended_on=None,
        child__is_restricted=False,
        child__kind__in=[Person.Kind.CHILD, Person.Kind.UNBORN],
    ).values_list("child_id", "team__name")
    for child_id, team_name in held.order_by("team__name"):
        for adult in adults_of.get(child_id, ()):
            teams = found[adult].family_teams
            if team_name not in teams:
                teams.append(team_name)


def register() -> None:
    register_source("casework", holding)
    register_source("casework-family", family_cases)

"""Who opens a private fostering arrangement (docs/private-fostering.md, docs/permissions.md).

The fostering team holding an arrangement (its social workers, practitioners and managers) opens
it, and the child's record through it (a person grant, written into the access log); a head of
service and the reading roles open every one; other staff open it when they may open the child's
record. Partner agencies, administrators, business support and return interview officers open
none. A restricted child is opened only by the staff named on the record. Registered in
PrivateFosteringConfig.ready.
"""

from collections.abc import Collection
from typing import Any

from django.db.models import Model, Q, QuerySet

from opencsc import permissions
from opencsc.accounts.models import Role, User
from opencsc.people.models import Person
from opencsc.permissions import CASE_HOLDING_ROLES, Scope, manages_team, team_ids
from opencsc.privatefostering.models import (
    Arrangement,
    FosteringVisit,
    HouseholdMember,
    SuitabilityCheck,
    SuitabilityDecision,
)

RELATED = ("child", "team", "recorded_by")


def _named(user: User) -> QuerySet[Any, Any]:
    return Person.named_staff.through.objects.filter(user_id=user.pk).values("person_id")


def in_holding_team(user: User) -> Q:
    """Arrangements held by one of `user`'s teams, the child unrestricted or naming `user`."""
    return Q(team_id__in=team_ids(user)) & (
        Q(child__is_restricted=False) | Q(child_id__in=_named(user))
    )


def visible_arrangements(user: User) -> QuerySet[Arrangement]:
    """The arrangements `user` may list and open."""
    if not user.is_authenticated or not user.is_active:
        return Arrangement.objects.none()
    if user.role in (
        Role.PARTNER_AGENCY,
        Role.ADMINISTRATOR,
        Role.BUSINESS_SUPPORT,
        Role.RETURN_INTERVIEW_OFFICER,
    ):
        return Arrangement.objects.none()
    condition = permissions.visible_child_condition(user, "child__")
    if user.role in CASE_HOLDING_ROLES:
        condition |= in_holding_team(user)
    return Arrangement.objects.filter(condition)


def may_open(user: User, record: Model) -> bool:
    arrangement = _arrangement_of(record)
    return visible_arrangements(user).filter(pk=arrangement.pk).exists()


def _arrangement_of(record: Model) -> Arrangement:
    if isinstance(record, Arrangement):
        return record
    arrangement = getattr(record, "arrangement", None)
    if not isinstance(arrangement, Arrangement):
        raise TypeError(f"{type(record).__name__} is not part of an arrangement.")
    return arrangement


def children_of(record: Model) -> list[Person]:
    return [_arrangement_of(record).child]


def holds(user: User, record: Model) -> bool:
    """Whether `user` is in the fostering team holding the arrangement (a head of service: every
    team)."""
    arrangement = _arrangement_of(record)
    return user.role == Role.HEAD_OF_SERVICE or arrangement.team_id in team_ids(user)


def manages(user: User, record: Model) -> bool:
    """Whether `user` manages the fostering team holding the arrangement."""
    return manages_team(user, _arrangement_of(record).team)


def opened_through_arrangement(user: User, ids: Collection[int]) -> dict[int, str]:
    """The fostering team holding an arrangement opens the child's record through it (after the
    arrangement ends too, as a team that held a closed case still reads it)."""
    if user.role not in CASE_HOLDING_ROLES:
        return {}
    rows = Arrangement.objects.filter(
        child_id__in=list(ids),
        team_id__in=team_ids(user),
        child__is_restricted=False,
    ).values_list("child_id", "pk")
    return {
        child_id: f"Opened through private fostering arrangement PF{pk:07d}"
        for child_id, pk in rows
    }


def register() -> None:
    for model in (
        Arrangement,
        HouseholdMember,
        FosteringVisit,
        SuitabilityCheck,
        SuitabilityDecision,
    ):
        related = RELATED if model is Arrangement else ("arrangement__child", "arrangement__team")
        permissions.register_read_scope(
            model, may_open=may_open, children=children_of, related=related
        )
        permissions.register_scope(Scope.HOLDING_TEAM, holds, model=model)
        permissions.register_scope(Scope.MANAGES_TEAM, manages, model=model)
    permissions.register_person_grant("privatefostering", opened_through_arrangement)

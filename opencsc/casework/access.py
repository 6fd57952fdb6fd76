"""Casework's part of the permission table's scopes: who works and who manages a child's case, and
who answers a transfer. Registered with the engine in CaseworkConfig.ready."""

from django.db.models import Q

from opencsc import permissions
from opencsc.accounts.models import Role, User
from opencsc.casework.models import Allocation, TeamTransfer
from opencsc.people.models import Person, PersonWarning, Relationship
from opencsc.permissions import Scope


def holding_team_id(child: Person) -> int | None:
    """The team holding `child`'s case now, or None; cached on the child for the request."""
    cached: dict[int, int | None] = getattr(child, "_opencsc_holding_team", {})
    if child.pk not in cached:
        team_id = (
            Allocation.objects.filter(child_id=child.pk, ended_on=None)
            .values_list("team_id", flat=True)
            .first()
        )
        cached = {child.pk: team_id}
        child._opencsc_holding_team = cached  # type: ignore[attr-defined]
    return cached[child.pk]


def remember_holding_team(child: Person, team_id: int | None) -> None:
    """Cache the team holding `child`'s case, read with its allocation (`current_allocation`)."""
    child._opencsc_holding_team = {child.pk: team_id}  # type: ignore[attr-defined]


def remember_holding_teams(children: list[Person]) -> None:
    """Read the teams holding `children`'s cases in one query and cache each on its child, so
    checking what a user may do for several siblings costs the same whatever their number."""
    held = dict(
        # Run with no children too (the sentinel id 0), so a page's queries do not depend on it.
        Allocation.objects.filter(
            child_id__in=[child.pk for child in children] or [0], ended_on=None
        ).values_list("child_id", "team_id")
    )
    for child in children:
        child._opencsc_holding_team = {child.pk: held.get(child.pk)}  # type: ignore[attr-defined]


def works_on(user: User, child: Person) -> bool:
    """Whether `user` is on the team holding `child`'s case (the MASH while no team holds it), or
    a head of service. The table's roles say whether they record or manage."""
    if user.role == Role.HEAD_OF_SERVICE:
        return True
    if child.kind == Person.Kind.ADULT:
        return _works_on_adult(user, child)
    team_id = holding_team_id(child)
    if team_id is None:
        return permissions.is_in_mash(user)
    return team_id in permissions.team_ids(user)


def _works_on_adult(user: User, adult: Person) -> bool:
    """An adult's record is worked by whoever works the case of a child linked to them (a parent
    moving house), and by the MASH."""
    if permissions.is_in_mash(user):
        return True
    linked = Relationship.objects.filter(
        Q(from_person=adult, to_person__kind__in=[Person.Kind.CHILD, Person.Kind.UNBORN])
        | Q(to_person=adult, from_person__kind__in=[Person.Kind.CHILD, Person.Kind.UNBORN])
    ).values_list("from_person_id", "to_person_id")
    children = {pk for pair in linked for pk in pair} - {adult.pk}
    return Allocation.objects.filter(
        child_id__in=children, ended_on=None, team_id__in=permissions.team_ids(user)
    ).exists()


def answers_transfer(user: User, transfer: TeamTransfer) -> bool:
    """Whether `user` manages the team a transfer is offered to."""
    return permissions.manages_team(user, transfer.to_team)


def may_open_warning(user: User, warning: PersonWarning) -> bool:
    """A warning opens for whoever may open the record of the person it is on."""
    return permissions.can_see(user, warning.person)


def register() -> None:
    permissions.register_read_scope(
        PersonWarning,
        may_open=may_open_warning,
        children=lambda warning: [warning.person],
        related=("person", "set_by"),
    )
    permissions.register_scope(Scope.WORKS_CASE, works_on)
    permissions.register_scope(Scope.MANAGES_CASE, works_on)
    permissions.register_scope(Scope.MANAGES_TEAM, answers_transfer, model=TeamTransfer)

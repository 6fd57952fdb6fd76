"""Who holds a child's case and which MASH a record goes to: read by every app that tells the
holding team of something new about a child (a contact, a missing episode) or hands the MASH what
no team holds."""

from django.core.exceptions import ValidationError

from opencsc.accounts.models import Role, Team, User
from opencsc.casework.models import Allocation
from opencsc.people.models import Person


def holders(child: Person) -> tuple[Team | None, list[User]]:
    """The team holding `child`'s case (an open allocation outside the MASH), and the people to
    tell: the allocated worker, then the team's managers."""
    allocation = (
        Allocation.objects.filter(child=child, ended_on=None)
        .exclude(team__kind=Team.Kind.MASH)
        .select_related("team", "worker")
        .first()
    )
    if allocation is None:
        return None, []
    people = [allocation.worker] if allocation.worker and allocation.worker.is_active else []
    managers = User.objects.filter(
        memberships__team=allocation.team, role=Role.TEAM_MANAGER, is_active=True
    ).order_by("pk")
    people += [manager for manager in managers if manager not in people]
    return allocation.team, people


def front_door_team(user: User) -> Team:
    """The MASH a record made by `user` goes to: their own MASH team, or the council's."""
    teams = Team.objects.filter(kind=Team.Kind.MASH, is_active=True).order_by("pk")
    team = teams.filter(memberships__user=user).first() or teams.first()
    if team is None:
        raise ValidationError("There is no MASH team: an administrator must add one first.")
    return team

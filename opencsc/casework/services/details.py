"""A child's details changed: people.services changes them (one path, audited, with history);
casework tells the holding manager when the change is to who the child is (date of birth, NHS
number, UPN) while the child's episode is open, since every record of the episode names them."""

from django.db import transaction
from django.utils import timezone

from opencsc.accounts.models import Role, Team, User
from opencsc.casework.models import Referral
from opencsc.casework.services.allocation import holder_of
from opencsc.people import services as people
from opencsc.people.models import Person
from opencsc.timescales import rules
from opencsc.timescales import services as timescales


def _holding_team(child: Person) -> Team | None:
    """The team holding the child's case; the MASH while the open episode waits for a team."""
    team, _worker = holder_of(child)
    if team is not None:
        return team
    return Team.objects.filter(kind=Team.Kind.MASH, is_active=True).order_by("pk").first()


def _manager_of(team: Team) -> User | None:
    return (
        User.objects.filter(memberships__team=team, role=Role.TEAM_MANAGER, is_active=True)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def change_child_details(
    *, person: Person, changes: dict[str, object], reason: str, by: User
) -> people.ChangedDetails:
    """Change a person's details (`people.services.change_person_details`); a change of date of
    birth, NHS number or UPN on a child with an open episode opens an alert for the holding
    team's manager (`rules.IDENTITY_CHANGED`), once while it is open. The alert names no one."""
    changed = people.change_person_details(person=person, changes=changes, reason=reason, by=by)
    child = changed.person
    if not (child.is_child and changed.changes_identity):
        return changed
    if not Referral.objects.filter(child=child, status=Referral.Status.OPEN).exists():
        return changed
    if timescales.has_open_item(rules.IDENTITY_CHANGED, record=child):
        return changed  # the manager has not yet seen the last one: the history shows both
    team = _holding_team(child)
    timescales.open_due_item(
        rules.IDENTITY_CHANGED,
        child=child,
        record=child,
        start=timezone.localdate(),
        team=team,
        owner=_manager_of(team) if team is not None else None,
        summary="Date of birth or identifier changed: check the history of the child's details",
    )
    return changed

"""Writes for casework."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from opencsc import permissions
from opencsc.accounts.models import Team, User
from opencsc.audit import services as audit
from opencsc.casework.models import Allocation
from opencsc.chronology import services as chronology
from opencsc.chronology.models import ChronologyEntry
from opencsc.people.models import Person
from opencsc.permissions import Action


@transaction.atomic
def allocate(
    *, child: Person, team: Team, worker: User | None, started_on: date, by: User
) -> Allocation:
    """Give a child's case to a team (and worker), ending any open allocation the day it starts."""
    permissions.require(by, Action.ALLOCATE, child)
    if not child.is_child:
        raise ValidationError("Only a child's case can be allocated.")
    if worker is not None and not worker.memberships.filter(team=team).exists():
        raise ValidationError(f"{worker} is not a member of {team}.")
    current = Allocation.objects.select_for_update().filter(child=child, ended_on=None).first()
    if current is not None and started_on < current.started_on:
        raise ValidationError(
            {
                "started_on": "The new allocation cannot start before the current one "
                f"({current.started_on:%-d %B %Y})"
            }
        )
    if current is not None:
        current.ended_on = started_on
        current.save(update_fields=["ended_on", "updated_at"])
    allocation = Allocation(
        child=child, team=team, worker=worker, started_on=started_on, allocated_by=by
    )
    allocation.full_clean()
    allocation.save()
    holder = f"{team} ({worker})" if worker else str(team)
    chronology.add_entry(
        child,
        kind=ChronologyEntry.Kind.ALLOCATED,
        happened_on=started_on,
        summary=f"Case allocated to {holder}",
        record=allocation,
        by=by,
    )
    audit.log_change(
        by=by, child=child, record=allocation, action=Action.ALLOCATE.value, summary=holder
    )
    return allocation

"""What happened: each child's chronology, and staff opening records (the access log)."""

from collections.abc import Callable
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType

from opencsc.accounts.models import Team, User
from opencsc.audit import services as audit
from opencsc.audit.models import AccessLog
from opencsc.casework import entries as casework_entries
from opencsc.casework.models import Allocation
from opencsc.chronology.models import ChronologyEntry
from opencsc.demo.build import Build
from opencsc.demo.vocabulary import CONCERNS, VISIT_NOTES
from opencsc.people import display
from opencsc.people import entries as people_entries
from opencsc.people.models import Person
from opencsc.permissions import Action


def add_chronology(build: Build) -> None:
    """Record created, earlier contacts, allocations and some visits for each child.

    Contacts, referrals and transfers within the year are the front door's (`frontdoor/`); the
    contacts before it appear here as chronology entries only."""
    person_type = ContentType.objects.get_for_model(Person)
    allocation_type = ContentType.objects.get_for_model(Allocation)
    agencies = [agency.name for agency in build.agencies]
    rows: list[ChronologyEntry] = []

    def entry(
        child: Person,
        kind: str,
        day: date,
        summary: str,
        by: User | None,
        record: Allocation | None = None,
    ) -> None:
        rows.append(
            ChronologyEntry(
                child=child,
                kind=kind,
                happened_on=day,
                summary=summary[:200],
                record_type=allocation_type if record is not None else person_type,
                record_id=record.pk if record is not None else child.pk,
                recorded_by=by,
            )
        )

    for family in build.families:
        for child in family.children:
            history = sorted(
                build.allocations.get(child.pk, []), key=lambda allocation: allocation.started_on
            )
            first_contact = build.recorded_on.get(id(child))
            if first_contact is None:
                born = child.date_of_birth or build.today - timedelta(days=120)
                first_seen = history[0].started_on if history else build.days_ago(10, 1500)
                first_contact = max(born, first_seen - timedelta(days=build.random.randint(1, 20)))
            mash_worker = build.random.choice(build.mash_staff)
            rows.append(people_entries.record_created(child, on=first_contact, by=mash_worker))
            earlier = (build.front_door_from - first_contact).days
            contacts = 1 + (build.random.random() < 0.4) + (build.random.random() < 0.15)
            for _ in range(contacts if earlier > 0 else 0):
                day = first_contact + timedelta(days=build.random.randint(0, earlier - 1))
                source, concern = build.random.choice(agencies), build.random.choice(CONCERNS)
                entry(
                    child,
                    ChronologyEntry.Kind.CONTACT,
                    day,
                    f"Contact from {source}: {concern}",
                    mash_worker,
                )
            if family.adults:
                entry(
                    child,
                    ChronologyEntry.Kind.RELATIONSHIP,
                    first_contact,
                    f"{display.token(family.adults[0])} recorded as mother",
                    mash_worker,
                )
            for allocation in history:
                _case_events(build, child, allocation, entry, rows)
    build.save("chronology entries", ChronologyEntry, rows)


# Teams whose visits are chronology entries only: an episode's assessment, plans and visits, its
# transfers and its closure are the pathway's (the apps' demo modules), its referral the front
# door's.
VISITS_HERE = (Team.Kind.EARLY_HELP, Team.Kind.CHILDREN_IN_CARE, Team.Kind.CARE_LEAVERS)


def _case_events(
    build: Build,
    child: Person,
    allocation: Allocation,
    entry: Callable[..., None],
    rows: list[ChronologyEntry],
) -> None:
    """The chronology of one allocation: allocation, and visits for teams outside the pathway."""
    team = allocation.team
    manager = allocation.allocated_by
    worker = allocation.worker
    rows.append(
        casework_entries.allocated(
            child,
            allocation_id=allocation.pk,
            team=team,
            worker=worker,
            on=allocation.started_on,
            by=manager,
        )
    )
    if team.kind == Team.Kind.CHILDREN_IN_CARE:
        entry(
            child,
            ChronologyEntry.Kind.PLAN,
            allocation.started_on,
            "Became looked after: placed with foster carers",
            manager,
            allocation,
        )
    end = allocation.ended_on or build.today
    span = (end - allocation.started_on).days
    if span > 7 and child.kind == Person.Kind.CHILD and team.kind in VISITS_HERE:
        for _ in range(build.random.randint(1, 3)):
            entry(
                child,
                ChronologyEntry.Kind.VISIT,
                allocation.started_on + timedelta(days=build.random.randint(1, span)),
                build.random.choice(VISIT_NOTES),
                worker,
                allocation,
            )


def add_access_log(build: Build) -> None:
    """Staff opening children's records over the last month."""
    open_cases = [
        allocation
        for allocations in build.allocations.values()
        for allocation in allocations
        if allocation.ended_on is None
    ]
    unallocated = [
        child
        for family in build.families
        for child in family.children
        if not any(a.ended_on is None for a in build.allocations.get(child.pk, []))
    ]
    rows = []
    for _ in range(build.size.access_log_rows):
        draw = build.random.random()
        if draw < 0.7 and open_cases:
            allocation = build.random.choice(open_cases)
            team_members = build.members.get(allocation.team.pk, {})
            viewers = [user for users in team_members.values() for user in users]
            viewer, child = build.random.choice(viewers), allocation.child
        elif draw < 0.9 and unallocated and build.mash_staff:
            viewer, child = build.random.choice(build.mash_staff), build.random.choice(unallocated)
        else:
            family = build.random.choice(build.families)
            viewer, child = (
                build.random.choice(build.readers),
                build.random.choice(family.children),
            )
        if child.is_restricted:
            continue
        at = build.moment(build.days_ago(1, 30))
        row = audit.new_row(
            kind=AccessLog.Kind.VIEW,
            by=viewer,
            child=child,
            record=child,
            action=Action.VIEW_PERSON,
            ip_address=f"10.20.{build.random.randint(0, 15)}.{build.random.randint(1, 254)}",
            path=f"/people/{child.pk}/",
        )
        row.at = at
        rows.append(row)
    rows.sort(key=lambda row: row.at)
    build.save_through("access log", audit.save_rows, rows)

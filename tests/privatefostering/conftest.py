"""Fixtures for private fostering: a fostering team (two workers and two managers), a children in
need team holding another child, the reading roles and those who see nothing, a child not known
to the council, and a frozen clock (10:00, Monday 1 June 2026)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from unittest.mock import patch

import pytest

from opencsc.accounts.models import Agency, Role, Team, User
from opencsc.people.models import Person
from opencsc.privatefostering import services
from opencsc.privatefostering.models import Arrangement
from opencsc.privatefostering.services import Notification, VisitDetails
from tests.factories import (
    AgencyFactory,
    AllocationFactory,
    PartnerAgencyUserFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)
from tests.frontdoor.conftest import Clock
from tests.frontdoor.helpers import london


@pytest.fixture
def clock() -> Iterator[Clock]:
    frozen = Clock(london(2026, 6, 1, 10, 0))
    with patch("django.utils.timezone.now", new=frozen):
        yield frozen


@dataclass
class World:
    fostering: Team
    worker: User
    other_worker: User  # in the fostering team too
    manager: User
    second_manager: User
    cin_team: Team
    cin_worker: User  # holds `held`, not the fostering team
    outsider: User  # a worker in another team
    head: User
    analyst: User
    police: User
    admin: User
    child: Person  # not known to the council
    held: Person  # held by the children in need team


@pytest.fixture
def world(db) -> World:
    fostering = TeamFactory(name="Fostering team", kind=Team.Kind.FOSTERING)
    cin_team = TeamFactory(name="Children in need team 1", kind=Team.Kind.CHILD_PROTECTION)
    cin_worker = UserFactory(team=cin_team, first_name="Cal", last_name="Nye")
    held = PersonFactory(first_name="Hana", last_name="Obi", date_of_birth=date(2014, 3, 2))
    AllocationFactory(child=held, team=cin_team, worker=cin_worker)
    return World(
        fostering=fostering,
        worker=UserFactory(team=fostering, first_name="Faye", last_name="Worker"),
        other_worker=UserFactory(team=fostering, first_name="Finn", last_name="Other"),
        manager=UserFactory(
            team=fostering, role=Role.TEAM_MANAGER, first_name="Mina", last_name="Manager"
        ),
        second_manager=UserFactory(
            team=fostering, role=Role.TEAM_MANAGER, first_name="Max", last_name="Second"
        ),
        cin_team=cin_team,
        cin_worker=cin_worker,
        outsider=UserFactory(team=TeamFactory(name="Assessment team 9")),
        head=UserFactory(role=Role.HEAD_OF_SERVICE),
        analyst=UserFactory(role=Role.PERFORMANCE_ANALYST),
        police=PartnerAgencyUserFactory(
            agency=AgencyFactory(name="North Police", kind=Agency.Kind.POLICE)
        ),
        admin=UserFactory(role=Role.ADMINISTRATOR),
        child=PersonFactory(first_name="Ade", last_name="Bello", date_of_birth=date(2012, 9, 1)),
        held=held,
    )


def notification(**changes: Any) -> Notification:
    """A school's notice on Thursday 21 May 2026 of an arrangement running since 1 May."""
    values: dict[str, Any] = {
        "notified_on": date(2026, 5, 21),
        "notifier": "school",
        "notifier_name": "Head teacher",
        "starts_on": date(2026, 5, 1),
        "carers_address": "2 Elm Road, London",
        "parents": "Mother and father, living in Lagos",
        "carer_name": "Grace Taiwo",
        "expected_length": "A school year",
    }
    values.update(changes)
    return Notification(**values)


def visit(on: date, **changes: Any) -> VisitDetails:
    values: dict[str, Any] = {
        "visited_on": on,
        "child_seen": True,
        "seen_alone": True,
        "home_seen": True,
        "carer_seen": True,
        "household_seen": True,
        "record": "Settled; spoke to Ade alone in his room.",
    }
    values.update(changes)
    return VisitDetails(**values)


def notified(world: World, child: Person | None = None, **changes: Any) -> Arrangement:
    return services.notify(
        child=child or world.child,
        notification=notification(**changes),
        team=world.fostering,
        by=world.worker,
    )


def complete_checks(arrangement: Arrangement, by: User, on: date = date(2026, 5, 29)) -> None:
    for check in arrangement.checks.filter(completed_on__isnull=True):
        services.record_check(check=check, completed_on=on, result="no_concerns", notes="", by=by)

"""Fixtures for missing episodes: the MASH, a police force and a second one, a child held by a
team (worker and manager), a child no team holds, and a frozen clock (10:00, Monday 1 June 2026)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from unittest.mock import patch

import pytest

from opencsc.accounts.models import Agency, Role, Team, User
from opencsc.missing import services
from opencsc.missing.models import MissingEpisode
from opencsc.missing.services import EpisodeDetails, NamedChild
from opencsc.people.models import Person
from tests.factories import (
    AgencyFactory,
    AllocationFactory,
    MashPractitionerFactory,
    MashTeamFactory,
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
    mash: Team
    practitioner: User
    team: Team
    worker: User
    manager: User
    other_worker: User
    police: Agency
    officer: User
    other_officer: User
    health_user: User
    held: Person  # held by `team`, allocated to `worker`
    unknown: Person  # no team holds her


@pytest.fixture
def world(db) -> World:
    mash = MashTeamFactory()
    team = TeamFactory(name="Children in need team 1")
    other_team = TeamFactory(name="Children in need team 2")
    worker = UserFactory(team=team, first_name="Wendy", last_name="Worker")
    manager = UserFactory(team=team, role=Role.TEAM_MANAGER, first_name="Mo", last_name="Manager")
    police = AgencyFactory(name="North Police", kind=Agency.Kind.POLICE)
    held = PersonFactory(first_name="Ben", last_name="Okafor")
    AllocationFactory(child=held, team=team, worker=worker)
    return World(
        mash=mash,
        practitioner=MashPractitionerFactory(team=mash, first_name="Priya", last_name="Shah"),
        team=team,
        worker=worker,
        manager=manager,
        other_worker=UserFactory(team=other_team),
        police=police,
        officer=PartnerAgencyUserFactory(agency=police, first_name="Dana", last_name="Cole"),
        other_officer=PartnerAgencyUserFactory(
            agency=AgencyFactory(name="South Police", kind=Agency.Kind.POLICE)
        ),
        health_user=PartnerAgencyUserFactory(
            agency=AgencyFactory(name="North Health", kind=Agency.Kind.HEALTH)
        ),
        held=held,
        unknown=PersonFactory(first_name="Cara", last_name="Mensah"),
    )


def details(**changes: Any) -> EpisodeDetails:
    """Last seen at 18:00 on Friday 29 May 2026, reported at 20:00 by his mother; medium risk."""
    values: dict[str, Any] = {
        "reported_at": london(2026, 5, 29, 20, 0),
        "reported_by": "Mother",
        "absence": "missing",
        "police_risk": "medium",
        "missing_from": "home",
        "missing_since": london(2026, 5, 29, 18, 0),
    }
    values.update(changes)
    return EpisodeDetails(**values)


def named(name: str = "Cara Mensah") -> NamedChild:
    return NamedChild(name=name, address="1 High Street")


def police_episode(world: World, **changes: Any) -> MissingEpisode:
    return services.record_episode(details=details(**changes), named=named(), by=world.officer)


def returned(episode: MissingEpisode, at: datetime, by: User) -> MissingEpisode:
    return services.record_return(episode=episode, returned_at=at, found_where="Park", by=by)

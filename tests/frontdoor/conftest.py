"""Fixtures for the front door's tests: the MASH, its managers, two partner agencies, a child and a
frozen clock."""

from collections.abc import Iterator
from datetime import datetime
from unittest.mock import patch

import pytest

from opencsc.accounts.models import Agency, Team, User
from opencsc.frontdoor import services as frontdoor
from opencsc.frontdoor.models import Contact
from opencsc.people.models import Person
from tests.factories import (
    AgencyFactory,
    EarlyHelpTeamFactory,
    MashManagerFactory,
    MashPractitionerFactory,
    MashTeamFactory,
    PartnerAgencyUserFactory,
    PersonFactory,
)
from tests.frontdoor.helpers import contact_details, london


class Clock:
    """The frozen `timezone.now`: set `now` to move it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Iterator[Clock]:
    """Freeze the clock at 10:00 on Monday 1 June 2026 (London); tests move it by setting `now`."""
    frozen = Clock(london(2026, 6, 1, 10, 0))
    with patch("django.utils.timezone.now", new=frozen):
        yield frozen


@pytest.fixture
def mash(db) -> Team:
    return MashTeamFactory()


@pytest.fixture
def early_help(db) -> Team:
    return EarlyHelpTeamFactory(name="Early help north")


@pytest.fixture
def practitioner(mash) -> User:
    return MashPractitionerFactory(team=mash, first_name="Priya", last_name="Shah")


@pytest.fixture
def manager(mash) -> User:
    return MashManagerFactory(team=mash, first_name="Tom", last_name="Reid")


@pytest.fixture
def second_manager(mash) -> User:
    return MashManagerFactory(team=mash, first_name="Ann", last_name="Lee")


@pytest.fixture
def police(db) -> Agency:
    return AgencyFactory(name="North Police", kind=Agency.Kind.POLICE)


@pytest.fixture
def health(db) -> Agency:
    return AgencyFactory(name="North Health Trust", kind=Agency.Kind.HEALTH)


@pytest.fixture
def police_user(police) -> User:
    return PartnerAgencyUserFactory(agency=police, first_name="Dana", last_name="Cole")


@pytest.fixture
def child(db) -> Person:
    return PersonFactory(first_name="Amara", last_name="Okafor")


@pytest.fixture
def contact(clock, practitioner, child) -> Contact:
    """A contact about `child` from a school, received at 09:30 on Monday 1 June 2026."""
    return frontdoor.record_contact(details=contact_details(children=[child]), by=practitioner)

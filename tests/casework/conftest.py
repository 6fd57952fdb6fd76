"""Fixtures for the pathway's casework tests: an assessment team and a child protection team with
their managers and workers, a head of service, a child with an open referral, a frozen clock."""

from collections.abc import Iterator
from datetime import date
from unittest.mock import patch

import pytest

from opencsc.accounts.models import Role, Team, User
from opencsc.casework.models import Referral
from tests.factories import PersonFactory, ReferralFactory, TeamFactory, UserFactory
from tests.frontdoor.conftest import Clock
from tests.frontdoor.helpers import london


@pytest.fixture
def clock() -> Iterator[Clock]:
    """Freeze the clock at 10:00 on Monday 1 June 2026 (London); tests move it by setting `now`."""
    frozen = Clock(london(2026, 6, 1, 10, 0))
    with patch("django.utils.timezone.now", new=frozen):
        yield frozen


@pytest.fixture
def cp_team(db) -> Team:
    return TeamFactory(name="Child protection team 1", kind=Team.Kind.CHILD_PROTECTION)


@pytest.fixture
def manager(assessment_team) -> User:
    return UserFactory(
        role=Role.TEAM_MANAGER, team=assessment_team, first_name="Mo", last_name="Ahmed"
    )


@pytest.fixture
def second_manager(assessment_team) -> User:
    return UserFactory(
        role=Role.TEAM_MANAGER, team=assessment_team, first_name="Ann", last_name="Lee"
    )


@pytest.fixture
def worker(social_worker) -> User:
    social_worker.first_name, social_worker.last_name = "Nia", "Worker"
    social_worker.save()
    return social_worker


@pytest.fixture
def cp_manager(cp_team) -> User:
    return UserFactory(role=Role.TEAM_MANAGER, team=cp_team, first_name="Cy", last_name="Park")


@pytest.fixture
def cp_worker(cp_team) -> User:
    return UserFactory(role=Role.SOCIAL_WORKER, team=cp_team, first_name="Di", last_name="Rowe")


@pytest.fixture
def head_of_service(db) -> User:
    return UserFactory(role=Role.HEAD_OF_SERVICE, first_name="Hal", last_name="Stone")


@pytest.fixture
def referral(db, clock) -> Referral:
    """An open referral of a child on Friday 1 May 2026, no team holding the case yet."""
    child = PersonFactory(first_name="Amara", last_name="Okafor")
    return ReferralFactory(child=child, referred_on=date(2026, 5, 1))

"""Fixtures for assessments: an assessment team with a worker and two managers, a child referred on
Friday 1 May 2026 and allocated to the worker, a frozen clock."""

from collections.abc import Iterator
from datetime import date
from unittest.mock import patch

import pytest

from opencsc.accounts.models import Role, Team, User
from opencsc.casework.models import Referral
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from tests.factories import (
    AllocationFactory,
    HouseholdFactory,
    PersonFactory,
    ReferralFactory,
    UserFactory,
)
from tests.frontdoor.conftest import Clock
from tests.frontdoor.helpers import london


@pytest.fixture
def clock() -> Iterator[Clock]:
    """10:00 on Monday 1 June 2026, London."""
    frozen = Clock(london(2026, 6, 1, 10, 0))
    with patch("django.utils.timezone.now", new=frozen):
        yield frozen


@pytest.fixture
def worker(assessment_team) -> User:
    return UserFactory(
        role=Role.SOCIAL_WORKER, team=assessment_team, first_name="Nia", last_name="Bell"
    )


@pytest.fixture
def manager(assessment_team) -> User:
    return UserFactory(
        role=Role.TEAM_MANAGER, team=assessment_team, first_name="Mo", last_name="Ahmed"
    )


@pytest.fixture
def other_team(db) -> Team:
    from tests.factories import TeamFactory

    return TeamFactory(name="Child protection team 2", kind=Team.Kind.CHILD_PROTECTION)


@pytest.fixture
def household(db):
    return HouseholdFactory()


def refer(child, *, on: date, team: Team, worker: User) -> Referral:
    """An open episode for `child`, held by `team` and `worker`, with its assessment clock."""
    referral = ReferralFactory(child=child, referred_on=on)
    AllocationFactory(child=child, team=team, worker=worker, started_on=on, referral=referral)
    timescales.open_due_item(
        rules.ASSESSMENT, child=child, record=referral, start=on, team=team, owner=worker
    )
    return referral


@pytest.fixture
def referral(clock, household, assessment_team, worker) -> Referral:
    child = PersonFactory(
        first_name="Amara", last_name="Okafor", household=household, date_of_birth=date(2016, 4, 3)
    )
    return refer(child, on=date(2026, 5, 1), team=assessment_team, worker=worker)


@pytest.fixture
def sibling_referral(clock, household, assessment_team, worker) -> Referral:
    child = PersonFactory(
        first_name="Tobi", last_name="Okafor", household=household, date_of_birth=date(2019, 9, 9)
    )
    return refer(child, on=date(2026, 5, 1), team=assessment_team, worker=worker)


@pytest.fixture
def second_manager(assessment_team) -> User:
    return UserFactory(
        role=Role.TEAM_MANAGER, team=assessment_team, first_name="Ola", last_name="Reyes"
    )

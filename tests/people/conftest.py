"""Fixtures for the person index's tests."""

import pytest

from opencsc.accounts.models import Role, Team, User


@pytest.fixture
def team_manager(make_user, assessment_team: Team) -> User:
    return make_user(Role.TEAM_MANAGER, team=assessment_team)


@pytest.fixture
def manager_client(client, team_manager: User):
    client.force_login(team_manager)
    return client

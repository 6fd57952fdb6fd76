"""Fixtures for the person index's tests."""

import pytest

from opencsc.accounts.models import Role, Team, User


@pytest.fixture(autouse=True)
def _serve_static_files_lazily(settings):
    # Otherwise WhiteNoise indexes every GOV.UK static file each time a test client starts.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def team_manager(make_user, assessment_team: Team) -> User:
    return make_user(Role.TEAM_MANAGER, team=assessment_team)


@pytest.fixture
def manager_client(client, team_manager: User):
    client.force_login(team_manager)
    return client

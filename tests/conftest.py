"""Fixtures shared by the whole suite."""

import pytest
from django.test import Client

from opencsc.accounts.models import Role, Team, User
from tests import factories


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Argon2 is the production hasher; tests use a fast one so the suite stays quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Let WhiteNoise look files up on request instead of indexing every GOV.UK file per client.
    settings.WHITENOISE_AUTOREFRESH = True
    settings.OPENCSC_LOCAL_TIMESCALES = {}
    settings.OPENCSC_EXTRA_BANK_HOLIDAYS = []


@pytest.fixture
def make_user(db):
    """Make a user with a role and, optionally, a team or agency."""

    def make(role: str = Role.SOCIAL_WORKER, team: Team | None = None, **kwargs) -> User:
        return factories.UserFactory(role=role, team=team, **kwargs)

    return make


@pytest.fixture
def assessment_team(db) -> Team:
    return factories.TeamFactory(name="Assessment team 1", kind=Team.Kind.ASSESSMENT)


@pytest.fixture
def social_worker(make_user, assessment_team) -> User:
    return make_user(Role.SOCIAL_WORKER, team=assessment_team)


@pytest.fixture
def administrator(make_user) -> User:
    return make_user(Role.ADMINISTRATOR)


@pytest.fixture
def worker_client(client: Client, social_worker: User) -> Client:
    client.force_login(social_worker)
    return client

"""Fixtures shared by the whole suite."""

from collections.abc import Iterator

import pytest
from django.db import connection
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
    # Multi-factor sign-in is on by default; the tests of it turn it on (the `mfa_on` fixture),
    # the rest sign in with a password or force_login alone.
    settings.OPENCSC_MFA_REQUIRED = False


@pytest.fixture
def mfa_on(settings) -> None:
    """Multi-factor sign-in required, as in production."""
    settings.OPENCSC_MFA_REQUIRED = True


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


NO_DELETE_TRIGGER = """CREATE TRIGGER audit_accesslog_no_delete BEFORE DELETE ON audit_accesslog
    BEGIN SELECT RAISE(ABORT, 'The access log is append-only'); END;"""


@pytest.fixture
def flushable_db(transactional_db) -> Iterator[None]:
    """A database with no test transaction around the test (as in production, where each write
    commits), that pytest-django can still empty afterwards.

    pytest-django empties it with DELETE on SQLite, and migration audit 0002 makes SQLite refuse
    DELETE on the access log. Empty that table here, with its trigger set aside for the moment, so
    the flush finds nothing to refuse. PostgreSQL empties tables with TRUNCATE, which row triggers
    do not see.
    """
    yield
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER audit_accesslog_no_delete")
        cursor.execute("DELETE FROM audit_accesslog")
        cursor.execute(NO_DELETE_TRIGGER)

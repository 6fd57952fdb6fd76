"""Fixtures shared by the whole suite."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.backends.postgresql import base as postgresql
from django.db.backends.sqlite3 import base as sqlite
from django.test import Client

from opencsc.accounts.models import Role, Team, User
from tests import factories

# The modules that take longest, longest first (measured on the 2-core machine, 7 December 2026:
# seconds on PostgreSQL / SQLite, the browser journeys varying most with the machine's load).
# pytest-xdist's `--dist loadfile` hands the modules to the workers in the order they are collected
# when scripts/check turns its own reordering off (`--no-loadscope-reorder`; by default it hands out
# the modules with the most tests first, so these one-test walks went last and one worker ran them
# alone for minutes after the other had finished). Longest first, the two workers end together.
LONGEST_FIRST = [
    "security/test_hostile_input.py",  # 287 / 215
    "security/test_restricted_never_named.py",  # 103 / 56
    "browser/test_pathway_journey.py",  # 82 / 140
    "browser/test_front_door_journey.py",  # 70 / 50
    "core/test_approval_migrations.py",  # 62 / 92 (migrates back and forth)
    "browser/test_assessment_pages.py",  # 67 / 11
    "browser/test_banner_and_warnings.py",  # 49 / 49
    "casework/test_views.py",  # 52 / 28
    "acceptance/test_permission_matrix.py",  # 45 / 18
    "test_permissions.py",  # 41 / 17
    "browser/test_person_journey.py",  # 46 / 15
    "browser/test_timeouts_and_narrow_screens.py",  # 45 / 30
    "frontdoor/test_views.py",  # 41 / 21
    "browser/test_front_door_safeguards.py",  # 33 / 18
    "demo/test_pathway.py",  # 30 / 2
    "audit/test_database_roles.py",  # 25 / 1
    "core/test_two_app_processes.py",  # 34 / 0 (two gunicorns, twice; skipped on SQLite)
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the modules of `LONGEST_FIRST` first, in its order; the rest keep theirs."""
    tests = Path(__file__).parent
    rank = {name: number for number, name in enumerate(LONGEST_FIRST)}

    def first(item: pytest.Item) -> int:
        try:
            module = item.path.relative_to(tests).as_posix()
        except ValueError:
            return len(rank)
        return rank.get(module, len(rank))

    items.sort(key=first)  # stable: each module's tests stay in their order


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
    # Every request restarts the idle clock (a session save), so that a page's query count does
    # not depend on the minute; tests/accounts/test_sign_in.py tests the once-a-minute default.
    settings.OPENCSC_SESSION_TOUCH_SECONDS = 0


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


def _flush_past_the_access_log_guards(sql_flush: Callable[..., list[str]], vendor: str):
    """`sql_flush`, with the access log's guard set aside inside the flush's own transaction.

    pytest-django empties the database after a transactional test with Django's flush: TRUNCATE
    on PostgreSQL, which the access log's statement trigger refuses (audit 0004), and DELETE on
    SQLite, which its row trigger refuses (audit 0002). The test database's role owns the table,
    so it can set the trigger aside for that one transaction; the app's role could not.
    """

    def flush(self: Any, style: Any, tables: list[str], **kwargs: Any) -> list[str]:
        statements = sql_flush(self, style, tables, **kwargs)
        if "audit_accesslog" not in tables:
            return statements
        if vendor == "postgresql":
            trigger = "audit_accesslog_no_truncate"
            return [
                f"ALTER TABLE audit_accesslog DISABLE TRIGGER {trigger}",
                *statements,
                f"ALTER TABLE audit_accesslog ENABLE TRIGGER {trigger}",
            ]
        return ["DROP TRIGGER IF EXISTS audit_accesslog_no_delete", *statements, NO_DELETE_TRIGGER]

    return flush


@pytest.fixture(autouse=True, scope="session")
def _flushable_access_log() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        for operations, vendor in (
            (postgresql.DatabaseWrapper.ops_class, "postgresql"),
            (sqlite.DatabaseWrapper.ops_class, "sqlite"),
        ):
            patch.setattr(
                operations,
                "sql_flush",
                _flush_past_the_access_log_guards(operations.sql_flush, vendor),
            )
        yield


@pytest.fixture
def flushable_db(transactional_db) -> None:
    """A database with no test transaction around the test (as in production, where each write
    commits), that pytest-django can still empty afterwards (`_flushable_access_log`)."""


@pytest.fixture(autouse=True, scope="session")
def _test_database_left_alone(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Before pytest-django drops a PostgreSQL test database, end any session a test left open on
    it (a thread's or a server's connection), or the drop fails with "is being accessed by other
    users" and the database is left behind for the next run."""
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )

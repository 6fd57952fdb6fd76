"""The app's PostgreSQL role (`opencsc db_roles`) may read and append to the access log and
nothing more: it cannot alter, disable triggers on, truncate, update or delete from it."""

import os
from collections.abc import Iterator

import psycopg
import pytest
from django.db import connection

from opencsc.audit import chain, roles
from opencsc.audit import services as audit
from opencsc.audit.models import AccessLog
from tests.audit.test_chain import verify
from tests.factories import PersonFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL roles"),
]

REFUSED = [
    "ALTER TABLE audit_accesslog DISABLE TRIGGER audit_accesslog_no_update",
    "ALTER TABLE audit_accesslog DISABLE TRIGGER audit_accesslog_no_truncate",
    "ALTER TABLE audit_accesslog DISABLE TRIGGER ALL",
    "ALTER TABLE audit_accesslog DROP COLUMN hash",
    "DROP TRIGGER audit_accesslog_no_delete ON audit_accesslog",
    "DROP TRIGGER audit_accesslog_no_truncate ON audit_accesslog",
    "DROP TABLE audit_accesslog CASCADE",
    "TRUNCATE audit_accesslog",
    "UPDATE audit_accesslog SET summary = 'Edited'",
    "DELETE FROM audit_accesslog",
    # Make the triggers do nothing by replacing the function they call.
    "CREATE OR REPLACE FUNCTION audit_accesslog_refuse_change() RETURNS trigger AS"
    " $$ BEGIN RETURN NULL; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER let_through BEFORE INSERT ON audit_accesslog"
    " FOR EACH ROW EXECUTE FUNCTION audit_accesslog_refuse_change()",
    # Switch every trigger off for the session.
    "SET session_replication_role = replica",
]


@pytest.fixture
def app_role(flushable_db) -> Iterator[str]:
    """A role made and granted exactly as docs/security.md says, in the test database (roles are
    the cluster's: the name carries the process id, and the role is dropped afterwards)."""
    name = f"opencsc_app_test_{os.getpid()}"
    settings = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute(f"DROP ROLE IF EXISTS {name}")
        cursor.execute(f"CREATE ROLE {name} LOGIN")
        cursor.execute(roles.grant_sql(database=settings["NAME"], owner=settings["USER"], app=name))
    try:
        yield name
    finally:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {name}")
            cursor.execute(f"DROP ROLE {name}")


@pytest.fixture
def as_app(app_role) -> Iterator[psycopg.Connection]:
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "localhost",
        port=settings["PORT"] or 5432,
        dbname=settings["NAME"],
        user=app_role,
        autocommit=True,
    ) as app:
        yield app


@pytest.fixture
def logged(social_worker):
    child = PersonFactory()
    return [audit.log_view(by=social_worker, child=child, summary=f"View {n}") for n in range(3)]


@pytest.mark.parametrize("statement", REFUSED)
def test_the_app_role_cannot_alter_empty_or_rewrite_the_log(as_app, logged, statement):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_app.execute(statement)

    assert as_app.execute("SELECT count(*) FROM audit_accesslog").fetchone() == (3,)
    assert verify()[2] is None


def test_the_app_role_reads_and_appends_to_the_chain(as_app, logged, social_worker):
    with as_app.transaction():
        seq, previous = as_app.execute(
            "SELECT seq, hash FROM audit_accesslog_chain_head()"
        ).fetchone()
        at = logged[-1].at
        values = (
            seq + 1,
            at,
            social_worker.pk,
            "view",
            "people.view",
            None,
            None,
            None,
            "",
            None,
            "",
        )
        as_app.execute(
            "INSERT INTO audit_accesslog (seq, at, user_id, kind, action, summary, path, hash)"
            " VALUES (%s, %s, %s, 'view', 'people.view', '', '', %s)",
            [seq + 1, at, social_worker.pk, chain.digest(values, previous, None)],
        )

    assert (seq, previous) == (3, logged[-1].hash)
    assert AccessLog.objects.count() == 4
    assert verify()[2] is None


def test_the_app_role_keeps_its_rights_elsewhere(as_app, logged, social_worker):
    as_app.execute("UPDATE accounts_user SET last_login = now() WHERE id = %s", [social_worker.pk])
    as_app.execute("DELETE FROM django_session")

    social_worker.refresh_from_db()
    assert social_worker.last_login is not None

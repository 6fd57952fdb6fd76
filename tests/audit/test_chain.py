"""The access log's hash chain and its guards: `opencsc audit verify` finds every row deleted,
changed or slipped in by someone who got past the triggers (a superuser), TRUNCATE is refused, and
the triggers cannot be migrated away."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone

from opencsc.audit import chain
from opencsc.audit import services as audit
from opencsc.audit.models import AccessLog
from opencsc.permissions import Action
from tests.factories import AllocationFactory, PersonFactory, UserFactory

POSTGRESQL = connection.vendor == "postgresql"
SQLITE_TRIGGERS = [
    """CREATE TRIGGER audit_accesslog_no_update BEFORE UPDATE ON audit_accesslog
       BEGIN SELECT RAISE(ABORT, 'The access log is append-only'); END;""",
    """CREATE TRIGGER audit_accesslog_no_delete BEFORE DELETE ON audit_accesslog
       BEGIN SELECT RAISE(ABORT, 'The access log is append-only'); END;""",
]


@pytest.fixture
def child(social_worker):
    return AllocationFactory(team=social_worker.teams.get()).child


@pytest.fixture
def logged(social_worker, child) -> list[AccessLog]:
    """Five rows: four views and a change."""
    rows = [audit.log_view(by=social_worker, child=child, summary=f"View {n}") for n in range(4)]
    rows.append(
        audit.log_change(by=social_worker, child=child, record=child, action=Action.EDIT_PERSON)
    )
    return rows


def verify(*args: str) -> tuple[str, str, str | None]:
    """`opencsc audit verify`: its output, its errors, and the error it exits with (if any)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), str(error)
    return out.getvalue(), err.getvalue(), None


@contextmanager
def as_a_superuser_past_the_triggers() -> Iterator[None]:
    """What a database superuser (or the table's owner) can do: set the triggers aside."""
    with connection.cursor() as cursor:
        if POSTGRESQL:
            # The test's own inserts leave foreign-key checks pending, which ALTER TABLE refuses.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_accesslog DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_accesslog_no_update")
            cursor.execute("DROP TRIGGER audit_accesslog_no_delete")
    yield
    with connection.cursor() as cursor:
        if POSTGRESQL:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_accesslog ENABLE TRIGGER USER")
        else:
            for statement in SQLITE_TRIGGERS:
                cursor.execute(statement)


def raw(sql: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def test_rows_are_numbered_in_order_and_each_hash_covers_the_one_before(logged):
    rows = list(AccessLog.objects.order_by("seq"))

    assert [row.seq for row in rows] == [1, 2, 3, 4, 5]
    previous = chain.GENESIS
    for row in rows:
        values = tuple(getattr(row, name) for name in chain.FIELDS)
        assert row.hash == chain.digest(values, previous, None)
        previous = row.hash


def test_several_children_logged_at_once_are_numbered_one_after_another(social_worker, child):
    other = PersonFactory()
    audit.log_view(by=social_worker, child=child)
    audit.log_views(
        by=social_worker, children=[child, other], record=child, action=Action.VIEW_PERSON
    )

    assert list(AccessLog.objects.order_by("seq").values_list("seq", "child")) == [
        (1, child.pk),
        (2, child.pk),
        (3, other.pk),
    ]
    assert verify()[2] is None


def test_a_clean_log_verifies(logged):
    out, err, failed = verify()

    assert failed is None
    assert err == ""
    assert "Checked 5 rows" in out
    assert f"The chain ends at row 5, hash {logged[-1].hash}." in out
    assert "The access log is intact." in out


@pytest.mark.parametrize(
    ("address", "kept"),
    [("2001:0DB8:0000:0000::0001", "2001:db8::1"), ("10.1.2.3", "10.1.2.3"), (None, None)],
)
def test_an_address_is_hashed_as_the_database_keeps_it(social_worker, child, address, kept):
    row = audit.new_row(
        kind="view",
        by=social_worker,
        action=Action.VIEW_PERSON,
        child=child,
        record=child,
        ip_address=address,
        path="/",
    )
    audit.save_rows([row])

    assert AccessLog.objects.get().ip_address == kept
    assert verify()[2] is None


def test_a_view_from_an_ipv6_client_verifies(worker_client, child):
    worker_client.get(reverse("record:child", args=[child.pk]), REMOTE_ADDR="2001:DB8:0:0::1")

    assert AccessLog.objects.get().ip_address == "2001:db8::1"
    assert verify()[2] is None


def test_a_row_saved_round_the_chain_is_refused(social_worker, child):
    row = audit.new_row(
        kind="view",
        by=social_worker,
        action=Action.VIEW_PERSON,
        child=child,
        record=child,
        ip_address=None,
        path="",
    )

    with pytest.raises(ValueError, match=r"through audit\.services"):
        row.save()
    assert AccessLog.objects.count() == 0


def test_an_empty_log_verifies(db):
    out, _, failed = verify()

    assert failed is None
    assert "Checked 0 rows" in out


def test_a_row_changed_by_a_superuser_is_reported(logged):
    with as_a_superuser_past_the_triggers():
        raw("UPDATE audit_accesslog SET summary = 'Nothing to see' WHERE seq = 3")

    _, err, failed = verify()

    assert failed == "The access log has been tampered with: 1 problem(s) found."
    assert err.splitlines() == [
        "Row 3 does not match its hash: it, or the row before it, was changed or added outside"
        " the app."
    ]


def test_a_row_changed_and_rehashed_by_a_superuser_breaks_the_next_row(logged):
    row = AccessLog.objects.get(seq=3)
    moved = row.at - timedelta(days=30)
    values = tuple(moved if name == "at" else getattr(row, name) for name in chain.FIELDS)
    rehashed = chain.digest(values, logged[1].hash, None)
    with as_a_superuser_past_the_triggers():
        raw("UPDATE audit_accesslog SET at = %s, hash = %s WHERE seq = 3", [moved, rehashed])

    _, err, failed = verify()

    assert failed is not None
    assert err.splitlines()[0].startswith("Row 4 does not match its hash")


@pytest.mark.parametrize(
    ("where", "reported"),
    [
        ("seq = 3", "Row 3 is missing: deleted."),
        ("seq IN (2, 3, 4)", "Rows 2 to 4 are missing: deleted."),
        ("seq = 1", "Row 1 is missing: deleted."),
    ],
)
def test_rows_deleted_by_a_superuser_are_reported(logged, where, reported):
    with as_a_superuser_past_the_triggers():
        raw(f"DELETE FROM audit_accesslog WHERE {where}")  # noqa: S608 (a test's constant)

    _, err, failed = verify()

    assert failed is not None
    assert err.splitlines() == [reported]


def test_rows_cut_from_the_end_are_reported_against_a_recorded_head(logged):
    """A chain cannot show its own end cut off: the head recorded by an earlier verify can."""
    recorded = f"5:{logged[-1].hash}"
    assert verify("--head", recorded)[2] is None
    with as_a_superuser_past_the_triggers():
        raw("DELETE FROM audit_accesslog WHERE seq >= 4")

    assert verify()[2] is None
    _, err, failed = verify("--head", recorded)

    assert failed is not None
    assert err.splitlines() == [
        "Row 5, the head recorded earlier, is gone: rows were deleted from the end."
    ]


def test_a_rewritten_chain_is_reported_against_a_recorded_head(logged):
    with as_a_superuser_past_the_triggers():
        raw("UPDATE audit_accesslog SET hash = 'rewritten' WHERE seq = 5")

    _, err, failed = verify("--head", f"5:{logged[-1].hash}")

    assert failed is not None
    assert "Row 5 no longer has the hash recorded earlier: the chain was rewritten." in err


@pytest.mark.parametrize("head", ["5", "five:abc", ":abc", "5:"])
def test_a_malformed_head_is_refused(logged, head):
    assert verify("--head", head)[2] == "--head takes SEQ:HASH, as printed by an earlier verify."


def test_a_row_forged_into_the_middle_by_a_superuser_breaks_the_chain(logged, social_worker):
    """To slip a back-dated row in after row 2, the rows after it must be renumbered: even with a
    correct hash for the forged row, the row after it no longer matches."""
    second = AccessLog.objects.get(seq=2)
    forged_at = second.at + timedelta(microseconds=1)
    forged = (3, forged_at, social_worker.pk, "view", "people.view", None, None, None, "", None, "")
    with as_a_superuser_past_the_triggers():
        raw("UPDATE audit_accesslog SET seq = seq + 1000 WHERE seq >= 3")
        raw("UPDATE audit_accesslog SET seq = seq - 999 WHERE seq >= 1000")
        raw(
            "INSERT INTO audit_accesslog (seq, at, user_id, kind, action, summary, path, hash)"
            " VALUES (3, %s, %s, 'view', 'people.view', '', '', %s)",
            [forged_at, social_worker.pk, chain.digest(forged, second.hash, None)],
        )

    _, err, failed = verify()

    assert failed is not None
    assert err.splitlines()[0].startswith("Row 4 does not match its hash")


def test_a_row_appended_by_raw_sql_without_a_valid_hash_is_reported(logged, social_worker):
    raw(
        "INSERT INTO audit_accesslog (seq, at, user_id, kind, action, summary, path, hash)"
        " VALUES (6, %s, %s, 'view', 'people.view', '', '', 'made up')",
        [timezone.now() - timedelta(days=400), social_worker.pk],
    )

    _, err, failed = verify()

    assert failed is not None
    assert err.splitlines()[0].startswith("Row 6 does not match its hash")


def test_with_a_key_a_row_appended_with_a_plain_hash_is_reported(settings, social_worker, child):
    """Without the key, anyone who can write to the database can hash a forged row correctly."""
    settings.OPENCSC_AUDIT_KEY = "a long random key kept out of the database"
    first = audit.log_view(by=social_worker, child=child)
    at = timezone.now()
    forged = (2, at, social_worker.pk, "view", "people.view", None, None, None, "", None, "")
    raw(
        "INSERT INTO audit_accesslog (seq, at, user_id, kind, action, summary, path, hash)"
        " VALUES (2, %s, %s, 'view', 'people.view', '', '', %s)",
        [at, social_worker.pk, chain.digest(forged, first.hash, None)],
    )

    _, err, failed = verify()

    assert failed is not None
    assert err.splitlines() == [
        "Row 2 does not match its hash: it, or the row before it, was changed or added outside"
        " the app."
    ]
    assert first.hash == chain.digest(
        tuple(getattr(first, name) for name in chain.FIELDS), chain.GENESIS, chain.key()
    )


def test_a_log_written_with_a_key_does_not_verify_without_it(settings, logged):
    settings.OPENCSC_AUDIT_KEY = "another key"

    assert verify()[2] is not None


def test_a_second_row_with_the_same_number_is_refused(logged, social_worker):
    with pytest.raises(DatabaseError), transaction.atomic():
        raw(
            "INSERT INTO audit_accesslog (seq, at, user_id, kind, action, summary, path, hash)"
            " VALUES (3, %s, %s, 'view', 'people.view', '', '', '')",
            [timezone.now(), social_worker.pk],
        )


@pytest.mark.parametrize("stored", [None, "0" * 64])
def test_the_walk_reports_a_row_no_app_could_have_written(stored):
    at = timezone.now()
    first = (1, at, None, "view", "people.view", None, None, None, "", None, "")
    nulled = (2, None, None, "view", "people.view", None, None, None, "", None, "")
    digest = chain.digest(first, chain.GENESIS, None)

    problems = list(chain.walk([(*first, digest), (*nulled, stored)], None))

    assert [(problem.seq, problem.kind) for problem in problems] == [(2, "changed")]


def test_the_walk_reports_a_number_used_twice():
    at = timezone.now()
    first = (1, at, None, "view", "people.view", None, None, None, "", None, "")
    digest = chain.digest(first, chain.GENESIS, None)

    problems = list(chain.walk([(*first, digest), (*first, digest)], None))

    assert [(problem.seq, problem.kind) for problem in problems] == [(1, "inserted")]


@pytest.mark.skipif(not POSTGRESQL, reason="SQLite has no TRUNCATE (DELETE is refused)")
@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE audit_accesslog",
        "TRUNCATE audit_accesslog CASCADE",
        "TRUNCATE audit_accesslog, people_person CASCADE",
    ],
)
def test_truncating_the_log_is_refused(flushable_db, logged, statement):
    """Committed rows, as in production (in a test's transaction, the pending foreign-key checks
    would refuse TRUNCATE first)."""
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(statement)

    assert AccessLog.objects.count() == 5


@pytest.mark.parametrize(
    "name",
    ["0002_access_log_append_only", "0003_access_log_hash_chain", "0004_access_log_chain_guards"],
)
def test_the_guarding_migrations_refuse_to_be_unapplied(name):
    migration = MigrationLoader(None, ignore_no_migrations=True).get_migration("audit", name)
    (refuse,) = [op.reverse_code for op in migration.operations if hasattr(op, "reverse_code")]

    with pytest.raises(RuntimeError, match="cannot be migrated away"):
        refuse(None, None)


def test_migrating_the_access_log_to_zero_is_refused(flushable_db, logged):
    with pytest.raises(RuntimeError, match="cannot be migrated away"):
        call_command("migrate", "audit", "zero", verbosity=0)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("DELETE FROM audit_accesslog")
    assert verify()[2] is None


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRESQL, reason="needs two real PostgreSQL connections")
def test_writers_at_the_same_moment_do_not_fork_the_chain(flushable_db):
    child = PersonFactory()
    users = [UserFactory() for _ in range(4)]
    barrier = threading.Barrier(len(users))
    errors: list[Exception] = []

    def write(user) -> None:
        try:
            barrier.wait(timeout=10)
            for n in range(25):
                with transaction.atomic():
                    audit.log_change(
                        by=user,
                        child=child,
                        record=child,
                        action=Action.EDIT_PERSON,
                        summary=str(n),
                    )
        except Exception as error:  # the result under test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert list(AccessLog.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, 101)
    )
    assert verify()[2] is None


def test_db_roles_prints_the_sql_for_both_roles():
    out = StringIO()
    call_command("db_roles", "--print-sql", "--database", "opencsc", stdout=out)

    assert "CREATE ROLE opencsc_app LOGIN;" in out.getvalue()
    assert "GRANT SELECT, INSERT ON TABLE audit_accesslog TO opencsc_app;" in out.getvalue()


def test_docs_give_the_sql_db_roles_prints():
    out = StringIO()
    call_command("db_roles", "--print-sql", "--database", "opencsc", stdout=out)

    assert (
        out.getvalue() in (Path(__file__).resolve().parents[2] / "docs" / "security.md").read_text()
    )

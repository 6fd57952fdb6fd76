"""Build a demo authority once per test process, then put the same rows back wherever it is needed.

The small demo takes tens of seconds to generate (Faker, the planning, thousands of model
instances) and many test modules need it, each inside its own transaction rolled back afterwards.
The first `build_or_restore(key, build)` in a process runs `build()` and records every row it
added, table by table, as the database returned them; each later call with the same key inserts
those rows again (SQLite: one `executemany` a table; PostgreSQL: `COPY`), which takes a second or
two. The rows are the generator's own, keys included, so a test reads exactly what a fresh build
would have given it. The caller must be inside a transaction that is rolled back afterwards, as
the demo fixtures are.

If the build changed or removed a row that was there before (not only added rows), rows alone cannot
reproduce it: every call then builds again.
"""

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from io import StringIO
from typing import Any, TypeVar

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

Value = TypeVar("Value")


@dataclass
class Snapshot:
    """The rows one build added, by table, in the order the database returned them."""

    rows: dict[str, list[Any]]
    value: Any
    before: dict[str, Counter] = field(default_factory=dict)  # the tables the build started from


# By key, in this process (each pytest-xdist worker has its own test database and its own copy).
_SNAPSHOTS: dict[Hashable, Snapshot | None] = {}


def build_or_restore(key: Hashable, build: Callable[[], Value]) -> Value:
    """The first time in this process: `build()`, recording the rows it added. Afterwards: insert
    those rows again, run `ANALYZE` as the generator does, and return what `build()` returned."""
    before = _read_tables()
    counted = {table: Counter(rows) for table, rows in before.items()}
    snapshot = _SNAPSHOTS.get(key)
    if snapshot is not None and snapshot.before == counted:
        _restore(snapshot.rows)
        return snapshot.value
    # First use, or the database under the demo changed since (a flushed test database gives the
    # content types new keys, which the recorded rows would point past): build, and record again.
    value = build()
    added = _added_rows(before, _read_tables())
    _SNAPSHOTS[key] = None if added is None else Snapshot(rows=added, value=value, before=counted)
    return value


def run_demo_command() -> str:
    """`opencsc demo --size small --seed 7`, into an empty database; what the command printed."""
    output = StringIO()
    call_command("demo", "--size", "small", "--seed", "7", stdout=output)
    return output.getvalue()


def small_demo_seed_7() -> str:
    """The demo of `opencsc demo --size small --seed 7` (tests/demo and the hostile-input walk),
    built the first time in this process and its rows put back afterwards; what the command
    printed. The caller's transaction must be rolled back."""
    return build_or_restore(("demo command", "small", 7), run_demo_command)


def _tables() -> list[str]:
    return [
        table for table in connection.introspection.table_names() if not table.startswith("sqlite_")
    ]


def _read_tables() -> dict[str, list[Any]]:
    """Every table's rows: tuples on SQLite, `COPY` lines (text format) on PostgreSQL."""
    quote = connection.ops.quote_name
    rows: dict[str, list[Any]] = {}
    with connection.cursor() as cursor:
        for table in _tables():
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT") as copy:
                    data = b"".join(bytes(block) for block in copy)
                # One line a row: the text format writes a newline inside a value as `\\n`.
                rows[table] = [line + b"\n" for line in data.split(b"\n")[:-1]]
            else:
                cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (a table's name)
                rows[table] = cursor.fetchall()
    return rows


def _added_rows(
    before: dict[str, list[Any]], after: dict[str, list[Any]]
) -> dict[str, list[Any]] | None:
    """The rows of `after` that `before` did not hold; None if a row of `before` is gone."""
    added: dict[str, list[Any]] = {}
    for table, rows in after.items():
        earlier = Counter(before.get(table, []))
        new = []
        for row in rows:
            if earlier[row] > 0:
                earlier[row] -= 1
            else:
                new.append(row)
        if +earlier:
            return None
        if new:
            added[table] = new
    return added


def _restore(rows: dict[str, list[Any]]) -> None:
    """Insert the recorded rows (keys as recorded; foreign keys are checked at commit, so the
    tables' order does not matter), move PostgreSQL's sequences past them, and `ANALYZE`."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, table_rows in rows.items():
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                    copy.write(b"".join(table_rows))
            else:
                placeholders = ", ".join(["%s"] * len(table_rows[0]))
                sql = f"INSERT INTO {quote(table)} VALUES ({placeholders})"  # noqa: S608
                cursor.executemany(sql, table_rows)
        if connection.vendor == "postgresql":
            for statement in _sequence_resets(rows):
                cursor.execute(statement)
        cursor.execute("ANALYZE")


def _sequence_resets(tables: Iterable[str]) -> list[str]:
    """PostgreSQL: each restored table's key sequence set to its largest key (SQLite moves its own
    AUTOINCREMENT counter when a larger key is inserted)."""
    names = set(tables)
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table in names
    ]
    return connection.ops.sequence_reset_sql(no_style(), models)

"""What the PostgreSQL race tests share: their marks, and running attempts at the same moment, each
in its own thread and so on its own database connection."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

# A race test's module: `pytestmark = RACE_TEST`. Row locks only queue two real connections on
# PostgreSQL; on SQLite the module is skipped.
RACE_TEST = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs row locks between two real PostgreSQL connections",
    ),
]


def at_once(*attempts: Callable[[], Any]) -> list[Any]:
    """Run each attempt in its own thread (and so its own connection), released together by a
    barrier; return what each returned, or the exception it raised."""
    barrier = threading.Barrier(len(attempts))
    results: list[Any] = [None] * len(attempts)

    def run(index: int, attempt: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = attempt()
        except Exception as error:  # the result under test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def split(results: list[Any], kind: type) -> tuple[list[Any], list[Exception]]:
    """The attempts that returned a `kind`, and the rest (the exceptions raised)."""
    succeeded = [result for result in results if isinstance(result, kind)]
    failed = [result for result in results if not isinstance(result, kind)]
    return succeeded, failed

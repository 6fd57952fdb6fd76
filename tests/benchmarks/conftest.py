"""A small demo authority for the benchmark tests, rolled back after them (built once per test
process, tests/demo_snapshot.py)."""

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import override_settings

from opencsc.demo.generator import build_demo
from tests.demo_snapshot import build_or_restore

# Module fixtures run before the suite's per-test fast hasher: ask for it here too.
FAST_HASHER = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture(scope="module")
def _demo_data(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic(), FAST_HASHER:
        build_or_restore(("build_demo", "small", 1), lambda: build_demo(size="small", seed=1))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_data, db) -> None:
    """The small demo authority (seed 1), for one test."""

"""A small demo authority for each test module, inside a transaction rolled back after it: built
once per test process, its rows put back for each later module (tests/demo_snapshot.py)."""

from collections.abc import Callable, Iterator
from datetime import date
from typing import TypeVar

import pytest
from django.db import transaction
from django.test import override_settings

from opencsc.demo import generator
from tests.demo_snapshot import small_demo_seed_7

TODAY = date(2026, 3, 2)

Digest = TypeVar("Digest")

# Module fixtures run before the suite's per-test fast hasher: ask for it here too.
FAST_HASHER = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker) -> Iterator[str]:
    """`opencsc demo --size small --seed 7` for this module; yield what the command printed."""
    with django_db_blocker.unblock(), transaction.atomic(), FAST_HASHER:
        yield small_demo_seed_7()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output: str, db) -> str:
    """The demo authority, for one test (its writes are rolled back after it)."""
    return demo_output


def build_in_savepoint(*, seed: int, digest: Callable[[], Digest]) -> Digest:
    """Build the small demo from `seed`, compute `digest()` of it, then roll the build back."""
    with transaction.atomic():
        generator.build_demo(size="small", seed=seed, today=TODAY)
        result = digest()
        transaction.set_rollback(True)
    return result

"""A small demo authority built once per test module, inside a transaction rolled back after it."""

from collections.abc import Iterator
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from opencsc.demo import generator

TODAY = date(2026, 3, 2)

# Module fixtures run before the suite's per-test fast hasher: ask for it here too.
FAST_HASHER = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker) -> Iterator[str]:
    """Build `opencsc demo --size small --seed 7` once; yield what the command printed."""
    with django_db_blocker.unblock(), transaction.atomic(), FAST_HASHER:
        output = StringIO()
        call_command("demo", "--size", "small", "--seed", "7", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output: str, db) -> str:
    """The demo authority, for one test (its writes are rolled back after it)."""
    return demo_output


def build_in_savepoint(*, seed: int, digest) -> str:
    """Build the small demo from `seed`, compute `digest()` of it, then roll the build back."""
    with transaction.atomic():
        generator.build_demo(size="small", seed=seed, today=TODAY)
        result = digest()
        transaction.set_rollback(True)
    return result

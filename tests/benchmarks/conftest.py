"""A small demo authority built once for the benchmark tests, rolled back after them."""

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import override_settings

from opencsc.demo.generator import build_demo

# Module fixtures run before the suite's per-test fast hasher: ask for it here too.
FAST_HASHER = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture(scope="module")
def _demo_data(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic(), FAST_HASHER:
        build_demo(size="small", seed=1)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_data, db) -> None:
    """The small demo authority (seed 1), for one test."""

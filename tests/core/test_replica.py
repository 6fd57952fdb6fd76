"""The optional read replica (issue 15, part 5): only reads a report asks for go to it; writes, the
access log and the sign-in tables always go to the primary. On SQLite and PostgreSQL alike."""

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import router

from opencsc.audit.models import AccessLog
from opencsc.core import replica
from opencsc.people.models import Person
from tests.factories import PersonFactory

# The fixture below names a replica in settings.DATABASES for the router to see; nothing connects.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def with_replica(settings) -> None:
    """A replica configured (its alias named in DATABASES; the router never connects to decide)."""
    settings.DATABASES = {**settings.DATABASES, "replica": dict(settings.DATABASES["default"])}


def _read_from_replica(instance: Any) -> Any:
    """The instance as a report would have read it from the replica."""
    instance._state.db = "replica"
    return instance


def test_without_a_replica_reports_read_the_primary_and_nothing_may_lag():
    assert not replica.replica_configured()
    assert replica.for_reports(Person.objects.all()).db == "default"
    assert replica.replica_may_lag() is False


@pytest.mark.usefixtures("with_replica")
def test_a_report_reads_the_replica_and_says_it_may_lag():
    assert replica.for_reports(Person.objects.filter(first_name="Amara")).db == "replica"
    assert replica.replica_may_lag() is True
    assert "may not be counted yet" in replica.REPLICA_LAG_MESSAGE


@pytest.mark.usefixtures("with_replica")
def test_everything_else_reads_the_primary():
    assert Person.objects.all().db == "default"
    assert router.db_for_read(Person) == "default"


@pytest.mark.usefixtures("with_replica")
@pytest.mark.parametrize("model", [AccessLog, Session])
def test_the_access_log_and_sessions_are_never_read_from_the_replica(model):
    assert replica.for_reports(model.objects.all()).db == "default"
    # Not even through a row of a report read on the replica.
    assert router.db_for_read(model, instance=_read_from_replica(Person())) == "default"


@pytest.mark.usefixtures("with_replica")
def test_writes_go_to_the_primary_even_for_a_row_read_from_the_replica(db):
    person = _read_from_replica(PersonFactory(first_name="Amara"))
    assert router.db_for_write(Person, instance=person) == "default"
    assert router.db_for_write(AccessLog) == "default"
    person.first_name = "Amira"
    person.save()  # would fail on the replica alias in a test that may not use it
    assert person._state.db == "default"
    assert Person.objects.get(pk=person.pk).first_name == "Amira"


@pytest.mark.usefixtures("with_replica")
def test_related_reads_of_a_report_row_stay_on_the_replica_except_the_primary_only_tables():
    person = _read_from_replica(Person())
    assert router.db_for_read(Person, instance=person) == "replica"
    assert router.db_for_read(AccessLog, instance=person) == "default"
    assert router.allow_relation(person, Person())


@pytest.mark.usefixtures("with_replica")
def test_only_the_primary_is_migrated():
    assert router.allow_migrate("replica", "people") is False
    assert router.allow_migrate("default", "people") is True

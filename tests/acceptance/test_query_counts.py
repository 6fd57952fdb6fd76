"""Pages run the same number of SQL queries whatever the data size."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.audit import services as audit
from opencsc.people.models import Relationship
from opencsc.timescales import rules
from opencsc.timescales.services import open_due_item
from tests.factories import (
    AllocationFactory,
    ChronologyEntryFactory,
    HouseholdFactory,
    PersonFactory,
)


def _grow_child(child, size: int, worker) -> None:
    """Give a child `size` relatives in the household, chronology entries, due items, log rows."""
    for n in range(size):
        relative = PersonFactory(adult=True, household=child.household, last_name=f"Relative{n}")
        Relationship.objects.create(from_person=relative, to_person=child, kind="other")
        ChronologyEntryFactory(child=child, happened_on=date(2026, 1, 1) + timedelta(days=n))
        open_due_item(
            rules.CIN_VISIT,
            child=child,
            record=relative,
            start=date(2026, 1, 1) + timedelta(days=n),
        )
        audit.log_view(by=worker, child=child)


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def allocated(social_worker):
    def make(size: int):
        child = AllocationFactory(
            team=social_worker.teams.get(), child=PersonFactory(household=HouseholdFactory())
        ).child
        _grow_child(child, size, social_worker)
        return child

    return make


def test_the_childs_record_runs_the_same_queries_at_any_size(worker_client, allocated):
    small, large = allocated(2), allocated(30)

    counts = {
        size: _queries(worker_client, reverse("record:child", args=[child.pk]))
        for size, child in (("small", small), ("large", large))
    }

    assert counts["small"] == counts["large"]


def test_search_runs_the_same_queries_at_any_size(worker_client, social_worker):
    team = social_worker.teams.get()
    PersonFactory.create_batch(2, last_name="Abara", recording_team=team)
    small = _queries(worker_client, reverse("people:search"), {"name": "Abara"})
    PersonFactory.create_batch(40, last_name="Abara", recording_team=team)

    large = _queries(worker_client, reverse("people:search"), {"name": "Abara"})

    assert small == large


def test_the_access_log_runs_the_same_queries_at_any_size(client, make_user, social_worker):
    client.force_login(make_user(Role.ADMINISTRATOR))
    child = PersonFactory()
    audit.log_view(by=social_worker, child=child)
    small = _queries(client, reverse("audit:access-log"))
    for _ in range(40):
        audit.log_view(by=make_user(Role.SOCIAL_WORKER), child=PersonFactory())

    large = _queries(client, reverse("audit:access-log"))

    assert small == large


def _pairs(count: int) -> None:
    from opencsc.people.models import DuplicatePair

    for n in range(count):
        first = PersonFactory(
            first_name="Amara", last_name=f"Pairname{n}", household=HouseholdFactory()
        )
        second = PersonFactory(first_name="Amara", last_name=f"Pairname{n}", is_restricted=n == 0)
        low, high = DuplicatePair.ordered(first.pk, second.pk)
        DuplicatePair.objects.create(person_a_id=low, person_b_id=high, found_on=date(2026, 6, 1))


@pytest.mark.parametrize("role", [Role.BUSINESS_SUPPORT, Role.HEAD_OF_SERVICE])
def test_the_likely_duplicates_list_runs_the_same_queries_at_any_size(client, make_user, role):
    client.force_login(make_user(role))
    _pairs(2)
    small = _queries(client, reverse("people:duplicates"))
    _pairs(30)

    large = _queries(client, reverse("people:duplicates"))

    assert small == large


def test_a_team_managers_likely_duplicates_run_the_same_queries_at_any_size(
    client, make_user, social_worker
):
    team = social_worker.teams.get()
    client.force_login(make_user(Role.TEAM_MANAGER, team=team))
    _pairs(2)
    AllocationFactory(team=team, child=PersonFactory())
    small = _queries(client, reverse("people:duplicates"))
    _pairs(30)
    PersonFactory.create_batch(5, recording_team=team)

    large = _queries(client, reverse("people:duplicates"))

    assert small == large

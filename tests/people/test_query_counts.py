"""The person index's pages run the same number of queries with 2 rows of data as with 30."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.people.models import Relationship
from opencsc.timescales import rules
from opencsc.timescales.services import open_due_item
from tests.factories import (
    AllocationFactory,
    ChronologyEntryFactory,
    HouseholdFactory,
    PersonFactory,
)


def _queries(client, url: str, params: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def child_with(social_worker):
    """A child allocated to the social worker's team with `size` of everything the record shows:
    relatives in the household, chronology entries and open due items."""

    def make(size: int):
        child = AllocationFactory(
            team=social_worker.teams.get(),
            worker=social_worker,
            child__household=HouseholdFactory(),
        ).child
        for n in range(size):
            relative = PersonFactory(adult=True, household=child.household)
            Relationship.objects.create(
                from_person=relative,
                to_person=child,
                kind=Relationship.Kind.CARER,
                has_parental_responsibility=n % 2 == 0,
            )
            ChronologyEntryFactory(
                child=child,
                recorded_by=social_worker,
                happened_on=date(2026, 1, 1) + timedelta(days=n),
            )
            open_due_item(
                rules.CIN_VISIT,
                child=child,
                record=relative,
                start=date(2026, 1, 1) + timedelta(days=n),
                owner=social_worker,
            )
        return child

    return make


def test_the_childs_record_runs_the_same_queries_with_2_or_30_of_everything(
    worker_client, child_with
):
    small, large = child_with(2), child_with(30)
    worker_client.get(reverse("record:child", args=[small.pk]))  # warm the caches

    counts = [
        _queries(worker_client, reverse("record:child", args=[child.pk]))
        for child in (small, large)
    ]

    assert counts[0] == counts[1]


def test_an_adults_record_runs_the_same_queries_with_2_or_30_children(worker_client, social_worker):
    def parent_of(size: int):
        parent = PersonFactory(adult=True, recording_team=social_worker.teams.get())
        for _ in range(size):
            child = AllocationFactory(team=social_worker.teams.get()).child
            Relationship.objects.create(from_person=parent, to_person=child, kind="parent")
        return parent

    small, large = parent_of(2), parent_of(30)
    worker_client.get(reverse("record:child", args=[small.pk]))

    counts = [
        _queries(worker_client, reverse("record:child", args=[parent.pk]))
        for parent in (small, large)
    ]

    assert counts[0] == counts[1]


def _people_named(last_name: str, size: int, team) -> None:
    for _ in range(size):
        PersonFactory(last_name=last_name, recording_team=team, household=HouseholdFactory())
        AllocationFactory(team=team, child__last_name=last_name)


def test_search_results_run_the_same_queries_with_2_or_30_people_found(
    worker_client, social_worker
):
    team = social_worker.teams.get()
    _people_named("Abara", 1, team)
    _people_named("Okonkwo", 15, team)
    worker_client.get(reverse("people:search"), {"name": "Abara"})

    counts = [
        _queries(worker_client, reverse("people:search"), {"name": name})
        for name in ("Abara", "Okonkwo")
    ]

    assert counts[0] == counts[1]


def test_finding_a_relative_runs_the_same_queries_with_2_or_30_people_found(
    worker_client, social_worker
):
    team = social_worker.teams.get()
    child = PersonFactory(recording_team=team)
    _people_named("Abara", 1, team)
    _people_named("Okonkwo", 15, team)
    url = reverse("people:relative-find", args=[child.pk])
    worker_client.get(url, {"name": "Abara"})

    counts = [_queries(worker_client, url, {"name": name}) for name in ("Abara", "Okonkwo")]

    assert counts[0] == counts[1]

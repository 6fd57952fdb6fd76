"""The child's record in parts (issue 15: each page reads only what it shows): a summary, the
chronology, the contacts and episodes, missing and exploitation, and private fostering, each its
own page behind the record's tabs. Every part is a read of the child's record (the read gate,
logged), follows a merged record to the record it was merged into, and runs the same queries
whatever the child's history holds."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.audit.models import AccessLog
from opencsc.people.record_parts import TABS
from opencsc.record.contributors import CONTRIBUTORS, RECORD_PARTS
from tests.factories import (
    AllocationFactory,
    ChronologyEntryFactory,
    ContactChildFactory,
    ContactFactory,
    PersonFactory,
    UserFactory,
)

PARTS = [tab.url_name for tab in TABS]


@pytest.fixture
def held(worker):
    child = PersonFactory(first_name="Amara", last_name="Okafor")
    AllocationFactory(child=child, team=worker.teams.get(), worker=worker)
    return child


def test_every_app_that_contributes_to_the_record_is_shown_on_exactly_one_part():
    shown = [app for apps in RECORD_PARTS.values() for app in apps]

    assert sorted(map(id, shown)) == sorted(map(id, CONTRIBUTORS))
    assert set(RECORD_PARTS) <= {tab.key for tab in TABS}


@pytest.mark.parametrize("part", PARTS)
def test_each_part_shows_the_child_and_the_tabs_with_itself_marked_current(
    client, worker, held, part
):
    client.force_login(worker)

    page = client.get(reverse(part, args=[held.pk])).content.decode()

    assert '<h1 class="govuk-heading-xl">Amara Okafor</h1>' in page
    for tab in TABS:
        link = f'href="{reverse(tab.url_name, args=[held.pk])}"'
        assert link in page
        current = f'{link} aria-current="page">{tab.label}</a>'
        assert (current in page) == (tab.url_name == part)


@pytest.mark.parametrize("part", PARTS)
def test_opening_any_part_is_logged_as_a_read_of_the_childs_record(client, worker, held, part):
    client.force_login(worker)

    client.get(reverse(part, args=[held.pk]))

    assert AccessLog.objects.filter(user=worker, child=held, kind="view").count() == 1


@pytest.mark.parametrize("part", PARTS)
def test_a_child_the_viewer_may_not_see_is_not_found_on_any_part(client, worker, part):
    elsewhere = AllocationFactory().child
    client.force_login(worker)

    assert client.get(reverse(part, args=[elsewhere.pk])).status_code == 404


@pytest.mark.parametrize("part", PARTS[1:])
def test_an_adults_record_has_no_parts_beyond_its_summary(client, worker, part):
    adult = PersonFactory(adult=True, recording_team=worker.teams.get())
    client.force_login(worker)

    response = client.get(reverse(part, args=[adult.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("record:child", args=[adult.pk])
    summary = client.get(response["Location"]).content.decode()
    assert "Parts of the record" not in summary


@pytest.mark.parametrize("part", PARTS)
def test_a_merged_records_part_leads_to_the_same_part_of_the_surviving_record(
    client, worker, held, part
):
    duplicate = PersonFactory(first_name="Amara", last_name="Okafor", merged_into=held)
    client.force_login(worker)

    response = client.get(reverse(part, args=[duplicate.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse(part, args=[held.pk])


def test_the_contacts_part_lists_the_contacts_about_the_child(client, db):
    mash = UserFactory(role="mash_practitioner")
    child = PersonFactory(first_name="Leo")
    contact = ContactFactory()
    ContactChildFactory(contact=contact, child=child)
    client.force_login(mash)

    page = client.get(reverse("record:work", args=[child.pk])).content.decode()

    assert contact.reference in page
    assert "Record a contact" in page


def test_the_chronology_filter_stays_on_the_chronology(client, worker, held):
    ChronologyEntryFactory(child=held, summary="Home visit: seen alone", recorded_by=worker)
    ChronologyEntryFactory(child=held, summary="Telephone call to school", recorded_by=worker)
    client.force_login(worker)
    url = reverse("record:chronology", args=[held.pk])

    page = client.get(url, {"text": "school"}).content.decode()

    assert f'action="{url}"' in page
    assert "Telephone call to school" in page
    assert "Home visit: seen alone" not in page


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("part", PARTS)
def test_each_part_runs_the_same_queries_with_2_or_30_of_everything(client, worker, part):
    def child_with(size: int):
        child = PersonFactory()
        AllocationFactory(child=child, team=worker.teams.get(), worker=worker)
        for n in range(size):
            ChronologyEntryFactory(
                child=child, recorded_by=worker, happened_on=date(2026, 1, 1) + timedelta(days=n)
            )
            ContactChildFactory(contact=ContactFactory(), child=child)
        return child

    small, large = child_with(2), child_with(30)
    client.force_login(worker)
    client.get(reverse(part, args=[small.pk]))  # warm the caches

    counts = [_queries(client, reverse(part, args=[child.pk])) for child in (small, large)]

    assert counts[0] == counts[1]

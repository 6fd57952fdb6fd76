"""The warnings pages: set, review and end a warning through the web, with the history listed."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from opencsc.people.models import PersonWarning, WarningReview
from tests.factories import AllocationFactory, HouseholdFactory, PersonFactory

pytestmark = pytest.mark.usefixtures("clock")  # Monday 1 June 2026


@pytest.fixture
def child(worker):
    child = PersonFactory(household=HouseholdFactory())
    AllocationFactory(child=child, team=worker.teams.get(), worker=worker)
    return child


def _date(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def _set(client, child, **data):
    values = {
        "submission_key": str(uuid.uuid4()),
        "kind": "do_not_disclose_address",
        "details": "Fled domestic abuse; never give the address to the father.",
        **_date("review_on", date(2026, 12, 1)),
    }
    values.update(data)
    return client.post(reverse("record:warning-set", args=[child.pk]), values)


def test_a_worker_sets_reviews_and_ends_a_warning_and_its_history_stays(client, worker, child):
    client.force_login(worker)

    response = _set(client, child)
    warning = PersonWarning.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("record:warnings", args=[child.pk])
    client.post(
        reverse("record:warning-review", args=[warning.pk]),
        {
            "submission_key": str(uuid.uuid4()),
            "note": "The father is still looking for them.",
            **_date("next_review_on", date(2027, 3, 1)),
        },
    )
    client.post(
        reverse("record:warning-end", args=[warning.pk]),
        {"submission_key": str(uuid.uuid4()), "end_reason": "The father is in prison."},
    )
    page = client.get(reverse("record:warnings", args=[child.pk])).content.decode()

    assert WarningReview.objects.get().previous_review_on == date(2026, 12, 1)
    assert PersonWarning.objects.get().end_reason == "The father is in prison."
    assert "Do not disclose address (ended)" in page
    assert "The father is still looking for them." in page
    assert "was due 1 December 2026; next by 1 March 2027" in page
    assert "The father is in prison." in page


def test_the_same_form_sent_twice_sets_one_warning(client, worker, child):
    client.force_login(worker)
    key = str(uuid.uuid4())

    _set(client, child, submission_key=key)
    _set(client, child, submission_key=key)

    assert PersonWarning.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": ""}, "Select what kind of warning it is"),
        ({"kind": "made_up"}, "Select a valid choice"),
        ({"details": ""}, "Enter the details of the warning"),
        ({"details": "x" * 100_000}, "at most 2000 characters"),
        (_date("review_on", date(2026, 6, 1)), "The review date must be in the future"),
        ({"review_on_day": "99999999999999999999"}, "must be a real date"),
    ],
)
def test_a_bad_warning_is_refused_with_a_message(client, worker, child, data, message):
    client.force_login(worker)

    response = _set(client, child, **data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PersonWarning.objects.exists()


def test_the_warnings_page_says_review_due_once_the_date_has_passed(client, worker, child, clock):
    client.force_login(worker)
    _set(client, child)
    clock.now = clock.now.replace(year=2026, month=12, day=2)
    client.force_login(worker)

    page = client.get(reverse("record:warnings", args=[child.pk])).content.decode()

    assert "Review due" in page

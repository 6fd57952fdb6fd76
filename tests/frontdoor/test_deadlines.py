"""Front-door deadlines: a contact's decision is due by its RAG rating, counted in working days from
the rating (day 0) across weekends and bank holidays; an agency check is due in 4 elapsed hours on
a red contact, otherwise the next working day (TIMESCALES.md, "Front door")."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.frontdoor.models import Contact, ContactRating
from opencsc.frontdoor.services import rate_contact, request_check
from opencsc.timescales.models import DueItem
from tests.factories import ContactChildFactory, ContactFactory, MashPractitionerFactory
from tests.frontdoor.helpers import london

REASON = "Child left alone overnight; no safety plan in place."


def _due_items(record) -> list[tuple[str, date, bool]]:
    """(rule, due date, still open) of each due item opened for `record`, oldest first."""
    items = DueItem.objects.filter(
        record_type=ContentType.objects.get_for_model(record), record_id=record.pk
    ).order_by("pk")
    return [(item.rule, item.due_on, item.closed_at is None) for item in items]


@pytest.fixture
def unrated(db):
    """A contact about one child, not yet rated."""
    return ContactChildFactory(contact__rating="", contact__rating_order=0).contact


@pytest.mark.parametrize(
    ("rating", "rated_at", "due_on"),
    [
        ("red", london(2026, 5, 20, 15, 0), date(2026, 5, 20)),  # a Wednesday: the same day
        ("red", london(2026, 1, 3), date(2026, 1, 5)),  # a Saturday: the next working day
        ("red", london(2026, 5, 25), date(2026, 5, 26)),  # spring bank holiday: the next day
        ("red", london(2025, 12, 25), date(2025, 12, 29)),  # Christmas Day: past Boxing Day
        ("amber", london(2026, 5, 22), date(2026, 5, 26)),  # Friday, over a bank holiday Monday
        ("amber", london(2025, 12, 24), date(2025, 12, 29)),  # over Christmas
        ("amber", london(2026, 4, 2), date(2026, 4, 7)),  # over Easter
        ("green", london(2026, 8, 27), date(2026, 9, 2)),  # over the summer bank holiday
        ("green", london(2025, 12, 23), date(2025, 12, 30)),  # over Christmas
    ],
)
def test_rating_sets_the_decision_deadline_in_working_days(
    clock, practitioner, unrated, rating, rated_at, due_on
):
    clock.now = rated_at

    contact_rating = rate_contact(contact=unrated, rating=rating, reason=REASON, by=practitioner)

    unrated.refresh_from_db()
    assert (contact_rating.decision_due_on, unrated.decision_due_on) == (due_on, due_on)
    assert _due_items(unrated) == [(f"contact_decision_{rating}", due_on, True)]


def test_a_rating_counts_from_the_day_in_london_not_in_utc(clock, practitioner, unrated):
    clock.now = datetime(2026, 5, 22, 23, 30, tzinfo=UTC)  # 00:30 on Saturday 23 May in London

    contact_rating = rate_contact(contact=unrated, rating="red", reason=REASON, by=practitioner)

    assert contact_rating.decision_due_on == date(2026, 5, 26)  # not Friday 22 May


def test_rating_sets_the_queue_order_and_takes_the_contact_on(clock, practitioner, unrated):
    unrated.practitioner = None
    unrated.save()

    rate_contact(contact=unrated, rating="amber", reason=REASON, by=practitioner)

    unrated.refresh_from_db()
    assert (unrated.rating, unrated.rating_order, unrated.practitioner) == (
        "amber",
        2,
        practitioner,
    )


def test_rating_closes_the_one_working_day_clock_started_when_the_contact_was_recorded(
    clock, practitioner, contact
):
    clock.now = london(2026, 6, 1, 11, 0)

    rate_contact(contact=contact, rating="green", reason=REASON, by=practitioner)

    assert _due_items(contact) == [
        ("referral_decision", date(2026, 6, 2), False),
        ("contact_decision_green", date(2026, 6, 4), True),
    ]


def test_re_rating_records_a_new_rating_with_who_and_why(clock, practitioner, unrated):
    colleague = MashPractitionerFactory(first_name="Lee", last_name="Wong")
    clock.now = london(2026, 8, 27, 10, 0)
    rate_contact(contact=unrated, rating="green", reason="No immediate risk", by=practitioner)
    clock.now = london(2026, 8, 28, 9, 15)

    rate_contact(contact=unrated, rating="red", reason="Police report a new assault", by=colleague)

    ratings = ContactRating.objects.filter(contact=unrated)
    assert [(r.rating, r.reason, r.rated_by, r.rated_at, r.decision_due_on) for r in ratings] == [
        (
            "red",
            "Police report a new assault",
            colleague,
            london(2026, 8, 28, 9, 15),
            date(2026, 8, 28),
        ),
        ("green", "No immediate risk", practitioner, london(2026, 8, 27, 10, 0), date(2026, 9, 2)),
    ]


def test_re_rating_closes_the_old_deadline_and_opens_the_new_one(clock, practitioner, unrated):
    clock.now = london(2026, 8, 27, 10, 0)
    rate_contact(contact=unrated, rating="green", reason="No immediate risk", by=practitioner)
    clock.now = london(2026, 8, 28, 9, 15)

    rate_contact(
        contact=unrated, rating="red", reason="Police report a new assault", by=practitioner
    )

    unrated.refresh_from_db()
    assert unrated.decision_due_on == date(2026, 8, 28)
    assert _due_items(unrated) == [
        ("contact_decision_green", date(2026, 9, 2), False),
        ("contact_decision_red", date(2026, 8, 28), True),
    ]
    closed = DueItem.objects.get(rule="contact_decision_green")
    assert (closed.closed_at, closed.closed_by, closed.close_note) == (
        london(2026, 8, 28, 9, 15),
        practitioner,
        "Rated red",
    )


def test_a_council_can_set_its_own_period_for_a_rating(clock, settings, practitioner, unrated):
    settings.OPENCSC_LOCAL_TIMESCALES = {"contact_decision_green": 5}
    clock.now = london(2026, 8, 27, 10, 0)

    contact_rating = rate_contact(contact=unrated, rating="green", reason=REASON, by=practitioner)

    assert contact_rating.decision_due_on == date(2026, 9, 4)  # 5 working days, past 31 August


def test_a_decided_contact_cannot_be_rated(clock, practitioner):
    decided = ContactFactory(decided=True)

    with pytest.raises(ValidationError, match="it can no longer be rated"):
        rate_contact(contact=decided, rating="red", reason=REASON, by=practitioner)

    assert ContactRating.objects.count() == 0


# Agency checks


def _rated(rating: str) -> Contact:
    order = {"red": 1, "amber": 2, "green": 3}[rating]
    return ContactChildFactory(contact__rating=rating, contact__rating_order=order).contact


@pytest.mark.parametrize(
    ("requested_at", "due_on", "due_time_in_london"),
    [
        (london(2026, 6, 3, 10, 0), date(2026, 6, 3), time(14, 0)),
        (london(2026, 5, 22, 22, 0), date(2026, 5, 23), time(2, 0)),  # hours run over a weekend
        # Clocks go forward at 01:00 GMT on 29 March 2026: the wall clock moves 5 hours.
        (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), date(2026, 3, 29), time(5, 30)),
        # Clocks go back at 02:00 BST on 25 October 2026: the wall clock moves 3 hours.
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), date(2026, 10, 25), time(4, 30)),
    ],
)
def test_a_check_on_a_red_contact_is_due_four_elapsed_hours_after_it_is_requested(
    clock, practitioner, police, requested_at, due_on, due_time_in_london
):
    clock.now = requested_at

    check = request_check(
        contact=_rated("red"), agency=police, question="Any incidents?", by=practitioner
    )

    check.refresh_from_db()
    due_at = timezone.localtime(check.due_at)
    assert check.due_at - check.requested_at == timedelta(hours=4)
    assert (check.due_on, due_at.date(), due_at.time()) == (due_on, due_on, due_time_in_london)
    assert _due_items(check) == [("agency_check_red", due_on, True)]


@pytest.mark.parametrize("rating", ["amber", "green"])
def test_a_check_on_an_amber_or_green_contact_is_due_the_next_working_day(
    clock, practitioner, police, rating
):
    clock.now = london(2026, 5, 22, 15, 0)  # Friday before the spring bank holiday

    check = request_check(
        contact=_rated(rating), agency=police, question="Any incidents?", by=practitioner
    )

    check.refresh_from_db()
    assert (check.due_on, check.due_at) == (date(2026, 5, 26), None)
    assert _due_items(check) == [("agency_check", date(2026, 5, 26), True)]


def test_a_council_can_set_its_own_hours_for_a_red_check(clock, settings, practitioner, police):
    settings.OPENCSC_LOCAL_TIMESCALES = {"agency_check_red": 2}
    clock.now = london(2026, 6, 3, 10, 0)

    check = request_check(
        contact=_rated("red"), agency=police, question="Any incidents?", by=practitioner
    )

    assert check.due_at == london(2026, 6, 3, 12, 0)

"""A MASH meeting's outcome is recorded on or after its day: the agenda of a day still to come
offers no box for what was agreed, and an outcome posted for a future day is refused with the
reason (not lost behind "enter what the meeting agreed")."""

from datetime import date

from django.contrib.messages import get_messages
from django.urls import reverse

from opencsc.frontdoor import services as frontdoor
from opencsc.frontdoor.models import MeetingItem


def _day(on: date) -> dict[str, int]:
    return {"meeting_on_day": on.day, "meeting_on_month": on.month, "meeting_on_year": on.year}


def test_todays_agenda_offers_the_box_for_what_was_agreed(client, contact, manager):
    frontdoor.choose_for_meeting(contact=contact, meeting_on=date(2026, 6, 1), by=manager)
    client.force_login(manager)

    page = client.get(reverse("frontdoor:meeting"), _day(date(2026, 6, 1))).content.decode()

    assert reverse("frontdoor:meeting-outcome", args=[contact.pk]) in page


def test_a_future_days_agenda_offers_no_box_for_what_was_agreed(client, contact, manager):
    frontdoor.choose_for_meeting(contact=contact, meeting_on=date(2026, 6, 2), by=manager)
    client.force_login(manager)

    page = client.get(reverse("frontdoor:meeting"), _day(date(2026, 6, 2))).content.decode()

    assert reverse("frontdoor:meeting-outcome", args=[contact.pk]) not in page
    assert "What was agreed can be recorded on the day of the meeting" in page


def test_an_outcome_posted_for_a_future_day_is_refused_with_the_reason(client, contact, manager):
    client.force_login(manager)

    response = client.post(
        reverse("frontdoor:meeting-outcome", args=[contact.pk]),
        {"meeting_on": "2026-06-02", "agreed": "Ask the police"},
    )

    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said == [f"{contact.reference}: Meeting date must be today or in the past"]
    assert MeetingItem.objects.count() == 0


def test_an_outcome_posted_for_today_is_recorded(client, contact, manager):
    client.force_login(manager)

    client.post(
        reverse("frontdoor:meeting-outcome", args=[contact.pk]),
        {"meeting_on": "2026-06-01", "agreed": "Ask the police"},
    )

    assert MeetingItem.objects.get().agreed == "Ask the police"

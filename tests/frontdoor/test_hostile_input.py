"""Hostile input at the front door is refused next to its field or answered 404, never a 500, and
dates are plausible: a contact not before the child's birth, a meeting's outcome not in the future
nor before the contact."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opencsc.frontdoor import services as frontdoor
from opencsc.frontdoor.models import AgencyCheck, Contact, MeetingItem
from opencsc.frontdoor.services import NamedChild
from tests.factories import PersonFactory
from tests.frontdoor.helpers import contact_details, london

HUGE = "9" * 30


def _contact_post(**changes: str) -> dict[str, str]:
    return {
        "submission_key": str(uuid.uuid4()),
        "received_on_day": "1",
        "received_on_month": "6",
        "received_on_year": "2026",
        "received_time": "09:30",
        "method": "phone",
        "referral_source": "2A",
        "concerns": "neglect",
        "concern_details": "Hungry at school.",
        "disclosure": "none",
        "consent": "given",
        "consent_asked": "parent",
    } | changes


@pytest.mark.parametrize(
    ("part", "message"),
    [
        ("day", "Date received must be a real date"),
        ("month", "Date received must be a real date"),
        ("year", "Year must include 4 numbers"),
    ],
)
def test_a_huge_date_part_is_refused_next_to_the_field(client, clock, practitioner, part, message):
    child = PersonFactory()
    client.force_login(practitioner)

    response = client.post(
        reverse("frontdoor:contact-create", args=[child.pk]),
        _contact_post(**{f"received_on_{part}": HUGE}),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["received_on"] == [message]
    assert Contact.objects.count() == 0


def test_a_contact_dated_year_0001_is_refused_next_to_the_date(client, clock, practitioner):
    child = PersonFactory()
    client.force_login(practitioner)

    response = client.post(
        reverse("frontdoor:contact-create", args=[child.pk]),
        _contact_post(received_on_year="0001"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["received_on"] == [
        "Date received must be on or after 1 June 2016"
    ]
    assert Contact.objects.count() == 0


def test_a_contact_received_before_the_child_was_born_is_refused(client, clock, practitioner):
    child = PersonFactory(date_of_birth=date(2026, 5, 1))
    client.force_login(practitioner)

    response = client.post(
        reverse("frontdoor:contact-create", args=[child.pk]),
        _contact_post(received_on_month="4"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["received_on"] == [
        "The contact cannot be received before the child was born (1 May 2026)"
    ]
    assert Contact.objects.count() == 0


def test_a_partners_contact_received_before_the_named_childs_birth_is_refused(
    clock, mash, police_user
):
    details = contact_details(
        method="partner_portal",
        referral_source="6",
        received_at=london(2026, 5, 1, 9, 30),
        named_children=[NamedChild(name="Ben Other", date_of_birth=date(2026, 5, 2))],
    )

    with pytest.raises(ValidationError) as error:
        frontdoor.record_contact(details=details, by=police_user)

    assert error.value.message_dict == {
        "received_at": ["The contact cannot be received before the child was born (2 May 2026)"]
    }


def test_a_huge_id_among_the_agencies_is_a_field_error(client, contact, practitioner, police):
    client.force_login(practitioner)

    response = client.post(
        reverse("frontdoor:check-request", args=[contact.pk]),
        {
            "submission_key": str(uuid.uuid4()),
            "agencies": [str(police.pk), "99999999999999999999"],
            "question": "Known?",
        },
    )

    assert response.status_code == 200
    assert "agencies" in response.context["form"].errors
    assert AgencyCheck.objects.count() == 0


@pytest.mark.parametrize("match", ["abc", "99999999999999999999", "-1", "1e999", "\x00"])
def test_a_malformed_match_on_the_contact_children_page_is_a_404(
    client, contact, practitioner, match
):
    client.force_login(practitioner)

    response = client.get(
        reverse("frontdoor:contact-children", args=[contact.pk]), {"match": match}
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("meeting_on", "message"),
    [
        (date(9999, 12, 31), "The meeting's outcome can be recorded on or after its day"),
        (date(2026, 6, 2), "The meeting's outcome can be recorded on or after its day"),
        (date(2026, 5, 31), "The meeting cannot be before the contact (1 June 2026)"),
        (date(1, 1, 1), "The meeting cannot be before the contact (1 June 2026)"),
    ],
)
def test_a_meeting_outcome_is_dated_between_the_contact_and_today(
    contact, practitioner, meeting_on, message
):
    with pytest.raises(ValidationError) as error:
        frontdoor.record_meeting_outcome(
            contact=contact, meeting_on=meeting_on, agreed="Ask the police", by=practitioner
        )

    assert error.value.message_dict == {"meeting_on": [message]}
    assert MeetingItem.objects.count() == 0


@pytest.mark.parametrize("year", ["0001", "9999", HUGE])
def test_a_meeting_outcome_posted_with_an_implausible_day_is_refused(
    client, contact, practitioner, year
):
    client.force_login(practitioner)

    response = client.post(
        reverse("frontdoor:meeting-outcome", args=[contact.pk]),
        {"meeting_on": f"{year}-01-01", "agreed": "Ask the police"},
    )

    assert response.status_code == 302
    assert MeetingItem.objects.count() == 0


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_the_meeting_page_for_an_implausible_day_shows_the_error_not_a_500(
    client, clock, manager, year
):
    client.force_login(manager)

    response = client.get(
        reverse("frontdoor:meeting"),
        {"meeting_on_day": "1", "meeting_on_month": "1", "meeting_on_year": year},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["meeting_on"]


def test_a_contact_on_the_day_of_the_meeting_is_recorded(contact, practitioner):
    item = frontdoor.record_meeting_outcome(
        contact=contact, meeting_on=date(2026, 6, 1), agreed="Ask the police", by=practitioner
    )

    assert item.meeting_on == date(2026, 6, 1)
    assert contact.received_at == london(2026, 6, 1, 9, 30)

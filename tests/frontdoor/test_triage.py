"""The MASH's work on an open contact: rating it, asking partner agencies for checks, chasing them,
and the daily meeting. Bad input is refused field by field, with nothing half-saved."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from opencsc.audit.models import AccessLog
from opencsc.chronology.models import ChronologyEntry
from opencsc.frontdoor.models import AgencyCheck, ContactRating, MeetingItem
from opencsc.frontdoor.services import (
    chase_check,
    choose_for_meeting,
    propose_decision,
    rate_contact,
    record_meeting_outcome,
    request_check,
    return_check,
)
from opencsc.timescales.models import DueItem
from tests.factories import AgencyCheckFactory, MashPractitionerFactory
from tests.frontdoor.helpers import decision_details, london, rated


@pytest.mark.parametrize(
    ("rating", "reason", "errors"),
    [
        ("purple", "Urgent", {"rating": ["Choose red, amber or green"]}),
        ("", "Urgent", {"rating": ["Choose red, amber or green"]}),
        ("red", "  ", {"reason": ["Enter the reason for this rating"]}),
    ],
)
def test_a_rating_with_bad_input_is_refused_field_by_field_and_nothing_is_saved(
    contact, practitioner, rating, reason, errors
):
    with pytest.raises(ValidationError) as error:
        rate_contact(contact=contact, rating=rating, reason=reason, by=practitioner)

    contact.refresh_from_db()
    assert error.value.message_dict == errors
    assert (contact.rating, ContactRating.objects.count(), DueItem.objects.count()) == ("", 0, 1)


def test_a_rating_is_noted_on_the_chronology_and_logged_with_its_reason(
    contact, practitioner, child
):
    rate_contact(contact=contact, rating="red", reason=" Child alone overnight ", by=practitioner)

    entry = ChronologyEntry.objects.filter(child=child).latest("pk")
    log = AccessLog.objects.latest("pk")
    assert entry.summary == f"Contact {contact.reference}: rated red"
    assert (log.action, log.summary) == (
        "frontdoor.triage_contact",
        "Rated red: Child alone overnight",
    )


def test_a_check_needs_a_question(contact, practitioner, police):
    with pytest.raises(ValidationError) as error:
        request_check(contact=contact, agency=police, question=" ", by=practitioner)

    assert error.value.message_dict == {"question": ["Enter what you are asking the agency"]}
    assert (AgencyCheck.objects.count(), DueItem.objects.count()) == (0, 1)


def test_an_agency_is_asked_one_check_at_a_time(contact, practitioner, police):
    request_check(contact=contact, agency=police, question="Call-outs?", by=practitioner)

    with pytest.raises(ValidationError) as error:
        request_check(contact=contact, agency=police, question="Anything else?", by=practitioner)

    assert error.value.message_dict == {
        "agency": ["A check with North Police is already waiting for an answer"]
    }
    assert AgencyCheck.objects.count() == 1


def test_checks_are_requested_only_before_a_decision_is_proposed(contact, practitioner, police):
    rated(contact, practitioner)
    propose_decision(contact=contact, details=decision_details(), by=practitioner)

    with pytest.raises(ValidationError, match="before the decision is proposed"):
        request_check(contact=contact, agency=police, question="Call-outs?", by=practitioner)

    assert AgencyCheck.objects.count() == 0


def test_a_check_is_asked_of_the_agency_by_the_practitioner(clock, contact, practitioner, police):
    check = request_check(contact=contact, agency=police, question=" Call-outs? ", by=practitioner)

    check.refresh_from_db()
    assert (
        check.agency,
        check.question,
        check.status,
        check.requested_by,
        check.requested_at,
    ) == (police, "Call-outs?", "requested", practitioner, london(2026, 6, 1, 10, 0))


def test_an_answer_needs_the_information(contact, practitioner, police, police_user):
    check = request_check(contact=contact, agency=police, question="Call-outs?", by=practitioner)

    with pytest.raises(ValidationError) as error:
        return_check(check=check, information="  ", by=police_user)

    check.refresh_from_db()
    assert error.value.message_dict == {"information": ["Enter the information the agency holds"]}
    assert (check.status, check.returned_at) == ("requested", None)


def test_the_mash_can_record_an_answer_taken_by_phone(contact, practitioner, police):
    check = request_check(contact=contact, agency=police, question="Call-outs?", by=practitioner)

    return_check(check=check, information="None known", by=practitioner)

    check.refresh_from_db()
    assert (check.status, check.returned_by) == ("returned", practitioner)


def test_chasing_a_check_counts_the_chases(clock, contact, practitioner, police):
    check = request_check(contact=contact, agency=police, question="Call-outs?", by=practitioner)
    chase_check(check=check, by=practitioner)
    clock.now = london(2026, 6, 1, 15, 0)

    chase_check(check=check, by=practitioner)

    check.refresh_from_db()
    assert (check.chase_count, check.chased_at) == (2, london(2026, 6, 1, 15, 0))


def test_a_chase_repeated_within_the_window_counts_once(
    clock, contact, practitioner, police, settings
):
    settings.OPENCSC_CHASE_REPEAT_MINUTES = 10
    check = request_check(contact=contact, agency=police, question="Call-outs?", by=practitioner)
    chase_check(check=check, by=practitioner)
    clock.now = london(2026, 6, 1, 10, 9) + timedelta(seconds=59)

    with pytest.raises(ValidationError) as raised:
        chase_check(check=check, by=MashPractitionerFactory())

    assert raised.value.code == "chased_just_now"
    assert raised.value.messages == [
        "North Police was chased at 10:00: a chase repeated within 10 minutes counts once."
    ]
    check.refresh_from_db()
    assert (check.chase_count, check.chased_at) == (1, london(2026, 6, 1, 10, 0))
    clock.now = london(2026, 6, 1, 10, 10)
    chase_check(check=check, by=practitioner)
    check.refresh_from_db()
    assert check.chase_count == 2


def test_an_answered_check_is_not_chased(practitioner):
    check = AgencyCheckFactory(returned=True)

    with pytest.raises(ValidationError, match="no longer waiting for an answer"):
        chase_check(check=check, by=practitioner)

    check.refresh_from_db()
    assert check.chase_count == 0


# The daily MASH meeting


def test_a_manager_puts_a_contact_on_a_meetings_agenda(contact, manager):
    item = choose_for_meeting(contact=contact, meeting_on=date(2026, 6, 2), by=manager)

    assert (item.contact, item.meeting_on, item.added_by, item.agreed) == (
        contact,
        date(2026, 6, 2),
        manager,
        "",
    )


@pytest.mark.parametrize(
    ("meeting_on", "errors"),
    [
        (date(2026, 5, 29), {"meeting_on": ["The meeting date must be today or in the future"]}),
        (date(2026, 6, 2), {"meeting_on": ["This contact is already on that day's meeting"]}),
    ],
)
def test_a_meeting_date_in_the_past_or_already_chosen_is_refused(
    contact, manager, meeting_on, errors
):
    choose_for_meeting(contact=contact, meeting_on=date(2026, 6, 2), by=manager)

    with pytest.raises(ValidationError) as error:
        choose_for_meeting(contact=contact, meeting_on=meeting_on, by=manager)

    assert error.value.message_dict == errors
    assert MeetingItem.objects.count() == 1


def test_what_the_meeting_agreed_is_recorded_once(contact, practitioner, second_manager):
    record_meeting_outcome(
        contact=contact, meeting_on=date(2026, 6, 1), agreed="Ask the police", by=practitioner
    )

    with pytest.raises(ValidationError) as error:
        record_meeting_outcome(
            contact=contact, meeting_on=date(2026, 6, 1), agreed="Close", by=second_manager
        )

    assert error.value.message_dict == {
        "agreed": ["The meeting's agreement was already recorded by Priya Shah"]
    }
    assert MeetingItem.objects.get().agreed == "Ask the police"


def test_a_meeting_outcome_needs_what_was_agreed(contact, practitioner):
    with pytest.raises(ValidationError) as error:
        record_meeting_outcome(
            contact=contact, meeting_on=date(2026, 6, 1), agreed=" ", by=practitioner
        )

    assert error.value.message_dict == {"agreed": ["Enter what the meeting agreed"]}
    assert MeetingItem.objects.count() == 0

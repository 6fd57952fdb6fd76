"""Issue 13 at the front door: rating and consent first, checks before the decision, and a decision
not to hold a strategy discussion after a disclosure seen by a head of service the same day.

The first tests are the failures the issue names, as a practitioner met them."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.models import Role
from opencsc.frontdoor import selectors
from opencsc.frontdoor.models import AgencyCheck, Contact
from opencsc.frontdoor.services import (
    authorise_decision,
    authorise_override,
    propose_decision,
    propose_override,
    record_consent,
    record_contact,
    request_check,
    return_check,
    return_override,
)
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from opencsc.workforce import selectors as workforce
from opencsc.workforce import tray
from opencsc.workforce.services import acknowledge_alert
from tests.factories import PartnerAgencyUserFactory, PersonFactory, UserFactory
from tests.frontdoor.helpers import contact_details, decision_details, rated

DAD_PUNCHED_ME = "Dad punched me"


@pytest.fixture
def boy(db):
    return PersonFactory(first_name="Leo", last_name="Grant", sex="M")


@pytest.fixture
def boys_contact(clock, practitioner, boy) -> Contact:
    """The boy's contact: he told his teacher "Dad punched me"; consent not sought."""
    return record_contact(
        details=contact_details(
            children=[boy],
            concerns=["physical_abuse"],
            disclosure="physical",
            disclosure_details=DAD_PUNCHED_ME,
            consent="not_sought",
            consent_asked="",
            consent_not_sought_reason="Asking the father could put the boy at risk",
        ),
        by=practitioner,
    )


@pytest.fixture
def head_of_service(db):
    return UserFactory(role=Role.HEAD_OF_SERVICE, first_name="Hana", last_name="Ross")


def _early_help(early_help, **changes):
    return decision_details(
        "early_help", threshold_level="2", early_help_team=early_help, **changes
    )


# The failures the issue names


def test_the_boys_contact_cannot_be_decided_unrated(boys_contact, practitioner, early_help):
    with pytest.raises(ValidationError, match="Rate this contact"):
        propose_decision(
            contact=boys_contact,
            details=_early_help(early_help, checks_reason="Not needed."),
            by=practitioner,
        )

    assert not boys_contact.decisions.exists()


def test_the_boys_early_help_decision_with_no_checks_needs_a_reason(
    boys_contact, practitioner, early_help
):
    rated(boys_contact, practitioner, "red")

    with pytest.raises(ValidationError) as error:
        propose_decision(
            contact=boys_contact, details=_early_help(early_help, checks_reason=""), by=practitioner
        )

    assert error.value.message_dict == {
        "checks_reason": [
            "No agency checks were requested: enter why this decision is made without them"
        ]
    }


def test_checks_cannot_be_sent_when_consent_is_refused_and_not_overridden(
    clock, practitioner, child, police
):
    contact = record_contact(
        details=contact_details(children=[child], consent="refused", consent_asked="parent"),
        by=practitioner,
    )

    with pytest.raises(ValidationError, match="has not been overridden"):
        request_check(contact=contact, agency=police, question="Call-outs?", by=practitioner)

    assert not AgencyCheck.objects.exists()


def test_an_override_is_authorised_by_a_managers_login_not_typed_text(
    clock, boys_contact, practitioner, manager, police
):
    override = propose_override(
        contact=boys_contact,
        reason="disclosure",
        rationale="He disclosed being punched: the police must be asked today",
        by=practitioner,
    )

    authorise_override(override=override, by=manager)

    boys_contact.refresh_from_db()
    assert (
        boys_contact.is_consent_overridden,
        boys_contact.consent_override_reason,
        boys_contact.consent_override_authorised_by,
        boys_contact.consent_override_authorised_at,
    ) == (True, "disclosure", manager, clock.now)
    check = request_check(contact=boys_contact, agency=police, question="Known?", by=practitioner)
    assert check.status == "requested"


def test_outstanding_checks_are_not_silently_withdrawn_at_authorisation(
    contact, practitioner, manager, police
):
    rated(contact, practitioner)
    check = request_check(contact=contact, agency=police, question="Call-outs?", by=practitioner)
    decision = propose_decision(contact=contact, details=decision_details(), by=practitioner)

    with pytest.raises(ValidationError) as error:
        authorise_decision(decision=decision, by=manager)

    assert list(error.value.message_dict) == ["open_checks"]
    check.refresh_from_db()
    assert check.status == "requested"


# Rating and consent


def test_a_rated_contact_may_be_decided(contact, practitioner):
    rated(contact, practitioner)

    decision = propose_decision(contact=contact, details=decision_details(), by=practitioner)

    assert decision.status == "proposed"


def test_consent_asked_later_is_recorded_with_who_was_asked_and_the_contact_follows_it(
    clock, boys_contact, practitioner, police
):
    record = record_consent(
        contact=boys_contact, asked="young_person", answer="given", by=practitioner
    )

    boys_contact.refresh_from_db()
    assert (record.asked, record.answer, record.asked_by, record.asked_at) == (
        "young_person",
        "given",
        practitioner,
        clock.now,
    )
    assert (boys_contact.consent, boys_contact.consent_not_sought_reason) == ("given", "")
    assert request_check(contact=boys_contact, agency=police, question="?", by=practitioner)


def test_consent_needs_who_was_asked_and_the_answer(boys_contact, practitioner):
    with pytest.raises(ValidationError) as error:
        record_consent(contact=boys_contact, asked="", answer="maybe", by=practitioner)

    assert set(error.value.message_dict) == {"asked", "answer"}


def test_the_requester_cannot_authorise_their_own_override(boys_contact, manager):
    override = propose_override(
        contact=boys_contact, reason="disclosure", rationale="Disclosed harm", by=manager
    )

    with pytest.raises(PermissionDenied, match="another manager must authorise it"):
        authorise_override(override=override, by=manager)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.MASH_PRACTITIONER, False),
        (Role.SOCIAL_WORKER, False),
        (Role.QUALITY_ASSURANCE, False),
        (Role.PARTNER_AGENCY, False),
        (Role.HEAD_OF_SERVICE, True),
    ],
)
def test_only_a_manager_authorises_an_override(boys_contact, practitioner, mash, role, allowed):
    override = propose_override(
        contact=boys_contact, reason="disclosure", rationale="Disclosed harm", by=practitioner
    )
    user = UserFactory(role=role, team=mash if role != Role.HEAD_OF_SERVICE else None)

    if allowed:
        authorise_override(override=override, by=user)
    else:
        with pytest.raises(PermissionDenied):
            authorise_override(override=override, by=user)


def test_a_turned_down_override_leaves_checks_closed(boys_contact, practitioner, manager, police):
    override = propose_override(
        contact=boys_contact, reason="other", rationale="Risk of harm", by=practitioner
    )

    return_override(override=override, comment="Ask the mother first", by=manager)

    with pytest.raises(ValidationError, match="has not been overridden"):
        request_check(contact=boys_contact, agency=police, question="?", by=practitioner)


def _returned_lines(user):
    today = timezone.localdate()
    lines = tray.tray_lines(user, list(tray.worker_tray(user, today=today)), today=today)
    return [line for line in lines if line.item.rule == rules.RETURNED_TO_WORKER.code]


def test_a_turned_down_override_waits_in_the_requesters_tray(boys_contact, practitioner, manager):
    override = propose_override(
        contact=boys_contact, reason="other", rationale="Risk of harm", by=practitioner
    )
    assert _returned_lines(practitioner) == []

    return_override(override=override, comment="Ask the mother first", by=manager)

    [line] = _returned_lines(practitioner)
    assert line.section == "Returned to you by a manager"
    assert (line.comment, line.from_whom) == ("Ask the mother first", manager)
    assert line.url == reverse("frontdoor:contact-detail", args=[boys_contact.pk])
    assert line.item.summary == "Consent override not authorised"
    assert _returned_lines(manager) == []


def test_asking_again_or_consent_given_takes_the_returned_override_off_the_tray(
    boys_contact, practitioner, manager
):
    first = propose_override(
        contact=boys_contact, reason="other", rationale="Risk of harm", by=practitioner
    )
    return_override(override=first, comment="Ask the mother first", by=manager)

    second = propose_override(
        contact=boys_contact, reason="other", rationale="The mother refused too", by=practitioner
    )

    assert _returned_lines(practitioner) == []
    assert DueItem.objects.get(rule=rules.RETURNED_TO_WORKER.code).close_note == (
        "An override was asked for again"
    )
    return_override(override=second, comment="Ask the boy himself", by=manager)
    assert len(_returned_lines(practitioner)) == 1

    record_consent(contact=boys_contact, asked="young_person", answer="given", by=practitioner)

    assert _returned_lines(practitioner) == []


def test_the_override_reasons_offered_follow_the_contact(boys_contact, contact, practitioner):
    rated(boys_contact, practitioner, "red")

    assert [code for code, _ in boys_contact.override_reasons()] == [
        "red_rating",
        "disclosure",
        "other",
    ]
    assert [code for code, _ in contact.override_reasons()] == ["other"]
    with pytest.raises(ValidationError) as error:
        propose_override(contact=contact, reason="disclosure", rationale="?", by=practitioner)
    assert list(error.value.message_dict) == ["reason"]


def test_consent_given_has_nothing_to_override(contact, practitioner):
    with pytest.raises(ValidationError, match="nothing to override"):
        propose_override(contact=contact, reason="other", rationale="Risk", by=practitioner)


def test_consent_outcomes_and_overrides_are_reported(boys_contact, contact, practitioner, manager):
    override = propose_override(
        contact=boys_contact, reason="disclosure", rationale="Disclosed harm", by=practitioner
    )
    authorise_override(override=override, by=manager)

    outcomes = selectors.consent_outcomes(user=manager, since=date(2026, 1, 1))

    assert (outcomes.given, outcomes.not_sought, outcomes.overridden_by_manager) == (1, 1, 1)
    assert outcomes.checks_without_consent == 0
    assert list(selectors.consent_overrides(user=manager, since=date(2026, 1, 1))) == [boys_contact]


# Checks before the decision


def test_checks_outstanding_need_a_reason_the_manager_sees(contact, practitioner, manager, police):
    rated(contact, practitioner)
    request_check(contact=contact, agency=police, question="Call-outs?", by=practitioner)

    with pytest.raises(ValidationError) as error:
        propose_decision(
            contact=contact, details=decision_details(checks_reason=""), by=practitioner
        )
    decision = propose_decision(
        contact=contact,
        details=decision_details(checks_reason="The police are closed until Monday"),
        by=practitioner,
    )

    assert list(error.value.message_dict) == ["checks_reason"]
    assert (decision.checks_at_proposal, decision.checks_reason) == (
        "outstanding",
        "The police are closed until Monday",
    )


def test_no_reason_is_needed_when_every_check_came_back(contact, practitioner, police):
    rated(contact, practitioner)
    check = request_check(contact=contact, agency=police, question="?", by=practitioner)
    return_check(check=check, information="Not known", by=PartnerAgencyUserFactory(agency=police))

    decision = propose_decision(
        contact=contact, details=decision_details(checks_reason=""), by=practitioner
    )

    assert (decision.checks_at_proposal, decision.checks_reason) == ("returned", "")


def test_no_further_action_without_checks_needs_no_reason(contact, practitioner):
    rated(contact, practitioner)

    decision = propose_decision(
        contact=contact,
        details=decision_details("nfa", threshold_level="1", checks_reason=""),
        by=practitioner,
    )

    assert decision.checks_at_proposal == "none"


def test_a_check_left_open_at_the_decision_comes_back_to_the_childs_record(
    clock, contact, practitioner, manager, police, child
):
    rated(contact, practitioner)
    check = request_check(contact=contact, agency=police, question="Call-outs?", by=practitioner)
    decision = propose_decision(contact=contact, details=decision_details(), by=practitioner)

    authorise_decision(decision=decision, by=manager, open_checks="keep_open")
    return_check(
        check=check, information="Two call-outs", by=PartnerAgencyUserFactory(agency=police)
    )

    check.refresh_from_db()
    decision.refresh_from_db()
    assert (check.status, check.kept_open_at_decision, check.withdrawn_by) == (
        "returned",
        True,
        None,
    )
    assert decision.open_checks == "keep_open"
    [shown] = selectors.contacts_for_child(child)
    assert [(c.agency, c.information) for c in shown.late_checks] == [(police, "Two call-outs")]


def test_decisions_made_without_checks_are_counted(contact, practitioner, manager):
    rated(contact, practitioner)
    decision = propose_decision(contact=contact, details=decision_details(), by=practitioner)
    authorise_decision(decision=decision, by=manager)

    counts = selectors.count_decisions_without_checks(user=manager, since=date(2026, 1, 1))

    assert counts == {"none_requested": 1, "outstanding": 0}
    assert selectors.count_decisions_without_checks(user=practitioner, since=date(2026, 1, 1)) == {
        "none_requested": 0,
        "outstanding": 0,
    }


# A decision not to hold a strategy discussion after a disclosure


def _decide_early_help(boys_contact, practitioner, manager, early_help):
    rated(boys_contact, practitioner, "red")
    decision = propose_decision(
        contact=boys_contact,
        details=_early_help(early_help, checks_reason="Not needed."),
        by=practitioner,
    )
    return authorise_decision(
        decision=decision, by=manager, no_strategy_discussion_reason="Not needed."
    )


def test_no_strategy_discussion_after_a_disclosure_reaches_the_head_of_service_that_day(
    clock, boys_contact, practitioner, manager, early_help, head_of_service
):
    _decide_early_help(boys_contact, practitioner, manager, early_help)

    today = clock.now.date()
    alerts = list(workforce.manager_alerts(head_of_service, today=today))
    assert [(item.rule, item.due_on) for item in alerts] == [
        ("no_strategy_after_disclosure", today)
    ]
    # Not the MASH manager's own list: it goes above them.
    assert not workforce.manager_alerts(manager, today=today).filter(
        rule="no_strategy_after_disclosure"
    )


def test_the_head_of_service_acknowledges_it_and_it_leaves_the_list(
    clock, boys_contact, practitioner, manager, early_help, head_of_service
):
    _decide_early_help(boys_contact, practitioner, manager, early_help)
    item = DueItem.objects.get(rule="no_strategy_after_disclosure")

    with pytest.raises(PermissionDenied):
        acknowledge_alert(due_item=item, note="Seen", by=manager)
    acknowledgement = acknowledge_alert(
        due_item=item, note="Strategy discussion to be held today", by=head_of_service
    )

    assert (acknowledgement.acknowledged_by, acknowledgement.acknowledged_at) == (
        head_of_service,
        clock.now,
    )
    assert not workforce.manager_alerts(head_of_service, today=clock.now.date()).exists()


def test_a_section_47_decision_after_a_disclosure_raises_no_such_alert(
    boys_contact, practitioner, manager
):
    rated(boys_contact, practitioner, "red")
    decision = propose_decision(
        contact=boys_contact, details=decision_details("section_47"), by=practitioner
    )

    authorise_decision(decision=decision, by=manager)

    assert not DueItem.objects.filter(rule="no_strategy_after_disclosure").exists()

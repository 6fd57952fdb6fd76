"""Threshold decisions: proposed by the MASH, authorised or returned by a manager, never edited once
authorised; what an authorised decision starts (referrals, strategy discussions, transfers)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessLog
from opencsc.casework.models import Referral, Transfer
from opencsc.chronology.models import ChronologyEntry
from opencsc.frontdoor.models import Contact, ContactDecision
from opencsc.frontdoor.services import (
    authorise_decision,
    propose_decision,
    record_contact,
    request_check,
    return_check,
    return_decision,
)
from opencsc.timescales.models import DueItem
from tests.factories import (
    ContactChildFactory,
    ContactDecisionFactory,
    PartnerAgencyUserFactory,
    PersonFactory,
    ReferralFactory,
    TeamFactory,
)
from tests.frontdoor.helpers import contact_details, decision_details, london, rated

NO_STRATEGY_DISCUSSION = (
    "A child disclosed physical or sexual abuse: enter why this is not going to a strategy "
    "discussion"
)


@pytest.fixture
def contact(contact, practitioner) -> Contact:
    """The school's contact, rated amber: a decision is proposed only on a rated contact."""
    return rated(contact, practitioner)


@pytest.fixture
def proposed(contact, practitioner) -> ContactDecision:
    """A section 17 decision proposed on `contact` at 10:00 on Monday 1 June 2026."""
    return propose_decision(contact=contact, details=decision_details(), by=practitioner)


def _contact(clock, practitioner, received_at: datetime, **changes) -> Contact:
    """A contact received at `received_at`, recorded a minute later."""
    clock.now = received_at + timedelta(minutes=1)
    details = contact_details(received_at=received_at, **changes)
    return rated(record_contact(details=details, by=practitioner), practitioner)


def _items(record) -> list[tuple[str, date, date, bool]]:
    items = DueItem.objects.filter(record_id=record.pk, record_type__model=record._meta.model_name)
    return [(i.rule, i.starts_on, i.due_on, i.closed_at is None) for i in items.order_by("pk")]


# Proposing


def test_proposing_a_decision_puts_the_contact_awaiting_authorisation(clock, contact, practitioner):
    decision = propose_decision(contact=contact, details=decision_details(), by=practitioner)

    contact.refresh_from_db()
    assert (
        decision.version,
        decision.status,
        decision.outcome,
        decision.primary_need,
        decision.proposed_by,
        decision.proposed_at,
        contact.status,
    ) == (1, "proposed", "section_17", "N1", practitioner, clock.now, "awaiting_authorisation")


def test_a_second_proposal_is_refused_while_one_awaits_authorisation(proposed, practitioner):
    with pytest.raises(ValidationError, match="already awaiting authorisation: it was not changed"):
        propose_decision(
            contact=proposed.contact,
            details=decision_details("advice", threshold_level="1"),
            by=practitioner,
        )

    assert list(ContactDecision.objects.all()) == [proposed]


@pytest.mark.parametrize(
    ("outcome", "changes", "errors"),
    [
        ("maybe", {}, {"outcome": ["Choose the outcome"]}),
        (
            "section_17",
            {"threshold_level": "9"},
            {"threshold_level": ["Choose the threshold level"]},
        ),
        (
            "section_17",
            {"rationale": "  "},
            {"rationale": ["Enter the rationale for this decision"]},
        ),
        ("section_47", {"primary_need": ""}, {"primary_need": ["Choose the child's primary need"]}),
        (
            "section_17",
            {"primary_need": "N99"},
            {"primary_need": ["Value 'N99' is not a valid choice."]},
        ),
        ("early_help", {}, {"early_help_team": ["Choose the early help team"]}),
        (
            "early_help",
            {"early_help_team": TeamFactory.build(kind="assessment")},
            {"early_help_team": ["Choose the early help team"]},
        ),
    ],
)
def test_a_proposal_with_bad_input_is_refused_field_by_field_and_nothing_is_saved(
    contact, practitioner, outcome, changes, errors
):
    with pytest.raises(ValidationError) as error:
        propose_decision(
            contact=contact, details=decision_details(outcome, **changes), by=practitioner
        )

    contact.refresh_from_db()
    assert error.value.message_dict == errors
    assert (contact.status, ContactDecision.objects.count()) == ("open", 0)


def test_threshold_levels_come_from_the_councils_threshold_document(
    settings, contact, practitioner
):
    settings.OPENCSC_THRESHOLD_LEVELS = [("U", "Universal"), ("T", "Targeted"), ("S", "Specialist")]

    decision = propose_decision(
        contact=contact, details=decision_details(threshold_level="S"), by=practitioner
    )

    assert (decision.threshold_level, decision.get_threshold_level_display()) == ("S", "Specialist")


# Who authorises


def test_the_proposer_cannot_authorise_their_own_decision(contact, manager):
    decision = propose_decision(contact=contact, details=decision_details(), by=manager)

    with pytest.raises(PermissionDenied, match="another manager must authorise it"):
        authorise_decision(decision=decision, by=manager)

    decision.refresh_from_db()
    assert (decision.status, Referral.objects.count()) == ("proposed", 0)


@pytest.mark.parametrize(
    ("role", "in_the_mash"),
    [
        (Role.MASH_PRACTITIONER, True),
        (Role.SOCIAL_WORKER, True),
        (Role.TEAM_MANAGER, False),  # a manager of another team
        (Role.QUALITY_ASSURANCE, False),
    ],
)
def test_only_a_mash_manager_or_head_of_service_authorises(
    proposed, make_user, mash, role, in_the_mash
):
    user = make_user(role, team=mash if in_the_mash else TeamFactory(name="Assessment 2"))

    with pytest.raises(PermissionDenied):
        authorise_decision(decision=proposed, by=user)

    proposed.refresh_from_db()
    assert proposed.status == "proposed"


def test_a_head_of_service_authorises_without_being_in_the_mash(proposed, make_user):
    head = make_user(Role.HEAD_OF_SERVICE)

    decision = authorise_decision(decision=proposed, by=head)

    assert (decision.status, decision.reviewed_by) == ("authorised", head)


# Authorising


def test_authorising_records_who_and_when_and_decides_the_contact(clock, proposed, manager):
    clock.now = london(2026, 6, 1, 15, 0)

    decision = authorise_decision(decision=proposed, by=manager, comment=" Agreed. ")

    decision.refresh_from_db()
    contact = decision.contact
    assert (
        decision.status,
        decision.reviewed_by,
        decision.reviewed_at,
        decision.manager_comment,
    ) == (
        "authorised",
        manager,
        london(2026, 6, 1, 15, 0),
        "Agreed.",
    )
    assert (contact.status, contact.decided_on) == ("decided", date(2026, 6, 1))


def test_authorising_a_section_17_decision_opens_a_referral_for_each_child(
    clock, practitioner, manager, child
):
    sibling = PersonFactory(first_name="Kemi", last_name="Okafor")
    contact = _contact(
        clock,
        practitioner,
        london(2026, 6, 1, 9, 30),
        children=[child, sibling],
        referral_source="3A",
    )
    decision = propose_decision(
        contact=contact, details=decision_details(primary_need="N4"), by=practitioner
    )

    authorise_decision(decision=decision, by=manager)

    referrals = Referral.objects.order_by("child_id")
    assert [
        (
            r.child,
            r.contact,
            r.decision,
            r.referred_on,
            r.referral_source,
            r.primary_need,
            r.status,
            r.is_re_referral,
            r.created_by,
        )
        for r in referrals
    ] == [
        (person, contact, decision, date(2026, 6, 1), "3A", "N4", "open", False, manager)
        for person in (child, sibling)
    ]


def test_a_referral_is_dated_the_day_the_contact_arrived_in_london(
    clock, practitioner, manager, child
):
    received = datetime(2026, 5, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 June in London
    contact = _contact(clock, practitioner, received, children=[child])
    clock.now = london(2026, 6, 2, 10, 0)
    decision = propose_decision(contact=contact, details=decision_details(), by=practitioner)

    authorise_decision(decision=decision, by=manager)

    assert Referral.objects.get().referred_on == date(2026, 6, 1)


def test_a_referral_starts_the_45_working_day_assessment_from_the_day_the_contact_arrived(
    clock, practitioner, manager, child
):
    contact = _contact(clock, practitioner, london(2025, 11, 20, 9, 30), children=[child])
    clock.now = london(2025, 11, 21, 12, 0)
    decision = propose_decision(contact=contact, details=decision_details(), by=practitioner)

    authorise_decision(decision=decision, by=manager)

    assert _items(Referral.objects.get()) == [
        ("assessment", date(2025, 11, 20), date(2026, 1, 27), True)  # over Christmas
    ]


def test_authorising_closes_the_contacts_decision_deadline(clock, proposed, manager):
    authorise_decision(decision=proposed, by=manager)

    assert _items(proposed.contact) == [
        ("referral_decision", date(2026, 6, 1), date(2026, 6, 2), False),
        ("contact_decision_amber", date(2026, 6, 1), date(2026, 6, 2), False),
    ]
    assert DueItem.objects.get(rule="contact_decision_amber").close_note == (
        "Statutory assessment (section 17)"
    )


def test_authorising_writes_the_decision_and_the_referral_on_the_chronology(
    clock, proposed, manager, child
):
    reference = proposed.contact.reference

    authorise_decision(decision=proposed, by=manager)

    entries = ChronologyEntry.objects.filter(child=child).order_by("pk")
    assert [(e.kind, e.happened_on, e.summary) for e in entries] == [
        ("contact", date(2026, 6, 1), f"Contact {reference} from SCHOOLS: Neglect"),
        ("contact", date(2026, 6, 1), f"Contact {reference}: rated amber"),
        (
            "contact",
            date(2026, 6, 1),
            f"Contact {reference}: decision proposed: Statutory assessment (section 17)",
        ),
        (
            "contact",
            date(2026, 6, 1),
            f"Contact {reference} decided: Statutory assessment (section 17)",
        ),
        ("referral", date(2026, 6, 1), "Referral: Abuse, neglect and exploitation"),
    ]


def test_authorising_is_logged_as_changes_to_the_decision_and_the_referral(
    clock, proposed, manager, child
):
    authorise_decision(decision=proposed, by=manager)

    referral = Referral.objects.get()
    changes = AccessLog.objects.filter(kind="change", user=manager).order_by("pk")
    assert [(log.action, log.child, log.record_id, log.summary) for log in changes] == [
        ("casework.open_referral", child, referral.pk, "Referral on 1 June 2026"),
        (
            "frontdoor.authorise_decision",
            child,
            proposed.pk,
            "Authorised: Statutory assessment (section 17) (version 1)",
        ),
    ]


def test_authorising_a_section_47_decision_also_schedules_a_strategy_discussion(
    clock, practitioner, manager, child
):
    contact = _contact(clock, practitioner, london(2026, 5, 22, 9, 30), children=[child])
    decision = propose_decision(
        contact=contact, details=decision_details("section_47"), by=practitioner
    )
    clock.now = london(2026, 5, 23, 10, 0)  # authorised on a Saturday

    authorise_decision(decision=decision, by=manager)

    assert _items(Referral.objects.get()) == [
        ("assessment", date(2026, 5, 22), date(2026, 7, 27), True),
        (
            "strategy_discussion",
            date(2026, 5, 23),
            date(2026, 5, 26),
            True,
        ),  # past the bank holiday
    ]


def test_authorising_early_help_steps_the_child_down_to_the_chosen_team(
    clock, contact, practitioner, manager, mash, early_help, child
):
    clock.now = london(2026, 6, 2, 10, 0)
    details = decision_details(
        "early_help",
        threshold_level="2",
        rationale="Needs family support",
        early_help_team=early_help,
    )
    decision = propose_decision(contact=contact, details=details, by=practitioner)

    authorise_decision(decision=decision, by=manager)

    transfer = Transfer.objects.get()
    assert (
        transfer.child,
        transfer.kind,
        transfer.from_team,
        transfer.to_team,
        transfer.transferred_on,
        transfer.reason,
        transfer.contact,
        transfer.recorded_by,
    ) == (
        child,
        "step_down",
        mash,
        early_help,
        date(2026, 6, 2),
        "Needs family support",
        contact,
        manager,
    )
    assert Referral.objects.count() == 0


def test_a_step_up_from_early_help_with_a_statutory_outcome_is_recorded(
    clock, practitioner, manager, mash, early_help, child
):
    contact = _contact(
        clock, practitioner, london(2026, 6, 1, 9, 30), children=[child], stepped_up_from=early_help
    )
    decision = propose_decision(contact=contact, details=decision_details(), by=practitioner)

    authorise_decision(decision=decision, by=manager)

    transfer = Transfer.objects.get()
    assert (
        transfer.child,
        transfer.kind,
        transfer.from_team,
        transfer.to_team,
        transfer.contact,
    ) == (
        child,
        "step_up",
        early_help,
        mash,
        contact,
    )
    assert Referral.objects.get().child == child


@pytest.mark.parametrize("outcome", ["nfa", "advice"])
def test_no_further_action_or_advice_opens_no_referral_and_no_transfer(
    contact, practitioner, manager, outcome
):
    decision = propose_decision(
        contact=contact, details=decision_details(outcome, threshold_level="1"), by=practitioner
    )

    authorise_decision(decision=decision, by=manager)

    assert (Referral.objects.count(), Transfer.objects.count()) == (0, 0)


def test_a_manager_who_chooses_to_withdraw_outstanding_checks_is_recorded_withdrawing_them(
    clock, contact, practitioner, manager, police, health
):
    waiting = request_check(contact=contact, agency=police, question="Call-outs?", by=practitioner)
    answered = request_check(contact=contact, agency=health, question="Known?", by=practitioner)
    return_check(
        check=answered,
        information="Missed appointments",
        by=PartnerAgencyUserFactory(agency=health),
    )
    decision = propose_decision(contact=contact, details=decision_details(), by=practitioner)

    authorise_decision(decision=decision, by=manager, open_checks="withdraw")

    waiting.refresh_from_db()
    answered.refresh_from_db()
    assert (waiting.status, answered.status) == ("withdrawn", "returned")
    assert (waiting.withdrawn_by, waiting.withdrawn_at) == (manager, clock.now)
    item = DueItem.objects.get(record_id=waiting.pk, rule="agency_check")
    assert (item.closed_by, item.close_note) == (
        manager,
        "Withdrawn by the manager who authorised the decision",
    )


def test_a_re_referral_within_12_months_is_flagged_on_authorisation(
    clock, practitioner, manager, child
):
    previous = ReferralFactory(child=child, referred_on=date(2024, 2, 29), closed=True)
    contact = _contact(clock, practitioner, london(2025, 2, 28, 9, 30), children=[child])
    decision = propose_decision(contact=contact, details=decision_details(), by=practitioner)

    authorise_decision(decision=decision, by=manager)

    referral = Referral.objects.get(contact=contact)
    assert (referral.is_re_referral, referral.previous_referral) == (True, previous)


def test_a_referral_a_day_after_the_12_months_is_not_a_re_referral_on_authorisation(
    clock, practitioner, manager, child
):
    ReferralFactory(child=child, referred_on=date(2024, 2, 29), closed=True)
    contact = _contact(clock, practitioner, london(2025, 3, 1, 9, 30), children=[child])
    decision = propose_decision(contact=contact, details=decision_details(), by=practitioner)

    authorise_decision(decision=decision, by=manager)

    referral = Referral.objects.get(contact=contact)
    assert (referral.is_re_referral, referral.previous_referral) == (False, None)


def test_a_child_with_an_open_referral_keeps_it_on_authorisation(clock, proposed, manager, child):
    open_referral = ReferralFactory(child=child, referred_on=date(2026, 4, 1))

    authorise_decision(decision=proposed, by=manager)

    assert list(Referral.objects.filter(child=child)) == [open_referral]
    assert ChronologyEntry.objects.filter(kind="referral").get().summary == (
        f"Contact {proposed.contact.reference} joined the open referral of 1 April 2026"
    )


def test_a_second_section_47_decision_joining_the_open_referral_keeps_one_strategy_clock(
    clock, practitioner, manager, child
):
    first = propose_decision(
        contact=frontdoor_contact(practitioner, child),
        details=decision_details("section_47"),
        by=practitioner,
    )
    authorise_decision(decision=first, by=manager)
    second = propose_decision(
        contact=frontdoor_contact(practitioner, child),
        details=decision_details("section_47"),
        by=practitioner,
    )

    authorise_decision(decision=second, by=manager)

    assert Referral.objects.filter(child=child).count() == 1
    assert DueItem.objects.filter(rule="strategy_discussion", closed_at=None).count() == 1


def frontdoor_contact(practitioner, child) -> Contact:
    return rated(
        record_contact(details=contact_details(children=[child]), by=practitioner), practitioner
    )


# Returning for more work


def test_returning_a_decision_puts_the_contact_back_to_open_with_the_comment(
    clock, proposed, manager
):
    decision = return_decision(
        decision=proposed, comment=" Speak to the school first. ", by=manager
    )

    decision.refresh_from_db()
    assert (decision.status, decision.manager_comment, decision.reviewed_by) == (
        "returned",
        "Speak to the school first.",
        manager,
    )
    assert decision.contact.status == "open"


def test_returning_a_decision_needs_a_comment(proposed, manager):
    with pytest.raises(ValidationError) as error:
        return_decision(decision=proposed, comment=" ", by=manager)

    proposed.refresh_from_db()
    assert error.value.message_dict == {"comment": ["Enter what more work is needed"]}
    assert (proposed.status, proposed.contact.status) == ("proposed", "awaiting_authorisation")


def test_after_a_return_the_next_proposal_is_a_new_version(proposed, practitioner, manager):
    return_decision(decision=proposed, comment="Speak to the school first.", by=manager)

    second = propose_decision(
        contact=proposed.contact,
        details=decision_details("advice", threshold_level="1"),
        by=practitioner,
    )

    assert (second.version, second.amends, second.status) == (2, None, "proposed")


def test_returning_an_amendment_leaves_the_authorised_decision_standing(
    clock, practitioner, manager
):
    authorised = ContactDecisionFactory(authorised=True)
    ContactChildFactory(contact=authorised.contact)
    details = decision_details("section_47", amendment_reason="Police disclosed an assault")
    amendment = propose_decision(contact=authorised.contact, details=details, by=practitioner)

    return_decision(decision=amendment, comment="The police report does not say that", by=manager)

    authorised.refresh_from_db()
    assert authorised.status == "authorised"
    assert (authorised.contact.status, authorised.contact.decided_on) == (
        "decided",
        date(2026, 6, 2),
    )


# Authorised decisions are never edited


@pytest.fixture
def authorised(proposed, manager) -> ContactDecision:
    return authorise_decision(decision=proposed, by=manager)


def test_an_authorised_decision_cannot_be_authorised_again(authorised, second_manager):
    with pytest.raises(
        ValidationError,
        match=r"This decision has already been authorised by Tom Reid: nothing was changed\.",
    ):
        authorise_decision(decision=authorised, by=second_manager)

    authorised.refresh_from_db()
    assert (authorised.reviewed_by.last_name, Referral.objects.count()) == ("Reid", 1)


def test_an_authorised_decision_cannot_be_returned(authorised, second_manager):
    with pytest.raises(ValidationError, match="has already been authorised by Tom Reid"):
        return_decision(decision=authorised, comment="Think again", by=second_manager)

    authorised.refresh_from_db()
    assert (authorised.status, authorised.manager_comment) == ("authorised", "")


def test_a_returned_decision_cannot_be_authorised(proposed, manager, second_manager):
    return_decision(decision=proposed, comment="Speak to the school first.", by=manager)

    with pytest.raises(ValidationError, match="already been returned for more work by Tom Reid"):
        authorise_decision(decision=proposed, by=second_manager)

    assert Referral.objects.count() == 0


def test_an_amendment_needs_a_reason(authorised, practitioner):
    with pytest.raises(ValidationError) as error:
        propose_decision(
            contact=authorised.contact, details=decision_details("section_47"), by=practitioner
        )

    assert error.value.message_dict == {
        "amendment_reason": ["Enter why the decision is being amended"]
    }
    assert ContactDecision.objects.count() == 1


def test_an_amendment_is_a_new_version_that_amends_the_authorised_one(authorised, practitioner):
    details = decision_details("section_47", amendment_reason="Police disclosed an assault")

    amendment = propose_decision(contact=authorised.contact, details=details, by=practitioner)

    authorised.refresh_from_db()
    amendment.contact.refresh_from_db()
    assert (amendment.version, amendment.amends, amendment.amendment_reason, amendment.status) == (
        2,
        authorised,
        "Police disclosed an assault",
        "proposed",
    )
    assert authorised.status == "authorised"
    assert (amendment.contact.status, amendment.contact.decided_on) == (
        "awaiting_authorisation",
        None,
    )


def test_authorising_an_amendment_supersedes_the_old_version_without_changing_it(
    clock, authorised, practitioner, second_manager
):
    before = model_to_dict(authorised)
    details = decision_details("section_47", amendment_reason="Police disclosed an assault")
    amendment = propose_decision(contact=authorised.contact, details=details, by=practitioner)
    clock.now = london(2026, 6, 2, 9, 0)

    authorise_decision(decision=amendment, by=second_manager)

    authorised.refresh_from_db()
    amendment.refresh_from_db()
    assert model_to_dict(authorised) == {**before, "status": "superseded"}
    assert (amendment.status, authorised.contact.status) == ("authorised", "decided")


def test_amending_section_17_to_section_47_keeps_the_referral_and_schedules_the_discussion(
    clock, authorised, practitioner, second_manager
):
    details = decision_details("section_47", amendment_reason="Police disclosed an assault")
    amendment = propose_decision(contact=authorised.contact, details=details, by=practitioner)
    clock.now = london(2026, 6, 2, 9, 0)

    authorise_decision(decision=amendment, by=second_manager)

    referral = Referral.objects.get()
    assert referral.decision == authorised
    assert _items(referral) == [
        ("assessment", date(2026, 6, 1), date(2026, 8, 3), True),
        ("strategy_discussion", date(2026, 6, 2), date(2026, 6, 2), True),
    ]


def test_a_statutory_decision_cannot_be_amended_to_a_non_statutory_outcome(
    authorised, practitioner, early_help
):
    details = decision_details(
        "early_help", early_help_team=early_help, amendment_reason="Family now engaging"
    )

    with pytest.raises(ValidationError) as error:
        propose_decision(contact=authorised.contact, details=details, by=practitioner)

    assert list(error.value.message_dict) == ["outcome"]
    assert error.value.message_dict["outcome"][0].startswith(
        "This decision opened a referral: an amendment can change between section 17 and section 47"
    )
    assert ContactDecision.objects.count() == 1


# Disclosures of physical or sexual abuse go to a strategy discussion, or the manager says why not


@pytest.mark.parametrize("disclosure", ["physical", "sexual", "physical_and_sexual"])
def test_a_disclosure_of_physical_or_sexual_abuse_needs_a_reason_not_to_hold_a_strategy_discussion(
    clock, practitioner, manager, child, disclosure
):
    contact = _contact(
        clock,
        practitioner,
        london(2026, 6, 1, 9, 30),
        children=[child],
        disclosure=disclosure,
        disclosure_details="Told her teacher she was hit",
    )
    decision = propose_decision(contact=contact, details=decision_details(), by=practitioner)

    with pytest.raises(ValidationError) as error:
        authorise_decision(decision=decision, by=manager)

    decision.refresh_from_db()
    assert error.value.message_dict == {"no_strategy_discussion_reason": [NO_STRATEGY_DISCUSSION]}
    assert (decision.status, Referral.objects.count()) == ("proposed", 0)


def test_the_reason_not_to_hold_a_strategy_discussion_is_recorded(
    clock, practitioner, manager, child
):
    contact = _contact(
        clock,
        practitioner,
        london(2026, 6, 1, 9, 30),
        children=[child],
        disclosure="physical",
        disclosure_details="Told her teacher she was hit",
    )
    decision = propose_decision(contact=contact, details=decision_details(), by=practitioner)

    authorised = authorise_decision(
        decision=decision, by=manager, no_strategy_discussion_reason=" Injury was accidental "
    )

    assert (authorised.status, authorised.no_strategy_discussion_reason) == (
        "authorised",
        "Injury was accidental",
    )


@pytest.mark.parametrize(
    ("disclosure", "outcome"),
    [("physical_and_sexual", "section_47"), ("emotional", "section_17"), ("", "section_17")],
)
def test_no_reason_is_needed_for_a_strategy_discussion_or_other_disclosures(
    clock, practitioner, manager, child, disclosure, outcome
):
    contact = _contact(
        clock,
        practitioner,
        london(2026, 6, 1, 9, 30),
        children=[child],
        disclosure=disclosure,
        disclosure_details="What the child said" if disclosure else "",
    )
    decision = propose_decision(contact=contact, details=decision_details(outcome), by=practitioner)

    authorised = authorise_decision(decision=decision, by=manager)

    assert (authorised.status, authorised.no_strategy_discussion_reason) == ("authorised", "")

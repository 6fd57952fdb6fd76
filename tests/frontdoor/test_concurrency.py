"""Two people acting on the same contact at the same moment, each on their own PostgreSQL
connection: the row locks queue them, so one succeeds and the other is told clearly why not."""

import uuid
from collections.abc import Callable

from django.core.exceptions import ValidationError

from opencsc.casework.models import Referral
from opencsc.core.submissions import AlreadySubmitted, run_once
from opencsc.frontdoor.models import AgencyCheck, Contact, ContactDecision
from opencsc.frontdoor.services import (
    authorise_decision,
    chase_check,
    propose_decision,
    record_contact,
    request_check,
)
from tests.factories import MashManagerFactory, MashPractitionerFactory, PersonFactory
from tests.frontdoor.helpers import contact_details, decision_details, rated
from tests.races import RACE_TEST, at_once, split

pytestmark = RACE_TEST


def test_two_managers_authorising_the_same_decision_at_once_authorise_it_once(
    contact, practitioner, manager, second_manager
):
    rated(contact, practitioner)
    decision = propose_decision(contact=contact, details=decision_details(), by=practitioner)

    def authorise_as(user):
        return lambda: authorise_decision(
            decision=ContactDecision.objects.get(pk=decision.pk), by=user
        )

    results = at_once(authorise_as(manager), authorise_as(second_manager))

    succeeded, failed = split(results, ContactDecision)
    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [ValidationError]
    winner = succeeded[0].reviewed_by
    assert failed[0].messages == [
        f"This decision has already been authorised by {winner}: nothing was changed."
    ]
    assert Referral.objects.filter(contact=contact).count() == 1


def test_two_practitioners_proposing_on_the_same_contact_at_once_make_one_proposal(
    contact, practitioner
):
    colleague = MashPractitionerFactory(first_name="Lee", last_name="Wong")
    rated(contact, practitioner)

    def propose_as(user, outcome):
        return lambda: propose_decision(
            contact=Contact.objects.get(pk=contact.pk),
            details=decision_details(outcome, threshold_level="3"),
            by=user,
        )

    results = at_once(propose_as(practitioner, "section_17"), propose_as(colleague, "section_47"))

    succeeded, failed = split(results, ContactDecision)
    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [ValidationError]
    assert failed[0].messages == [
        "A decision on this contact is already awaiting authorisation: it was not changed."
    ]
    assert list(ContactDecision.objects.filter(contact=contact)) == succeeded


def test_the_same_contact_form_sent_twice_at_once_records_one_contact(clock, practitioner, child):
    key = uuid.uuid4()

    def send():
        return run_once(
            key=key,
            by=practitioner,
            write=lambda: record_contact(
                details=contact_details(children=[child]), by=practitioner
            ),
        )

    results = at_once(send, send)

    succeeded, failed = split(results, Contact)
    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [AlreadySubmitted]
    assert list(Contact.objects.all()) == succeeded


def _proposed_contact(practitioner, children, outcome="section_17") -> ContactDecision:
    contact = record_contact(details=contact_details(children=children), by=practitioner)
    rated(contact, practitioner)
    return propose_decision(contact=contact, details=decision_details(outcome), by=practitioner)


def _authorise(decision: ContactDecision, by) -> Callable[[], ContactDecision]:
    return lambda: authorise_decision(decision=ContactDecision.objects.get(pk=decision.pk), by=by)


def test_authorising_several_contacts_for_one_child_at_once_opens_one_referral(
    clock, practitioner, manager, second_manager, child
):
    """No referral yet: the child's lock queues the managers, so the first decision opens the
    episode and the others' contacts join it (as they would one after another), with no 500."""
    third_manager = MashManagerFactory(first_name="Kai", last_name="Moss")
    decisions = [_proposed_contact(practitioner, [child]) for _ in range(3)]

    results = at_once(
        *(
            _authorise(decision, by)
            for decision, by in zip(
                decisions, [manager, second_manager, third_manager], strict=True
            )
        )
    )

    succeeded, failed = split(results, ContactDecision)
    assert failed == []
    assert len(succeeded) == 3
    assert Referral.objects.filter(child=child).count() == 1
    referral = Referral.objects.get(child=child)
    assert referral.contact_id in {decision.contact_id for decision in decisions}


def test_authorising_section_47_decisions_for_one_child_at_once_starts_one_clock(
    clock, practitioner, manager, second_manager, child
):
    from opencsc.timescales.models import DueItem

    decisions = [_proposed_contact(practitioner, [child], "section_47") for _ in range(2)]

    results = at_once(_authorise(decisions[0], manager), _authorise(decisions[1], second_manager))

    assert [type(result) for result in results] == [ContactDecision, ContactDecision]
    assert Referral.objects.filter(child=child).count() == 1
    open_items = DueItem.objects.filter(child=child, closed_at=None)
    assert open_items.filter(rule="strategy_discussion").count() == 1
    assert open_items.filter(rule="assessment").count() == 1


def test_authorising_contacts_naming_two_siblings_in_either_order_at_once_does_not_deadlock(
    clock, practitioner, manager, second_manager, child
):
    sibling = PersonFactory(first_name="Ben", last_name="Okafor")
    first = _proposed_contact(practitioner, [child, sibling])
    second = _proposed_contact(practitioner, [sibling, child])

    results = at_once(_authorise(first, manager), _authorise(second, second_manager))

    assert [type(result) for result in results] == [ContactDecision, ContactDecision]
    assert Referral.objects.filter(child=child).count() == 1
    assert Referral.objects.filter(child=sibling).count() == 1


def test_two_people_chasing_a_check_at_once_count_one_chase(clock, contact, practitioner, police):
    check = request_check(contact=contact, agency=police, question="Known?", by=practitioner)
    colleague = MashPractitionerFactory(first_name="Lee", last_name="Wong")

    def chase_as(user):
        return lambda: chase_check(check=AgencyCheck.objects.get(pk=check.pk), by=user)

    results = at_once(chase_as(practitioner), chase_as(colleague), chase_as(practitioner))

    succeeded, failed = split(results, AgencyCheck)
    assert len(succeeded) == 1
    assert [error.code for error in failed] == ["chased_just_now", "chased_just_now"]
    assert AgencyCheck.objects.get(pk=check.pk).chase_count == 1

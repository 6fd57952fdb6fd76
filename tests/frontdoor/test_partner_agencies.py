"""A partner agency's users at the front door: they make contacts and answer checks addressed to
their agency, see only those, never a child's record, and do none of the MASH's work."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.frontdoor import access
from opencsc.frontdoor import services as frontdoor
from opencsc.frontdoor.models import AgencyCheck, Contact, ContactDecision
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.timescales.models import DueItem
from tests.factories import (
    AgencyCheckFactory,
    AgencyFactory,
    ContactChildFactory,
    ContactDecisionFactory,
    ContactFactory,
    PersonFactory,
)
from tests.frontdoor.helpers import decision_details, london


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_a_partner_agency_lists_only_the_contacts_its_agency_made(police_user, police, health):
    own = ContactFactory(from_partner=True, referrer_agency=police)
    ContactFactory(from_partner=True, referrer_agency=health)
    ContactFactory()

    assert list(access.visible_contacts(police_user)) == [own]


def test_a_partner_agency_lists_only_the_checks_addressed_to_its_agency(
    police_user, police, health
):
    own = AgencyCheckFactory(agency=police)
    AgencyCheckFactory(agency=health)

    assert list(access.visible_checks(police_user)) == [own]


def test_a_partner_agency_answers_a_check_addressed_to_it(clock, practitioner, police_user, police):
    contact = ContactChildFactory(contact__rating="amber", contact__rating_order=2).contact
    check = frontdoor.request_check(
        contact=contact, agency=police, question="Any call-outs?", by=practitioner
    )
    clock.now = london(2026, 6, 1, 14, 0)

    frontdoor.return_check(check=check, information=" Two call-outs in March. ", by=police_user)

    check.refresh_from_db()
    assert (check.status, check.information, check.returned_by, check.returned_at) == (
        "returned",
        "Two call-outs in March.",
        police_user,
        london(2026, 6, 1, 14, 0),
    )
    assert DueItem.objects.get(rule="agency_check").closed_at == london(2026, 6, 1, 14, 0)


def test_a_partner_agency_cannot_answer_another_agencys_check(clock, police_user, health):
    check = AgencyCheckFactory(agency=health)

    with pytest.raises(
        PermissionDenied, match="You do not have permission to answer an agency check"
    ):
        frontdoor.return_check(check=check, information="Nothing known", by=police_user)

    check.refresh_from_db()
    assert (check.status, check.information) == ("requested", "")


def test_an_answered_check_cannot_be_answered_again(clock, police_user, police):
    check = AgencyCheckFactory(agency=police, returned=True)
    check.returned_by.first_name, check.returned_by.last_name = "Jay", "Hart"
    check.returned_by.save()

    with pytest.raises(ValidationError, match="This check has already been answered, by Jay Hart"):
        frontdoor.return_check(check=check, information="Nothing known", by=police_user)


@dataclass
class Work:
    """What a partner agency user might try to act on: its own contact, a check on it, and a
    decision proposed on another contact."""

    contact: Contact
    check: AgencyCheck
    decision: ContactDecision
    user: User


MASH_WORK = {
    "rate": lambda w: frontdoor.rate_contact(
        contact=w.contact, rating="red", reason="Urgent", by=w.user
    ),
    "add a child": lambda w: frontdoor.add_child(
        contact=w.contact, child=PersonFactory(), by=w.user
    ),
    "request a check": lambda w: frontdoor.request_check(
        contact=w.contact, agency=AgencyFactory(), question="Anything known?", by=w.user
    ),
    "chase a check": lambda w: frontdoor.chase_check(check=w.check, by=w.user),
    "propose a decision": lambda w: frontdoor.propose_decision(
        contact=w.contact, details=decision_details(), by=w.user
    ),
    "authorise a decision": lambda w: frontdoor.authorise_decision(decision=w.decision, by=w.user),
    "return a decision": lambda w: frontdoor.return_decision(
        decision=w.decision, comment="More work", by=w.user
    ),
    "plan the meeting": lambda w: frontdoor.choose_for_meeting(
        contact=w.contact, meeting_on=date(2026, 6, 2), by=w.user
    ),
    "record the meeting": lambda w: frontdoor.record_meeting_outcome(
        contact=w.contact, meeting_on=date(2026, 6, 1), agreed="Check with school", by=w.user
    ),
}


@pytest.mark.parametrize("attempt", list(MASH_WORK))
def test_a_partner_agency_cannot_do_the_mashs_work(clock, police_user, police, attempt):
    contact = ContactChildFactory(
        contact__from_partner=True, contact__referrer_agency=police
    ).contact
    work = Work(
        contact=contact,
        check=AgencyCheckFactory(contact=contact, agency=police),
        decision=ContactChildFactory(
            contact=ContactDecisionFactory().contact
        ).contact.decisions.get(),
        user=police_user,
    )

    with pytest.raises(PermissionDenied):
        MASH_WORK[attempt](work)

    work.check.refresh_from_db()
    work.decision.refresh_from_db()
    assert (
        contact.ratings.count(),
        contact.children.count(),
        contact.checks.count(),
        work.check.chase_count,
        contact.decisions.count(),
        contact.meeting_items.count(),
        work.decision.status,
    ) == (0, 1, 1, 0, 0, 0, "proposed")


def test_a_partner_agency_cannot_open_the_record_of_a_child_on_its_own_contact(police_user, police):
    link = ContactChildFactory(contact__from_partner=True, contact__referrer_agency=police)

    with pytest.raises(Http404):
        permissions.get_visible_or_404(
            _request(police_user), Person, link.child.pk, action=Action.VIEW_PERSON
        )


def test_a_partner_agency_opens_its_own_contact(police_user, police):
    contact = ContactFactory(from_partner=True, referrer_agency=police)

    assert (
        permissions.get_visible_or_404(
            _request(police_user), Contact, contact.pk, action=Action.VIEW_CONTACT
        )
        == contact
    )


def test_a_partner_agency_cannot_open_another_agencys_contact(police_user, health):
    contact = ContactChildFactory(
        contact__from_partner=True, contact__referrer_agency=health
    ).contact

    with pytest.raises(Http404):
        permissions.get_visible_or_404(
            _request(police_user), Contact, contact.pk, action=Action.VIEW_CONTACT
        )


def test_a_partner_agency_cannot_open_a_contact_the_mash_recorded(police_user):
    contact = ContactChildFactory().contact

    with pytest.raises(Http404):
        permissions.get_visible_or_404(
            _request(police_user), Contact, contact.pk, action=Action.VIEW_CONTACT
        )


def test_a_partner_agency_cannot_open_another_agencys_check(police_user, health):
    check = AgencyCheckFactory(agency=health)

    with pytest.raises(Http404):
        permissions.get_visible_or_404(
            _request(police_user), AgencyCheck, check.pk, action=Action.VIEW_CHECK
        )


def test_a_partner_agency_opens_a_check_addressed_to_it(police_user, police):
    check = AgencyCheckFactory(agency=police)

    assert (
        permissions.get_visible_or_404(
            _request(police_user), AgencyCheck, check.pk, action=Action.VIEW_CHECK
        )
        == check
    )


def test_a_partner_agency_may_only_record_contacts_and_answer_checks(police_user):
    allowed = [
        action
        for action in permissions.Action
        if action.value.startswith("frontdoor.") and permissions.can(police_user, action)
    ]

    assert allowed == [
        permissions.Action.RECORD_CONTACT,
        permissions.Action.VIEW_CONTACT,
        permissions.Action.VIEW_CHECK,
        permissions.Action.RETURN_CHECK,
    ]

"""Recording a contact at the front door: what it stores, its consent rules, the errors a service
gives for bad input (keyed by field, with nothing half-saved), children a partner agency names, and
a double submit."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opencsc.audit.models import AccessLog
from opencsc.chronology.models import ChronologyEntry
from opencsc.core.submissions import AlreadySubmitted, run_once
from opencsc.frontdoor.models import Contact, ContactChild
from opencsc.frontdoor.services import NamedChild, add_child, propose_decision, record_contact
from opencsc.timescales.models import DueItem
from tests.factories import AllocationFactory, PersonFactory, TeamFactory
from tests.frontdoor.helpers import contact_details, decision_details, london


def _rows() -> tuple[int, int, int, int]:
    """How many contacts, children on contacts, due items and chronology entries exist."""
    return (
        Contact.objects.count(),
        ContactChild.objects.count(),
        DueItem.objects.count(),
        ChronologyEntry.objects.count(),
    )


# What a contact stores


def test_recording_a_contact_starts_the_one_working_day_decision_clock(
    clock, practitioner, mash, child
):
    clock.now = london(2026, 5, 22, 16, 0)
    details = contact_details(children=[child], received_at=london(2026, 5, 22, 15, 45))

    contact = record_contact(details=details, by=practitioner)

    item = DueItem.objects.get()
    assert (item.rule, item.child, item.team, item.owner, item.starts_on, item.due_on) == (
        "referral_decision",
        child,
        mash,
        practitioner,
        date(2026, 5, 22),
        date(2026, 5, 26),  # Friday, over the spring bank holiday
    )
    assert contact.decision_due_on == date(2026, 5, 26)


def test_a_recorded_contact_goes_to_the_mash_as_open_and_unrated(clock, practitioner, mash, child):
    contact = record_contact(details=contact_details(children=[child]), by=practitioner)

    contact.refresh_from_db()
    assert (
        contact.team,
        contact.status,
        contact.rating,
        contact.practitioner,
        contact.recorded_by,
        contact.referrer_agency,
    ) == (mash, "open", "", practitioner, practitioner, None)
    assert [link.child for link in contact.children.all()] == [child]


def test_recording_a_contact_puts_it_on_each_childs_chronology(clock, practitioner, child):
    sibling = PersonFactory(first_name="Kemi", last_name="Okafor")
    details = contact_details(children=[child, sibling], concerns=["neglect", "domestic_abuse"])

    contact = record_contact(details=details, by=practitioner)

    entries = ChronologyEntry.objects.order_by("child_id")
    assert [(e.child, e.kind, e.happened_on, e.summary, e.recorded_by) for e in entries] == [
        (
            person,
            "contact",
            date(2026, 6, 1),
            f"Contact {contact.reference} from SCHOOLS: Neglect, Domestic abuse",
            practitioner,
        )
        for person in (child, sibling)
    ]


def test_recording_a_contact_is_logged_as_a_change(clock, practitioner, child):
    contact = record_contact(details=contact_details(children=[child]), by=practitioner)

    log = AccessLog.objects.get()
    assert (log.kind, log.action, log.user, log.child, log.record_id, log.summary) == (
        "change",
        "frontdoor.record_contact",
        practitioner,
        child,
        contact.pk,
        f"Contact {contact.reference} recorded",
    )


def test_a_child_named_twice_is_on_the_contact_once(clock, practitioner, child):
    details = contact_details(children=[child, child], concerns=["neglect", "neglect"])

    contact = record_contact(details=details, by=practitioner)

    assert (contact.children.count(), contact.concerns) == (1, ["neglect"])


# Consent


def test_consent_not_sought_needs_a_reason(clock, practitioner, child):
    details = contact_details(children=[child], consent="not_sought")

    with pytest.raises(ValidationError) as error:
        record_contact(details=details, by=practitioner)

    assert error.value.message_dict == {
        "consent_not_sought_reason": ["Enter why consent was not sought"]
    }


def test_consent_not_sought_with_a_reason_is_recorded(clock, practitioner, child):
    details = contact_details(
        children=[child], consent="not_sought", consent_not_sought_reason="Parents unreachable"
    )

    contact = record_contact(details=details, by=practitioner)

    assert (contact.consent, contact.consent_not_sought_reason) == (
        "not_sought",
        "Parents unreachable",
    )


def test_consent_sought_needs_who_was_asked(clock, practitioner, child):
    details = contact_details(children=[child], consent="refused", consent_asked="")

    with pytest.raises(ValidationError) as error:
        record_contact(details=details, by=practitioner)

    assert error.value.message_dict == {"consent_asked": ["Choose who was asked for consent"]}


def test_consent_sought_records_who_was_asked_and_their_answer(clock, practitioner, child):
    details = contact_details(
        children=[child], consent="refused", consent_asked="carer", consent_asked_name="Jan Hale"
    )

    contact = record_contact(details=details, by=practitioner)

    record = contact.consent_records.get()
    assert (record.asked, record.name, record.answer, record.asked_at, record.asked_by) == (
        "carer",
        "Jan Hale",
        "refused",
        details.received_at,
        practitioner,
    )
    assert contact.is_consent_overridden is False


# Bad input: errors keyed by field, nothing half-saved


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"children": []}, {"children": ["Add the child this contact is about"]}),
        (
            {"disclosure": "physical", "disclosure_details": " "},
            {"disclosure_details": ["Enter what the child said"]},
        ),
        (
            {"received_at": london(2026, 6, 1, 10, 1)},
            {"received_at": ["The date and time received must be in the past"]},
        ),
        ({"referral_source": "99"}, {"referral_source": ["Value '99' is not a valid choice."]}),
        ({"method": "pigeon"}, {"method": ["Value 'pigeon' is not a valid choice."]}),
        ({"concern_details": ""}, {"concern_details": ["This field cannot be blank."]}),
        (
            {"named_children": [NamedChild(name=" ")]},
            {"children": ["Enter the name of each child this contact is about"]},
        ),
    ],
)
def test_a_contact_with_bad_input_is_refused_field_by_field_and_nothing_is_saved(
    clock, practitioner, child, changes, errors
):
    details = contact_details(**{"children": [child], **changes})

    with pytest.raises(ValidationError) as error:
        record_contact(details=details, by=practitioner)

    assert error.value.message_dict == errors
    assert _rows() == (0, 0, 0, 0)


def test_a_step_up_must_come_from_an_early_help_team(clock, practitioner, child):
    details = contact_details(children=[child], stepped_up_from=TeamFactory(name="Assessment"))

    with pytest.raises(ValidationError) as error:
        record_contact(details=details, by=practitioner)

    assert error.value.message_dict == {"stepped_up_from": ["Choose an early help team"]}
    assert _rows() == (0, 0, 0, 0)


def test_a_contact_cannot_name_a_restricted_child_not_named_to_the_user(clock, practitioner, child):
    child.is_restricted = True
    child.save()

    with pytest.raises(ValidationError) as error:
        record_contact(details=contact_details(children=[child]), by=practitioner)

    assert error.value.message_dict == {
        "children": ["Choose only children whose records you can open"]
    }
    assert _rows() == (0, 0, 0, 0)


def test_a_contact_may_name_a_child_another_team_holds(clock, practitioner, child):
    """Issue 12: the MASH matches a contact to a child already open to a team."""
    AllocationFactory(child=child, team=TeamFactory(name="Children in care 2"))

    contact = record_contact(details=contact_details(children=[child]), by=practitioner)

    assert [link.child for link in contact.children.all()] == [child]


def test_a_contact_cannot_be_about_an_adult(clock, practitioner):
    adult = PersonFactory(adult=True, first_name="Grace", last_name="Okafor")

    with pytest.raises(ValidationError) as error:
        record_contact(details=contact_details(children=[adult]), by=practitioner)

    assert list(error.value.message_dict) == ["children"]
    assert _rows() == (0, 0, 0, 0)


def test_a_worker_outside_the_front_door_cannot_record_a_contact(clock, make_user, child):
    administrator = make_user("administrator")

    with pytest.raises(PermissionDenied):
        record_contact(details=contact_details(children=[child]), by=administrator)

    assert _rows() == (0, 0, 0, 0)


# Children a partner agency names, matched by the MASH


@pytest.fixture
def named_contact(clock, mash, police_user) -> Contact:
    named = NamedChild(name=" Amara Okafor ", date_of_birth=date(2016, 4, 12), address="12 Fore St")
    details = contact_details(
        named_children=[named],
        method="partner_portal",
        referral_source="6",
        referrer_organisation="",
    )
    return record_contact(details=details, by=police_user)


def test_a_partner_agencys_contact_names_the_child_as_given(named_contact):
    link = named_contact.children.get()

    assert (link.child, link.given_name, link.given_date_of_birth, link.given_address) == (
        None,
        "Amara Okafor",
        date(2016, 4, 12),
        "12 Fore St",
    )


def test_a_partner_agencys_contact_is_its_agencys_and_waits_for_a_practitioner(
    named_contact, police
):
    assert (
        named_contact.referrer_agency,
        named_contact.referrer_organisation,
        named_contact.practitioner,
    ) == (police, "North Police", None)


def test_a_partner_agency_cannot_attach_a_childs_record(clock, mash, police_user, child):
    with pytest.raises(PermissionDenied):
        record_contact(details=contact_details(children=[child]), by=police_user)

    assert _rows() == (0, 0, 0, 0)


def test_the_mash_matches_a_named_child_to_their_record(named_contact, practitioner, child):
    link = named_contact.children.get()

    matched = add_child(contact=named_contact, child=child, replacing=link, by=practitioner)

    assert matched.pk == link.pk
    assert [(c.child, c.given_name) for c in named_contact.children.all()] == [
        (child, "Amara Okafor")
    ]


def test_matching_the_first_named_child_gives_the_decision_deadline_to_that_child(
    named_contact, practitioner, child
):
    assert DueItem.objects.get().child is None

    add_child(
        contact=named_contact,
        child=child,
        replacing=named_contact.children.get(),
        by=practitioner,
    )

    assert DueItem.objects.get().child == child


def test_a_matched_child_cannot_be_matched_again(named_contact, practitioner, child):
    link = named_contact.children.get()
    add_child(contact=named_contact, child=child, replacing=link, by=practitioner)
    link.refresh_from_db()

    with pytest.raises(ValidationError, match="That child has already been matched"):
        add_child(contact=named_contact, child=PersonFactory(), replacing=link, by=practitioner)


def test_a_decision_waits_until_every_named_child_is_matched(named_contact, practitioner):
    with pytest.raises(ValidationError, match="Find or create the record of each child"):
        propose_decision(contact=named_contact, details=decision_details(), by=practitioner)

    named_contact.refresh_from_db()
    assert (named_contact.status, named_contact.decisions.count()) == ("open", 0)


def test_a_child_already_on_a_contact_is_not_added_twice(contact, practitioner, child):
    with pytest.raises(ValidationError, match="Amara Okafor is already on this contact"):
        add_child(contact=contact, child=child, by=practitioner)

    assert contact.children.count() == 1


# A double submit


def test_the_same_submission_twice_records_one_contact(clock, practitioner, child):
    key = uuid.uuid4()

    def write():
        return record_contact(details=contact_details(children=[child]), by=practitioner)

    first = run_once(key=key, by=practitioner, write=write)
    with pytest.raises(AlreadySubmitted) as again:
        run_once(key=key, by=practitioner, write=write)

    assert again.value.url == first.get_absolute_url()
    assert list(Contact.objects.all()) == [first]

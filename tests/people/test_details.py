"""Person details with history (issue 12, part 3).

Why: "No NHS number recorded" could never be resolved and a house move could not be recorded:
the details were typed once, at creation, and never again."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessLog
from opencsc.chronology.models import ChronologyEntry
from opencsc.people import services
from opencsc.people.models import Person, PersonAddress, PreviousName
from opencsc.people.services import AddressDetails
from opencsc.permissions import Action
from tests.core.html import error_message
from tests.factories import AllocationFactory, HouseholdFactory, PersonFactory, TeamFactory


@pytest.fixture
def child(social_worker):
    """A child held by the social worker's team, living in a household with a parent."""
    household = HouseholdFactory(address__line_1="1 Old Road", address__postcode="N18 2AB")
    held = PersonFactory(first_name="Amara", last_name="Okafor", household=household, nhs_number="")
    AllocationFactory(child=held, team=social_worker.teams.get())
    return held


def _details(person: Person, **changes: str) -> dict[str, str]:
    """The change-details form as the record stands, with `changes` typed over it."""
    born = person.date_of_birth
    form = {
        "submission_key": str(uuid.uuid4()),
        "first_name": person.first_name,
        "last_name": person.last_name,
        "other_names": person.other_names,
        "date_of_birth_day": str(born.day) if born else "",
        "date_of_birth_month": str(born.month) if born else "",
        "date_of_birth_year": str(born.year) if born else "",
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "nhs_number": person.nhs_number,
        "upn": person.upn,
        "reason": "Checked with the GP",
    }
    return form | changes


def _move(**changes: str) -> dict[str, str]:
    return {
        "submission_key": str(uuid.uuid4()),
        "address_line_1": "22 New Street",
        "town": "London",
        "postcode": "en1 3xy",
        "moved_on_day": "2",
        "moved_on_month": "3",
        "moved_on_year": "2026",
        "with_household": "yes",
    } | changes


# The why: both failures of the issue.


def test_no_nhs_number_recorded_can_be_resolved_by_adding_the_nhs_number(worker_client, child):
    record = reverse("record:child", args=[child.pk])
    assert "No NHS number recorded." in worker_client.get(record).content.decode()

    response = worker_client.post(
        reverse("casework:person-details", args=[child.pk]),
        _details(child, nhs_number="943 476 5919"),
    )

    assert response.status_code == 302
    child.refresh_from_db()
    assert child.nhs_number == "9434765919"
    assert "No NHS number recorded." not in worker_client.get(record).content.decode()


def test_a_house_move_keeps_the_old_address_with_its_dates(worker_client, child):
    response = worker_client.post(reverse("people:person-move", args=[child.pk]), _move())

    assert response.status_code == 302
    child.refresh_from_db()
    assert str(child.household.address) == "22 New Street, London, EN1 3XY"
    rows = [
        (str(row.address), row.moved_in_on, row.moved_out_on)
        for row in PersonAddress.objects.filter(person=child).order_by("pk")
    ]
    assert rows == [
        ("1 Old Road, London, N18 2AB", None, date(2026, 3, 2)),
        ("22 New Street, London, EN1 3XY", date(2026, 3, 2), None),
    ]
    history = worker_client.get(reverse("people:person-history", args=[child.pk]))
    html = history.content.decode()
    assert "1 Old Road" in html
    assert "2 Mar 2026" in html


# Changing details: one service, audited, with history.


def test_a_change_is_audited_kept_in_the_history_and_on_the_chronology(social_worker, child):
    services.change_person_details(
        person=child,
        changes={"date_of_birth": date(2016, 5, 12), "first_language": "Igbo"},
        reason="Birth certificate seen",
        by=social_worker,
    )

    log = AccessLog.objects.get(action=Action.EDIT_PERSON)
    assert (log.child_id, log.user_id) == (child.pk, social_worker.pk)
    assert log.summary == "Changed date of birth, first language: Birth certificate seen"
    latest = child.history.order_by("-history_id").first()
    assert (latest.history_user_id, latest.history_change_reason) == (
        social_worker.pk,
        "Birth certificate seen",
    )
    entry = ChronologyEntry.objects.get(child=child, kind=ChronologyEntry.Kind.DETAILS_CHANGED)
    assert entry.summary == (
        "Details changed (date of birth, first language): Birth certificate seen"
    )


def test_a_changed_name_is_kept_as_a_previous_name(social_worker, child):
    services.change_person_details(
        person=child, changes={"last_name": "Adeyemi"}, reason="Deed poll", by=social_worker
    )

    child.refresh_from_db()
    assert (child.last_name, child.last_name_key) == ("Adeyemi", "ATYM")
    previous = PreviousName.objects.get(person=child)
    assert (str(previous), previous.used_until, previous.reason) == (
        "Amara Okafor",
        timezone.localdate(),
        "Deed poll",
    )


def test_the_history_page_lists_each_change_old_and_new_who_and_why(
    worker_client, social_worker, child
):
    services.change_person_details(
        person=child, changes={"religion": "Christian"}, reason="Told by mother", by=social_worker
    )
    services.change_person_details(
        person=child, changes={"last_name": "Adeyemi"}, reason="Deed poll", by=social_worker
    )

    response = worker_client.get(reverse("people:person-history", args=[child.pk]))

    versions = response.context["versions"]
    assert [(v.reason, [(c.label, c.old, c.new) for c in v.changes]) for v in versions] == [
        ("Deed poll", [("Last name", "Okafor", "Adeyemi")]),
        ("Told by mother", [("Religion or belief", "Not recorded", "Christian")]),
        ("Record created", []),
    ]
    html = response.content.decode()
    assert "Changes to Amara Adeyemi's details" in html
    assert escape(social_worker.display_name) in html
    assert AccessLog.objects.filter(child=child, action=Action.VIEW_PERSON).exists()


def test_nothing_is_saved_when_one_value_is_refused(social_worker, child):
    with pytest.raises(ValidationError) as refused:
        services.change_person_details(
            person=child,
            changes={"first_language": "Igbo", "nhs_number": "943 476 5918"},
            reason="From the GP",
            by=social_worker,
        )

    assert "nhs_number" in refused.value.message_dict
    child.refresh_from_db()
    assert child.first_language == ""
    assert not AccessLog.objects.filter(action=Action.EDIT_PERSON).exists()


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("nhs_number", "943 476 5918", "the last digit does not match the check digit"),
        ("upn", "A12345678901Z", "Enter a valid UPN"),
        ("date_of_birth_year", "1890", "Date of birth must be within the last 120 years"),
        ("date_of_birth_year", "2099", "Date of birth must be today or in the past"),
        ("email", "not an email", "Enter an email address like name@example.com"),
        ("school_urn", "12ab", "Enter a school URN of 6 digits"),
    ],
)
def test_a_refused_value_is_shown_next_to_its_field_and_nothing_changes(
    worker_client, child, field, typed, message
):
    response = worker_client.post(
        reverse("casework:person-details", args=[child.pk]), _details(child, **{field: typed})
    )

    assert response.status_code == 200
    field_id = "id_date_of_birth" if field.startswith("date_of_birth") else f"id_{field}"
    assert message in error_message(response.content, field_id)
    assert child.history.count() == 1


def test_an_nhs_number_another_record_holds_is_refused(social_worker, child):
    PersonFactory(nhs_number="9434765919")

    with pytest.raises(ValidationError, match="Another record already has this NHS number"):
        services.change_person_details(
            person=child, changes={"nhs_number": "9434765919"}, reason="GP", by=social_worker
        )


def test_a_child_cannot_be_made_18_by_a_date_of_birth(social_worker, child):
    with pytest.raises(ValidationError, match="A child must be under 18"):
        services.change_person_details(
            person=child,
            changes={"date_of_birth": date(2000, 1, 1)},
            reason="Typo",
            by=social_worker,
        )


def test_a_change_needs_a_reason_and_a_change(social_worker, child):
    with pytest.raises(ValidationError, match="Enter why the details are changing"):
        services.change_person_details(
            person=child, changes={"religion": "None"}, reason=" ", by=social_worker
        )
    with pytest.raises(ValidationError, match="Nothing has changed"):
        services.change_person_details(
            person=child, changes={"last_name": "Okafor"}, reason="Check", by=social_worker
        )


def test_only_those_who_work_the_case_may_change_details(make_user, child):
    other_team_worker = make_user(Role.SOCIAL_WORKER, team=TeamFactory())

    with pytest.raises(PermissionDenied):
        services.change_person_details(
            person=child, changes={"religion": "None"}, reason="x", by=other_team_worker
        )


def test_a_worker_on_the_case_may_change_the_childs_parents_details(social_worker, child):
    parent = PersonFactory(adult=True, household=child.household)
    child.relationships_to.create(from_person=parent, kind="parent")

    changed = services.change_person_details(
        person=parent, changes={"phone": "07700 900123"}, reason="New phone", by=social_worker
    )

    assert changed.fields == ("phone",)


# Moves: the old address kept, the household kept meaning "lives with".


def test_a_household_that_moves_together_stays_together(social_worker, child):
    parent = PersonFactory(adult=True, household=child.household)

    services.record_move(
        person=child,
        address=AddressDetails(line_1="22 New Street", postcode="EN1 3XY"),
        moved_on=date(2026, 3, 2),
        with_household=True,
        by=social_worker,
    )

    parent.refresh_from_db()
    child.refresh_from_db()
    assert parent.household_id == child.household_id
    assert parent.addresses.get(moved_out_on=date(2026, 3, 2)).address.line_1 == "1 Old Road"


def test_a_person_who_moves_alone_leaves_the_household(social_worker, child):
    old_household = child.household
    parent = PersonFactory(adult=True, household=old_household)

    services.record_move(
        person=child,
        address=AddressDetails(line_1="Foster home", postcode="EN1 3XY"),
        moved_on=date(2026, 3, 2),
        with_household=False,
        by=social_worker,
    )

    parent.refresh_from_db()
    child.refresh_from_db()
    assert parent.household_id == old_household.pk
    assert child.household_id != old_household.pk
    assert not parent.addresses.exists()


def test_a_move_cannot_end_an_address_before_it_began(social_worker, child):
    services.record_move(
        person=child,
        address=AddressDetails(line_1="22 New Street", postcode="EN1 3XY"),
        moved_on=date(2026, 3, 2),
        by=social_worker,
    )

    with pytest.raises(ValidationError, match="on or after 2 March 2026"):
        services.record_move(
            person=child,
            address=AddressDetails(line_1="3 Third Lane", postcode="N9 0PZ"),
            moved_on=date(2026, 3, 1),
            by=social_worker,
        )
    assert PersonAddress.objects.filter(person=child).count() == 2


def test_the_database_keeps_one_current_address_and_dates_in_order(child):
    PersonAddress.objects.create(person=child, address=child.household.address)
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonAddress.objects.create(person=child, address=child.household.address)
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonAddress.objects.create(
            person=child,
            address=child.household.address,
            moved_in_on=date(2026, 3, 2),
            moved_out_on=date(2026, 3, 1),
        )


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("postcode", "QQ1 1QQ", "Enter a real postcode"),
        ("moved_on_year", "2099", "must be today or in the past"),
        ("address_line_1", "", "Enter the first line of the new address"),
    ],
)
def test_a_refused_move_shows_the_error_next_to_the_field(
    worker_client, child, field, typed, message
):
    response = worker_client.post(
        reverse("people:person-move", args=[child.pk]), _move(**{field: typed})
    )

    assert response.status_code == 200
    field_id = "id_moved_on" if field.startswith("moved_on") else f"id_{field}"
    assert message in error_message(response.content, field_id)
    assert not PersonAddress.objects.filter(person=child).exists()


def test_the_record_links_to_change_move_and_history(worker_client, child):
    html = worker_client.get(reverse("record:child", args=[child.pk])).content.decode()

    assert reverse("casework:person-details", args=[child.pk]) in html
    assert reverse("people:person-move", args=[child.pk]) in html
    assert reverse("people:person-history", args=[child.pk]) in html


def test_a_merge_keeps_both_records_past_addresses_and_one_current(make_user, social_worker):
    manager = make_user(Role.TEAM_MANAGER, team=social_worker.teams.get())
    survivor, duplicate = (
        PersonFactory(household=HouseholdFactory()),
        PersonFactory(household=HouseholdFactory(), nhs_number=""),
    )
    for person in (survivor, duplicate):
        AllocationFactory(child=person, team=social_worker.teams.get())
        services.record_move(
            person=person,
            address=AddressDetails(line_1="22 New Street", postcode="EN1 3XY"),
            moved_on=date(2026, 3, 2),
            by=social_worker,
        )
    services.change_person_details(
        person=duplicate, changes={"last_name": "Other"}, reason="Deed poll", by=social_worker
    )
    duplicate.allocations.update(ended_on=date(2026, 3, 3))

    services.merge_people(survivor=survivor, duplicate=duplicate, reason="Same", by=manager)

    rows = PersonAddress.objects.filter(person=survivor)
    assert rows.filter(moved_out_on=None).count() == 1
    assert rows.exclude(moved_out_on=None).count() == 2
    assert PreviousName.objects.filter(person=survivor).count() == 1


def test_the_history_of_a_record_loaded_in_bulk_shows_its_addresses(worker_client, child):
    child.history.all().delete()  # as the demo loads people: no versions

    response = worker_client.get(reverse("people:person-history", args=[child.pk]))

    assert response.status_code == 200
    assert response.context["versions"] == []
    assert "Current address: 1 Old Road" in response.content.decode()

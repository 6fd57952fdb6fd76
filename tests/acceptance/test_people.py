"""The person index: creating records with bad input, double submits, likely matches, family and
merge."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opencsc.accounts.models import Role, Team
from opencsc.audit.models import AccessLog
from opencsc.chronology.models import ChronologyEntry
from opencsc.people.models import Person, Relationship
from opencsc.people.services import merge_people
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from opencsc.timescales.services import open_due_item
from tests.factories import (
    AllocationFactory,
    ChronologyEntryFactory,
    HouseholdFactory,
    PersonFactory,
    RelationshipFactory,
    TeamFactory,
)


def _child_form(**overrides):
    data = {
        "submission_key": str(uuid.uuid4()),
        "kind": "child",
        "first_name": "Amara",
        "last_name": "Testchild",
        "date_of_birth_day": "14",
        "date_of_birth_month": "2",
        "date_of_birth_year": "2019",
        "sex": "F",
        "ethnicity": "BAFR",
        "nhs_number": "999 000 0018",
        "address_line_1": "12 Example Road",
        "postcode": "N18 2AB",
    }
    data.update(overrides)
    return data


def test_creating_a_child_saves_the_record_household_chronology_and_log(
    worker_client, social_worker
):
    response = worker_client.post(reverse("people:person-create"), _child_form())

    child = Person.objects.get(last_name="Testchild")
    assert response.status_code == 302
    assert response["Location"] == reverse("record:child", args=[child.pk])
    assert (child.nhs_number, child.household.address.postcode) == ("9990000018", "N18 2AB")
    assert child.recording_team == social_worker.teams.get()
    assert ChronologyEntry.objects.filter(child=child, kind="record_created").count() == 1
    assert AccessLog.objects.filter(child=child, action="people.create").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nhs_number", "9434765918", "Enter a valid NHS number"),
        ("postcode", "XYZ 123", "Enter a real postcode, like N18 2AB"),
        ("last_name", "", "Enter the person&#x27;s last name"),
        ("date_of_birth_day", "31", "Date of birth must be a real date"),
        ("date_of_birth_year", "2031", "Date of birth must be today or in the past"),
        ("upn", "A12345", "Enter a UPN with 13 characters"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_saved(
    worker_client, field, value, message
):
    data = _child_form(**{field: value})
    if field == "date_of_birth_day":
        data["date_of_birth_month"] = "2"

    response = worker_client.post(reverse("people:person-create"), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert html.count(message) == 2  # in the error summary and next to the field
    assert Person.objects.count() == 0


def test_a_double_submitted_form_creates_one_record(worker_client):
    data = _child_form()

    first = worker_client.post(reverse("people:person-create"), data)
    second = worker_client.post(reverse("people:person-create"), data)

    assert Person.objects.filter(last_name="Testchild").count() == 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]


def test_likely_matches_must_be_checked_before_a_new_record_is_made(worker_client, social_worker):
    existing = PersonFactory(
        first_name="Amara", last_name="Testchyld", recording_team=social_worker.teams.get()
    )

    blocked = worker_client.post(reverse("people:person-create"), _child_form(nhs_number=""))
    confirmed = worker_client.post(
        reverse("people:person-create"),
        _child_form(nhs_number="", not_a_match_reason="A different child"),
    )

    assert blocked.status_code == 200
    assert [match.person for match in blocked.context["matches"]] == [existing]
    assert confirmed.status_code == 302
    assert Person.objects.filter(first_name="Amara").count() == 2


def test_an_nhs_number_already_held_is_refused_on_its_field(worker_client):
    PersonFactory(nhs_number="9990000018")

    response = worker_client.post(
        reverse("people:person-create"), _child_form(not_a_match_reason="Checked")
    )

    assert (
        "Another record already has this NHS number"
        in response.context["form"].errors["nhs_number"][0]
    )


def test_a_parent_and_a_sibling_are_added_and_shown_on_the_record(worker_client, social_worker):
    household = HouseholdFactory()
    child = PersonFactory(recording_team=social_worker.teams.get(), household=household)
    url = reverse("people:relative-create", args=[child.pk])
    parent = {
        "submission_key": str(uuid.uuid4()),
        "relationship": "parent",
        "description": "mother",
        "has_parental_responsibility": "on",
        "same_household": "on",
        "is_child": "adult",
        "first_name": "Grace",
        "last_name": "Parentname",
        "date_of_birth_day": "3",
        "date_of_birth_month": "9",
        "date_of_birth_year": "1990",
        "sex": "F",
        "ethnicity": "WBRI",
    }
    sibling = parent | {
        "submission_key": str(uuid.uuid4()),
        "relationship": "sibling",
        "description": "",
        "has_parental_responsibility": "",
        "is_child": "child",
        "first_name": "Leo",
        "date_of_birth_year": "2021",
        "sex": "M",
    }

    assert worker_client.post(url, parent).status_code == 302
    assert worker_client.post(url, sibling).status_code == 302
    page = worker_client.get(reverse("record:child", args=[child.pk]))

    labels = {
        (r.person.first_name, r.label, r.has_parental_responsibility)
        for r in page.context["record"].relatives
    }
    assert labels == {("Grace", "Parent", True), ("Leo", "Sibling", False)}
    assert {p.first_name for p in page.context["record"].household} == {"Grace", "Leo"}


def test_linking_the_same_relative_twice_is_refused(social_worker):
    relationship = RelationshipFactory(
        to_person=PersonFactory(recording_team=social_worker.teams.get())
    )

    from opencsc.people.services import link_relative

    with pytest.raises(ValidationError):
        link_relative(
            person=relationship.to_person,
            relative=relationship.from_person,
            kind="parent",
            by=social_worker,
        )


@pytest.fixture
def manager(make_user, assessment_team):
    return make_user(Role.TEAM_MANAGER, team=assessment_team)


def test_merge_keeps_everything_from_both_records(manager, assessment_team):
    survivor = PersonFactory(
        first_name="Jon", last_name="Smyth", upn="", recording_team=assessment_team
    )
    duplicate = PersonFactory(
        first_name="Jon",
        last_name="Smyth",
        nhs_number="",
        upn="A308201812001",
        recording_team=assessment_team,
        household=HouseholdFactory(),
    )
    mother = RelationshipFactory(to_person=duplicate).from_person
    shared_father = RelationshipFactory(to_person=survivor, kind="parent").from_person
    Relationship.objects.create(from_person=shared_father, to_person=duplicate, kind="parent")
    ChronologyEntryFactory(child=duplicate, summary="School raised a concern")
    open_due_item(rules.ASSESSMENT, child=duplicate, record=duplicate, start=date(2026, 11, 2))
    other = TeamFactory(name="Disabled children", kind=Team.Kind.DISABLED_CHILDREN)
    AllocationFactory(child=duplicate, team=assessment_team)
    duplicate.named_staff.add(manager)
    assert other  # a team that holds nothing

    merge_people(
        survivor=survivor, duplicate=duplicate, reason="Same child, two referrals", by=manager
    )

    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert survivor.upn == "A308201812001"
    assert survivor.household_id is not None
    parents = set(
        Relationship.objects.filter(to_person=survivor).values_list("from_person", flat=True)
    )
    assert parents == {mother.pk, shared_father.pk}
    assert ChronologyEntry.objects.filter(
        child=survivor, summary="School raised a concern"
    ).exists()
    assert ChronologyEntry.objects.filter(child=survivor, kind="merged").count() == 1
    assert DueItem.objects.filter(child=survivor, rule=rules.ASSESSMENT.code).count() == 1
    assert survivor.allocations.filter(ended_on=None).count() == 1
    assert list(survivor.named_staff.all()) == [manager]
    assert AccessLog.objects.filter(action="people.merge").count() == 2


def test_the_merged_away_record_redirects_to_the_survivor(client, manager, assessment_team):
    survivor = PersonFactory(recording_team=assessment_team)
    duplicate = PersonFactory(nhs_number="", recording_team=assessment_team)
    merge_people(survivor=survivor, duplicate=duplicate, reason="Duplicate", by=manager)
    client.force_login(manager)

    response = client.get(reverse("record:child", args=[duplicate.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("record:child", args=[survivor.pk])


@pytest.mark.parametrize(
    ("duplicate_kwargs", "message"),
    [
        ({"nhs_number": "9990000018"}, "different NHS numbers"),
        ({"kind": "adult", "nhs_number": ""}, "cannot be merged with an adult"),
    ],
)
def test_merge_is_refused_for_two_different_people(
    manager, assessment_team, duplicate_kwargs, message
):
    survivor = PersonFactory(nhs_number="9434765919", recording_team=assessment_team)
    duplicate = PersonFactory(recording_team=assessment_team, **duplicate_kwargs)

    with pytest.raises(ValidationError, match=message):
        merge_people(survivor=survivor, duplicate=duplicate, reason="Duplicate", by=manager)

    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_a_social_worker_cannot_merge(social_worker):
    survivor = PersonFactory(recording_team=social_worker.teams.get())
    duplicate = PersonFactory(nhs_number="", recording_team=social_worker.teams.get())

    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        merge_people(survivor=survivor, duplicate=duplicate, reason="Duplicate", by=social_worker)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"name": "Smith", "postcode": "n9 0pz"}, {"Ann Smith"}),
        ({"name": "J Smyth"}, {"Jon Smyth"}),
        ({"name": "Smyth Jon"}, {"Jon Smyth"}),
        ({"name": "Katherine Okafor"}, {"Catherine Okafor"}),
        (
            {
                "name": "Smith",
                "date_of_birth_day": "12",
                "date_of_birth_month": "4",
                "date_of_birth_year": "2016",
            },
            {"Jon Smyth"},
        ),
        ({"nhs_number": "943 476 5919"}, {"Catherine Okafor"}),
        ({"upn": "A308201812001"}, {"Ann Smith"}),
        (
            {
                "postcode": "n9 0pz",
                "date_of_birth_day": "2",
                "date_of_birth_month": "1",
                "date_of_birth_year": "2015",
            },
            {"Ann Smith"},
        ),
    ],
)
def test_search_finds_people_by_variants_initials_and_identifiers(
    worker_client, social_worker, query, found
):
    team = social_worker.teams.get()
    PersonFactory(
        first_name="Jon", last_name="Smyth", date_of_birth=date(2016, 4, 12), recording_team=team
    )
    PersonFactory(
        first_name="Ann",
        last_name="Smith",
        date_of_birth=date(2015, 1, 2),
        upn="A308201812001",
        household=HouseholdFactory(address__postcode="N9 0PZ"),
        recording_team=team,
    )
    PersonFactory(
        first_name="Catherine",
        last_name="Okafor",
        date_of_birth=date(2014, 6, 1),
        nhs_number="9434765919",
        recording_team=team,
    )

    response = worker_client.get(reverse("people:search"), query)

    assert {p.full_name for p in response.context["page_obj"]} == found

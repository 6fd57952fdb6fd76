"""The person index's pages: search, create a record, add family, merge duplicates."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessLog
from opencsc.people.models import Address, Person, Relationship
from tests.core.html import error_message, error_summary
from tests.factories import (
    AllocationFactory,
    ChronologyEntryFactory,
    HouseholdFactory,
    PersonFactory,
    RelationshipFactory,
    TeamFactory,
)


def _new_child(**overrides: str) -> dict[str, str]:
    """The create-a-record form, filled in for a child."""
    return {
        "submission_key": str(uuid.uuid4()),
        "kind": "child",
        "first_name": "Amara",
        "last_name": "Testchild",
        "date_of_birth_day": "14",
        "date_of_birth_month": "2",
        "date_of_birth_year": "2019",
        "sex": "F",
        "ethnicity": "BAFR",
        "nhs_number": "943 476 5919",
        "upn": "",
        "address_line_1": "12 Example Road",
        "postcode": "n18 2ab",
    } | overrides


# Search


def test_search_lists_the_people_found_with_a_link_to_each_record(worker_client, social_worker):
    child = PersonFactory(
        first_name="Jon", last_name="Smyth", recording_team=social_worker.teams.get()
    )

    response = worker_client.get(reverse("people:search"), {"name": "J Smith"})

    html = response.content.decode()
    assert list(response.context["page_obj"]) == [child]
    assert "1 person found" in html
    assert f'href="{reverse("record:child", args=[child.pk])}"' in html


def test_an_empty_search_asks_for_something_to_search_by(worker_client):
    response = worker_client.get(reverse("people:search"), {"name": ""})

    assert response.context["searched"] is False
    assert error_message(response.content, "id_name") == (
        "Enter a name, date of birth, NHS number, UPN or postcode to search"
    )


def test_a_search_by_an_invalid_nhs_number_says_why(worker_client):
    response = worker_client.get(reverse("people:search"), {"nhs_number": "123"})

    assert error_summary(response.content) == [
        ("#id_nhs_number", "Enter an NHS number with 10 digits, like 943 476 5919")
    ]


def test_search_offers_to_create_a_record_with_the_name_searched(worker_client):
    response = worker_client.get(reverse("people:search"), {"name": "Amara Testchild"})

    assert response.context["create_url"] == (
        reverse("people:person-create") + "?first_name=Amara&last_name=Testchild"
    )


# Creating a record


def test_creating_a_child_goes_to_the_new_record(worker_client, social_worker):
    response = worker_client.post(reverse("people:person-create"), _new_child())

    child = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("record:child", args=[child.pk])
    assert (child.full_name, child.nhs_number, child.household.address.postcode) == (
        "Amara Testchild",
        "9434765919",
        "N18 2AB",
    )


@pytest.mark.parametrize(
    ("overrides", "field_id", "target", "message"),
    [
        (
            {"kind": ""},
            "id_kind",
            "#id_kind",
            "Select whether this is a child, an unborn child or an adult",
        ),
        ({"last_name": ""}, "id_last_name", "#id_last_name", "Enter the person's last name"),
        (
            {"nhs_number": "943 476 5918"},
            "id_nhs_number",
            "#id_nhs_number",
            "Enter a valid NHS number: the last digit does not match the check digit",
        ),
        (
            {"nhs_number": "94347659"},
            "id_nhs_number",
            "#id_nhs_number",
            "Enter an NHS number with 10 digits, like 943 476 5919",
        ),
        (
            {"upn": "A12345"},
            "id_upn",
            "#id_upn",
            "Enter a UPN with 13 characters: a letter, 11 numbers, then a number or letter",
        ),
        (
            {"upn": "B308201812001"},
            "id_upn",
            "#id_upn",
            "Enter a valid UPN: the first letter does not match the check letter",
        ),
        (
            {"postcode": "XYZ 123"},
            "id_postcode",
            "#id_postcode",
            "Enter a real postcode, like N18 2AB",
        ),
        ({"postcode": ""}, "id_postcode", "#id_postcode", "Enter the postcode"),
        (
            {"address_line_1": ""},
            "id_address_line_1",
            "#id_address_line_1",
            "Enter the first line of the address",
        ),
        (
            {"date_of_birth_day": "31"},
            "id_date_of_birth",
            "#id_date_of_birth_0",
            "Date of birth must be a real date",
        ),
        (
            {"date_of_birth_month": ""},
            "id_date_of_birth",
            "#id_date_of_birth_0",
            "Date of birth must include a month",
        ),
        (
            {"date_of_birth_year": "19"},
            "id_date_of_birth",
            "#id_date_of_birth_0",
            "Year must include 4 numbers",
        ),
        (
            {"date_of_birth_day": "first"},
            "id_date_of_birth",
            "#id_date_of_birth_0",
            "Date of birth must be a real date, in numbers",
        ),
        (
            {"date_of_birth_year": "2031"},
            "id_date_of_birth",
            "#id_date_of_birth_0",
            "Date of birth must be today or in the past",
        ),
        (
            {"date_of_birth_year": "2001"},
            "id_date_of_birth",
            "#id_date_of_birth_0",
            "A child must be under 18: record an adult instead",
        ),
        (
            {"date_of_birth_day": "", "date_of_birth_month": "", "date_of_birth_year": ""},
            "id_date_of_birth",
            "#id_date_of_birth_0",
            "Enter the child's date of birth",
        ),
        (
            {
                "expected_date_of_birth_day": "1",
                "expected_date_of_birth_month": "3",
                "expected_date_of_birth_year": "2027",
            },
            "id_expected_date_of_birth",
            "#id_expected_date_of_birth_0",
            "Only an unborn child has an expected date of birth",
        ),
        (
            {
                "kind": "unborn",
                "date_of_birth_day": "",
                "date_of_birth_month": "",
                "date_of_birth_year": "",
            },
            "id_expected_date_of_birth",
            "#id_expected_date_of_birth_0",
            "Enter the expected date of birth",
        ),
        (
            {"kind": "adult"},
            "id_date_of_birth",
            "#id_date_of_birth_0",
            "An adult must be 18 or over: record a child instead",
        ),
    ],
)
def test_each_bad_answer_is_shown_next_to_its_field_and_in_the_summary_and_nothing_is_saved(
    worker_client, overrides, field_id, target, message
):
    response = worker_client.post(reverse("people:person-create"), _new_child(**overrides))

    assert response.status_code == 200
    assert error_message(response.content, field_id) == message
    assert error_summary(response.content) == [(target, message)]
    assert (Person.objects.count(), Address.objects.count()) == (0, 0)


def test_every_bad_answer_is_listed_in_the_summary_in_the_order_of_the_form(worker_client):
    response = worker_client.post(
        reverse("people:person-create"),
        _new_child(last_name="", nhs_number="1", postcode="XYZ 123"),
    )

    assert error_summary(response.content) == [
        ("#id_last_name", "Enter the person's last name"),
        ("#id_nhs_number", "Enter an NHS number with 10 digits, like 943 476 5919"),
        ("#id_postcode", "Enter a real postcode, like N18 2AB"),
    ]


def test_the_form_keeps_what_was_typed_after_an_error(worker_client):
    response = worker_client.post(reverse("people:person-create"), _new_child(postcode="XYZ 123"))

    html = response.content.decode()
    assert 'value="Amara"' in html
    assert 'value="943 476 5919"' in html


def test_a_double_submitted_create_form_makes_one_record(worker_client):
    form = _new_child()

    first = worker_client.post(reverse("people:person-create"), form)
    second = worker_client.post(reverse("people:person-create"), form)

    child = Person.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == child.get_absolute_url()


def test_likely_matches_are_shown_and_block_creation_until_none_is_confirmed(
    worker_client, social_worker
):
    existing = PersonFactory(
        first_name="Amara",
        last_name="Testchyld",
        nhs_number="",
        recording_team=social_worker.teams.get(),
    )
    form = _new_child(nhs_number="")

    blocked = worker_client.post(reverse("people:person-create"), form)
    confirmed = worker_client.post(
        reverse("people:person-create"), form | {"not_a_match_reason": "A different Amara"}
    )

    assert [match.person for match in blocked.context["matches"]] == [existing]
    assert existing.get_absolute_url() in blocked.content.decode()
    assert error_message(blocked.content, "id_not_a_match_reason") == (
        "These records may be the same person: open one instead, or say why none of them is"
    )
    assert confirmed.status_code == 302
    assert Person.objects.filter(first_name="Amara").count() == 2


def test_another_teams_record_is_a_likely_match_shown_without_a_link(worker_client):
    child = AllocationFactory(
        team=TeamFactory(), child__first_name="Amara", child__last_name="Testchild"
    ).child

    response = worker_client.post(reverse("people:person-create"), _new_child(nhs_number=""))

    assert response.status_code == 200
    assert [match.person for match in response.context["matches"]] == [child]
    assert child.get_absolute_url() not in response.content.decode()


def test_an_nhs_number_already_held_is_refused_on_its_field(worker_client):
    PersonFactory(nhs_number="9434765919")

    response = worker_client.post(
        reverse("people:person-create"), _new_child(not_a_match_reason="Checked")
    )

    message = "Another record already has this NHS number: search for it instead"
    assert error_message(response.content, "id_nhs_number") == message
    assert error_summary(response.content) == [("#id_nhs_number", message)]
    assert Person.objects.count() == 1


def test_the_create_form_is_filled_in_from_the_search(worker_client):
    response = worker_client.get(
        reverse("people:person-create"), {"first_name": "Amara", "last_name": "Testchild"}
    )

    html = response.content.decode()
    assert 'value="Amara"' in html
    assert 'value="Testchild"' in html


# Family


@pytest.fixture
def child(social_worker):
    return PersonFactory(
        first_name="Amara",
        last_name="Okafor",
        recording_team=social_worker.teams.get(),
        household=HouseholdFactory(),
    )


def _new_relative(**overrides: str) -> dict[str, str]:
    return {
        "submission_key": str(uuid.uuid4()),
        "relationship": "parent",
        "description": "mother",
        "has_parental_responsibility": "on",
        "same_household": "on",
        "is_child": "adult",
        "first_name": "Grace",
        "last_name": "Okafor",
        "date_of_birth_day": "3",
        "date_of_birth_month": "9",
        "date_of_birth_year": "1990",
        "sex": "F",
        "ethnicity": "BAFR",
    } | overrides


def test_a_new_parent_is_shown_on_the_childs_record(worker_client, child):
    worker_client.post(reverse("people:relative-create", args=[child.pk]), _new_relative())

    page = worker_client.get(reverse("record:child", args=[child.pk]))

    relatives = [
        (r.person.full_name, r.label, r.description, r.has_parental_responsibility)
        for r in page.context["record"].relatives
    ]
    assert relatives == [("Grace Okafor", "Parent", "mother", True)]
    assert [p.full_name for p in page.context["record"].household] == ["Grace Okafor"]
    assert "No one with parental responsibility recorded." not in page.content.decode()


def test_a_double_submitted_new_relative_is_added_once(worker_client, child):
    form = _new_relative()

    first = worker_client.post(reverse("people:relative-create", args=[child.pk]), form)
    second = worker_client.post(reverse("people:relative-create", args=[child.pk]), form)

    assert first.status_code == second.status_code == 302
    assert Person.objects.filter(first_name="Grace").count() == 1
    assert Relationship.objects.count() == 1


def test_a_double_submitted_link_to_an_existing_relative_is_added_once(worker_client, child):
    father = RelationshipFactory(
        to_person=PersonFactory(recording_team=child.recording_team),
        from_person__recording_team=child.recording_team,
    ).from_person
    form = {
        "submission_key": str(uuid.uuid4()),
        "relative": str(father.pk),
        "relationship": "parent",
        "description": "father",
    }

    first = worker_client.post(reverse("people:relative-link", args=[child.pk]), form)
    second = worker_client.post(reverse("people:relative-link", args=[child.pk]), form)

    assert first.status_code == second.status_code == 302
    assert Relationship.objects.filter(to_person=child).count() == 1


def test_linking_the_same_relative_twice_says_so(worker_client, child):
    mother = RelationshipFactory(
        to_person=child, from_person__first_name="Grace", from_person__last_name="Okafor"
    ).from_person
    form = {
        "submission_key": str(uuid.uuid4()),
        "relative": str(mother.pk),
        "relationship": "parent",
    }

    response = worker_client.post(
        reverse("people:relative-link", args=[child.pk]), form, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Grace Okafor is already recorded as this person's parent."
    ]
    assert Relationship.objects.count() == 1


def test_a_relative_the_user_cannot_see_cannot_be_linked(worker_client, child):
    elsewhere = AllocationFactory(team=TeamFactory()).child
    form = {
        "submission_key": str(uuid.uuid4()),
        "relative": str(elsewhere.pk),
        "relationship": "sibling",
    }

    response = worker_client.post(reverse("people:relative-link", args=[child.pk]), form)

    assert response.status_code == 404
    assert Relationship.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        ({"relationship": ""}, "id_relationship", "Select how this person is related"),
        ({"is_child": ""}, "id_is_child", "Select whether this person is a child or an adult"),
        ({"last_name": ""}, "id_last_name", "Enter the person's last name"),
        (
            {"is_child": "child"},
            "id_date_of_birth",
            "A child must be under 18: record an adult instead",
        ),
    ],
)
def test_bad_answers_about_a_new_relative_are_shown_next_to_the_field(
    worker_client, child, overrides, field_id, message
):
    people_before = Person.objects.count()

    response = worker_client.post(
        reverse("people:relative-create", args=[child.pk]), _new_relative(**overrides)
    )

    assert error_message(response.content, field_id) == message
    assert Person.objects.count() == people_before


def test_a_new_relative_with_a_held_nhs_number_is_refused_on_the_field(worker_client, child):
    PersonFactory(adult=True, nhs_number="9434765919")

    response = worker_client.post(
        reverse("people:relative-create", args=[child.pk]),
        _new_relative(nhs_number="9434765919"),
    )

    assert error_message(response.content, "id_nhs_number") == (
        "Another record already has this NHS number: search for it instead"
    )
    assert Relationship.objects.count() == 0


def test_finding_a_relative_leaves_out_the_child_themselves(worker_client, child):
    sister = PersonFactory(
        first_name="Zainab", last_name="Okafor", recording_team=child.recording_team
    )

    response = worker_client.get(
        reverse("people:relative-find", args=[child.pk]), {"name": "Zainab Okafor"}
    )

    assert list(response.context["page_obj"]) == [sister]


# Merging duplicates


@pytest.fixture
def records(team_manager):
    team = team_manager.teams.get()
    survivor = PersonFactory(first_name="Jon", last_name="Smyth", upn="", recording_team=team)
    duplicate = PersonFactory(
        first_name="Jon", last_name="Smith", nhs_number="", upn="A308201812001", recording_team=team
    )
    return survivor, duplicate


def test_the_merge_page_shows_both_records_before_merging(manager_client, records):
    survivor, duplicate = records

    response = manager_client.get(
        reverse("people:person-merge", args=[survivor.pk]), {"duplicate": duplicate.la_child_id}
    )

    html = response.content.decode()
    assert response.context["duplicate"] == duplicate
    assert f"Merge {duplicate.la_child_id} into {survivor.la_child_id}" in html
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_merging_sends_the_merged_away_record_to_the_survivor(manager_client, records):
    survivor, duplicate = records
    ChronologyEntryFactory(child=duplicate, summary="School raised a concern")

    merged = manager_client.post(
        reverse("people:person-merge", args=[survivor.pk]),
        {"submission_key": str(uuid.uuid4()), "duplicate": duplicate.pk, "reason": "Same child"},
    )
    old_address = manager_client.get(reverse("record:child", args=[duplicate.pk]))
    survivor_page = manager_client.get(reverse("record:chronology", args=[survivor.pk]))

    assert merged.status_code == 302
    assert merged["Location"] == survivor.get_absolute_url()
    assert old_address.status_code == 302
    assert old_address["Location"] == survivor.get_absolute_url()
    assert "School raised a concern" in survivor_page.content.decode()
    assert set(AccessLog.objects.filter(action="people.merge").values_list("child", flat=True)) == {
        survivor.pk,
        duplicate.pk,
    }


def test_a_refused_merge_says_why_and_merges_nothing(manager_client, records):
    survivor, duplicate = records
    duplicate.nhs_number = "9990000018"
    duplicate.save()

    response = manager_client.post(
        reverse("people:person-merge", args=[survivor.pk]),
        {"submission_key": str(uuid.uuid4()), "duplicate": duplicate.pk, "reason": "Same child"},
    )

    duplicate.refresh_from_db()
    assert error_summary(response.content) == [
        ("", "These records have different NHS numbers: they are not the same person.")
    ]
    assert duplicate.merged_into is None


def test_a_merge_without_a_reason_is_refused_on_the_reason(manager_client, records):
    survivor, duplicate = records

    response = manager_client.post(
        reverse("people:person-merge", args=[survivor.pk]),
        {"submission_key": str(uuid.uuid4()), "duplicate": duplicate.pk, "reason": ""},
    )

    assert error_message(response.content, "id_reason") == (
        "Enter why these records are the same person"
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Enter a record number like C0000123"),
        ("", "Enter the record number of the duplicate"),
    ],
)
def test_a_bad_record_number_on_the_merge_page_says_what_to_type(
    manager_client, records, typed, message
):
    survivor, _ = records

    response = manager_client.get(
        reverse("people:person-merge", args=[survivor.pk]), {"duplicate": typed}
    )

    assert error_message(response.content, "id_duplicate") == message


def test_a_record_cannot_be_merged_with_itself_on_the_merge_page(manager_client, records):
    survivor, _ = records

    response = manager_client.get(
        reverse("people:person-merge", args=[survivor.pk]), {"duplicate": survivor.la_child_id}
    )

    assert error_message(response.content, "id_duplicate") == (
        "Enter the number of a different record"
    )


def test_the_merge_page_answers_404_for_a_duplicate_the_manager_cannot_see(manager_client, records):
    survivor, _ = records
    elsewhere = AllocationFactory(team=TeamFactory()).child

    response = manager_client.get(
        reverse("people:person-merge", args=[survivor.pk]), {"duplicate": elsewhere.la_child_id}
    )

    assert response.status_code == 404


def test_a_double_submitted_merge_merges_once(manager_client, records):
    survivor, duplicate = records
    form = {"submission_key": str(uuid.uuid4()), "duplicate": duplicate.pk, "reason": "Same child"}

    first = manager_client.post(reverse("people:person-merge", args=[survivor.pk]), form)
    second = manager_client.post(reverse("people:person-merge", args=[survivor.pk]), form)

    assert first.status_code == second.status_code == 302
    assert AccessLog.objects.filter(action="people.merge").count() == 2


# The record page


def test_the_chronology_can_be_filtered_by_kind_of_event(worker_client, child):
    ChronologyEntryFactory(
        child=child, kind="visit", summary="Home visit", happened_on=date(2026, 2, 1)
    )
    ChronologyEntryFactory(child=child, kind="other", summary="Phone call")

    response = worker_client.get(reverse("record:chronology", args=[child.pk]), {"kind": "visit"})

    assert [entry.summary for entry in response.context["page_obj"]] == ["Home visit"]


def test_the_record_page_shows_the_childs_details_and_allocation(worker_client, social_worker):
    allocation = AllocationFactory(
        team=social_worker.teams.get(),
        worker=social_worker,
        child__first_name="Amara",
        child__last_name="Okafor",
        child__nhs_number="9434765919",
    )

    response = worker_client.get(reverse("record:child", args=[allocation.child.pk]))

    html = response.content.decode()
    assert "Amara Okafor" in html
    assert "9434765919" in html
    assert response.context["allocation"] == allocation


def test_only_managers_see_the_merge_and_restrict_links(client, make_user, child):
    AllocationFactory(child=child, team=child.recording_team)
    links = {}
    for role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER):
        client.force_login(make_user(role, team=child.recording_team))
        html = client.get(reverse("record:child", args=[child.pk])).content.decode()
        links[role] = (
            reverse("people:person-merge", args=[child.pk]) in html,
            reverse("casework:restrict", args=[child.pk]) in html,
        )

    assert links == {Role.SOCIAL_WORKER: (False, False), Role.TEAM_MANAGER: (True, True)}


# Restricting a record


def _restriction(**fields: str) -> dict[str, str]:
    return {"submission_key": str(uuid.uuid4()), **fields}


def test_restricting_a_record_twice_by_a_double_submit_saves_it_once(manager_client, team_manager):
    child = AllocationFactory(team=team_manager.teams.get()).child
    form = _restriction(is_restricted="yes", named_staff="", reason="Relative works here")
    url = reverse("casework:restrict", args=[child.pk])

    first = manager_client.post(url, form)
    second = manager_client.post(url, form)

    assert first.status_code == second.status_code == 302
    changes = AccessLog.objects.filter(action="people.restrict", kind="change", child=child)
    assert changes.count() == 1


def test_a_manager_restricts_a_record_to_named_staff(manager_client, team_manager, make_user):
    child = AllocationFactory(team=team_manager.teams.get()).child
    colleague = make_user(Role.SOCIAL_WORKER, team=team_manager.teams.get(), username="nia.worker")

    response = manager_client.post(
        reverse("casework:restrict", args=[child.pk]),
        _restriction(is_restricted="yes", named_staff="NIA.WORKER", reason="Relative works here"),
    )

    child.refresh_from_db()
    assert response.status_code == 302
    assert child.is_restricted is True
    assert set(child.named_staff.all()) == {team_manager, colleague}


@pytest.mark.parametrize("account", ["no.such.person", "left.the.council"])
def test_only_active_staff_can_be_named_on_a_restricted_record(
    manager_client, team_manager, make_user, account
):
    child = AllocationFactory(team=team_manager.teams.get()).child
    make_user(Role.SOCIAL_WORKER, username="left.the.council", is_active=False)

    response = manager_client.post(
        reverse("casework:restrict", args=[child.pk]),
        _restriction(is_restricted="yes", named_staff=account, reason="Relative works here"),
    )

    child.refresh_from_db()
    assert error_message(response.content, "id_named_staff") == (
        f"No active staff account with username {account}"
    )
    assert child.is_restricted is False


def test_restricting_a_record_needs_a_reason(manager_client, team_manager):
    child = AllocationFactory(team=team_manager.teams.get()).child

    response = manager_client.post(
        reverse("casework:restrict", args=[child.pk]),
        _restriction(is_restricted="yes", named_staff="", reason=""),
    )

    assert error_message(response.content, "id_reason") == (
        "Enter why access to this record is changing"
    )

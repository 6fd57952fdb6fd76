"""A child's disabilities, as the CIN census codes them, recorded on the child's record."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessLog
from opencsc.people.models import Disability
from opencsc.people.services import set_disabilities
from tests.factories import (
    AgencyFactory,
    AllocationFactory,
    PersonFactory,
    RelationshipFactory,
    UserFactory,
)


def _key() -> dict[str, str]:
    return {"submission_key": str(uuid.uuid4())}


@pytest.fixture
def child(assessment_team):
    child = PersonFactory(first_name="Sam", last_name="Ade")
    AllocationFactory(child=child, team=assessment_team)
    return child


def test_disabilities_replace_what_was_recorded(child, social_worker):
    set_disabilities(child=child, codes=["AUT", "COMM"], by=social_worker)
    set_disabilities(child=child, codes=["AUT", "LD"], by=social_worker)

    assert sorted(child.disabilities.values_list("code", flat=True)) == ["AUT", "LD"]
    assert child.chronology.filter(kind="details_changed").count() == 2


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        (["NONE", "AUT"], "“No disability” cannot be chosen with a disability"),
        (["AUT", "AUT"], "Choose each disability once"),
        (["XYZ"], "Choose disabilities from the list"),
        ([], "Choose the child's disabilities, or “No disability”"),
    ],
)
def test_census_rules_on_disability_codes(child, social_worker, codes, message):
    with pytest.raises(ValidationError) as error:
        set_disabilities(child=child, codes=codes, by=social_worker)

    assert error.value.message_dict == {"codes": [message]}
    assert not Disability.objects.exists()


def test_only_staff_who_may_change_the_record_set_disabilities(child, make_user):
    reader = make_user(Role.QUALITY_ASSURANCE)

    with pytest.raises(PermissionDenied):
        set_disabilities(child=child, codes=["AUT"], by=reader)


def test_the_page_records_them_and_the_record_shows_them(client, child, social_worker):
    client.force_login(social_worker)
    url = reverse("people:disabilities", args=[child.pk])

    refused = client.post(url, {"submission_key": uuid.uuid4(), "codes": ["NONE", "VIS"]})
    saved = client.post(url, {"submission_key": uuid.uuid4(), "codes": ["VIS"]})
    record = client.get(reverse("record:child", args=[child.pk])).content.decode()

    assert "cannot be chosen with a disability" in refused.context["form"].errors["codes"][0]
    assert saved.status_code == 302
    assert "Vision" in record


def test_another_teams_worker_cannot_open_the_page(client, child):
    stranger = UserFactory(role=Role.SOCIAL_WORKER)
    client.force_login(stranger)

    assert client.get(reverse("people:disabilities", args=[child.pk])).status_code == 404


def test_no_disability_on_its_own_replaces_what_was_recorded(child, social_worker):
    set_disabilities(child=child, codes=["AUT", "COMM"], by=social_worker)

    set_disabilities(child=child, codes=["NONE"], by=social_worker)

    assert list(child.disabilities.values_list("code", flat=True)) == ["NONE"]
    assert child.chronology.order_by("-pk").first().summary == "Disability recorded: No disability"
    assert AccessLog.objects.filter(
        child=child, action="people.set_disabilities", summary="No disability"
    ).exists()


def test_saving_the_same_disabilities_again_adds_nothing_to_the_chronology(child, social_worker):
    set_disabilities(child=child, codes=["HEAR"], by=social_worker)

    set_disabilities(child=child, codes=["HEAR"], by=social_worker)

    assert child.chronology.filter(kind="details_changed").count() == 1


def test_an_unborn_childs_disability_may_be_recorded(assessment_team, social_worker):
    unborn = PersonFactory(unborn=True)
    AllocationFactory(child=unborn, team=assessment_team)

    set_disabilities(child=unborn, codes=["NONE"], by=social_worker)

    assert list(unborn.disabilities.values_list("code", flat=True)) == ["NONE"]


def test_an_adults_disability_is_not_recorded_here(child, social_worker):
    parent = PersonFactory(adult=True)
    RelationshipFactory(from_person=parent, to_person=child)

    with pytest.raises(ValidationError) as error:
        set_disabilities(child=parent, codes=["MOB"], by=social_worker)

    assert error.value.messages == ["Disabilities are recorded for children."]
    assert not Disability.objects.exists()


def test_the_page_offers_no_disability_after_an_or(client, child, social_worker):
    client.force_login(social_worker)

    page = client.get(reverse("people:disabilities", args=[child.pk])).content.decode()

    assert 'id="id_codes" name="codes" type="checkbox" value="MOB"' in page
    divider = page.index('<div class="govuk-checkboxes__divider">or</div>')
    none = page.index('value="NONE" data-behaviour="exclusive"')
    assert divider < none
    assert page.count('name="codes" type="checkbox"') == 13


def test_bad_input_on_the_page_is_shown_next_to_the_boxes(client, child, social_worker):
    client.force_login(social_worker)

    response = client.post(reverse("people:disabilities", args=[child.pk]), _key())

    page = response.content.decode()
    assert response.context["form"].errors["codes"] == [
        "Choose the child's disabilities, or “No disability”"
    ]
    assert 'href="#id_codes"' in page
    assert 'id="id_codes-error"' in page


def test_a_double_submit_records_once(client, child, social_worker):
    client.force_login(social_worker)
    data = {**_key(), "codes": ["AUT"]}
    url = reverse("people:disabilities", args=[child.pk])

    first = client.post(url, data)
    again = client.post(url, data)

    assert (first.status_code, again.status_code) == (302, 302)
    assert child.chronology.filter(kind="details_changed").count() == 1


@pytest.mark.parametrize(
    ("role", "own_team", "record", "page"),
    [
        (Role.SOCIAL_WORKER, True, 200, 200),
        (Role.TEAM_MANAGER, True, 200, 200),
        (Role.QUALITY_ASSURANCE, False, 200, 403),
        (Role.SOCIAL_WORKER, False, 404, 404),
        (Role.PARTNER_AGENCY, False, 404, 404),
    ],
)
def test_who_may_see_and_change_a_childs_disabilities(
    client, child, assessment_team, role, own_team, record, page
):
    extra = {"agency": AgencyFactory()} if role == Role.PARTNER_AGENCY else {}
    user = UserFactory(role=role, team=assessment_team if own_team else None, **extra)
    client.force_login(user)

    got = [
        client.get(reverse(name, args=[child.pk])).status_code
        for name in ("record:child", "people:disabilities")
    ]

    assert got == [record, page]


def test_the_record_says_not_recorded_and_offers_a_change_only_to_editors(
    client, child, social_worker, make_user
):
    change = f'href="{reverse("people:disabilities", args=[child.pk])}"'
    client.force_login(social_worker)
    editor = client.get(reverse("record:child", args=[child.pk])).content.decode()
    client.force_login(make_user(Role.QUALITY_ASSURANCE))
    reader = client.get(reverse("record:child", args=[child.pk])).content.decode()

    assert "Not recorded" in editor
    assert change in editor
    assert change not in reader

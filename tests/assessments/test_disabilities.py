"""A child's disabilities, as the CIN census codes them, recorded on the child's record."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.people.models import Disability
from opencsc.people.services import set_disabilities
from tests.factories import AllocationFactory, PersonFactory, UserFactory


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
    record = client.get(reverse("people:person-detail", args=[child.pk])).content.decode()

    assert "cannot be chosen with a disability" in refused.context["form"].errors["codes"][0]
    assert saved.status_code == 302
    assert "Vision" in record


def test_another_teams_worker_cannot_open_the_page(client, child):
    stranger = UserFactory(role=Role.SOCIAL_WORKER)
    client.force_login(stranger)

    assert client.get(reverse("people:disabilities", args=[child.pk])).status_code == 404

"""The child's record offers "Record a contact" (the contact form with the child already on it)
only to those who may record contacts: the MASH, not the team holding the case nor a reader."""

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role
from tests.factories import (
    AllocationFactory,
    MashPractitionerFactory,
    MashTeamFactory,
    PersonFactory,
    UserFactory,
)


@pytest.fixture
def child(worker):
    child = PersonFactory(first_name="Amara")
    AllocationFactory(child=child, team=worker.teams.get(), worker=worker)
    return child


def _page(client, user, child):
    client.force_login(user)
    return client.get(reverse("record:work", args=[child.pk])).content.decode()


def test_the_mash_may_record_a_contact_from_the_record_of_a_child_no_team_holds(client, db):
    mash = MashPractitionerFactory(team=MashTeamFactory())
    unheld = PersonFactory(first_name="Leo")

    page = _page(client, mash, unheld)

    assert f'href="{reverse("frontdoor:contact-create", args=[unheld.pk])}"' in page
    assert 'Record a contact<span class="govuk-visually-hidden"> about' in page


def test_a_head_of_service_may_record_a_contact_from_a_held_childs_record(client, child):
    page = _page(client, UserFactory(role=Role.HEAD_OF_SERVICE), child)

    assert f'href="{reverse("frontdoor:contact-create", args=[child.pk])}"' in page


@pytest.mark.parametrize("who", ["worker", "quality"])
def test_who_may_not_record_contacts_is_not_offered_the_link(client, child, worker, who):
    user = worker if who == "worker" else UserFactory(role=Role.QUALITY_ASSURANCE)

    page = _page(client, user, child)

    assert "Record a contact" not in page
    assert reverse("frontdoor:contact-create", args=[child.pk]) not in page


def test_the_linked_contact_form_opens_with_the_child_on_it(client, child):
    mash = MashPractitionerFactory(team=MashTeamFactory())
    client.force_login(mash)

    response = client.get(reverse("frontdoor:contact-create", args=[child.pk]))

    assert response.status_code == 200
    assert response.context["child"] == child

"""A contact's page links back to the MASH queue only for those who may open the queue: a
social worker reading a contact about a child their team holds has no queue to go back to."""

from django.urls import reverse

from opencsc.accounts.models import Role, Team
from tests.factories import AllocationFactory, TeamFactory, UserFactory

BACK = "Back to the MASH queue"


def test_the_mash_goes_back_to_its_queue_from_a_contact(client, contact, practitioner):
    client.force_login(practitioner)

    page = client.get(reverse("frontdoor:contact-detail", args=[contact.pk])).content.decode()

    assert f'href="{reverse("frontdoor:queue")}" class="govuk-back-link">{BACK}' in page


def test_a_social_worker_reading_a_contact_is_offered_no_mash_queue(client, contact, child):
    team = TeamFactory(kind=Team.Kind.ASSESSMENT)
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=team)
    AllocationFactory(child=child, team=team, worker=worker)
    client.force_login(worker)

    response = client.get(reverse("frontdoor:contact-detail", args=[contact.pk]))

    assert response.status_code == 200
    assert BACK not in response.content.decode()
    assert client.get(reverse("frontdoor:queue")).status_code == 403

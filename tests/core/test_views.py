"""The home page greets the user and offers only what their role can use."""

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role
from tests.factories import TeamFactory


def test_the_home_page_names_the_users_role_and_teams(client, make_user):
    user = make_user(
        Role.SOCIAL_WORKER, team=TeamFactory(name="Assessment team 1"), first_name="Nia"
    )
    client.force_login(user)

    response = client.get(reverse("record:home"))

    html = response.content.decode()
    assert "Hello, Nia" in html
    assert "Social worker, Assessment team 1." in html


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        (Role.SOCIAL_WORKER, ["Find a person"]),
        (Role.ADMINISTRATOR, ["Access log", "Staff and teams"]),
        (Role.PARTNER_AGENCY, []),
    ],
)
def test_the_home_page_offers_only_what_the_role_can_use(client, make_user, role, offered):
    client.force_login(make_user(role))

    html = client.get(reverse("record:home")).content.decode()

    shown = [
        heading
        for heading in ("Find a person", "Access log", "Staff and teams")
        if f">{heading}</a></h2>" in html
    ]
    assert shown == offered


def test_a_partner_agency_user_is_shown_their_own_contacts_and_checks(client, make_user):
    client.force_login(make_user(Role.PARTNER_AGENCY))

    html = client.get(reverse("record:home")).content.decode()

    assert f'href="{reverse("frontdoor:partner-home")}">Your contacts and checks</a>' in html
    assert reverse("people:search") not in html

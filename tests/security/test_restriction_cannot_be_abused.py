"""Issue 11, part 3: restriction that cannot be abused.

Why: any team manager could restrict a child they could merely open (a referral waiting for a team,
a case only offered to them by transfer), which hid the child from the MASH, the holding team and
the head of service and took the referral off the allocation lists; only the named staff could lift
it. Now only the managers of the team holding the case (the MASH's while no team holds it) and the
heads of service may restrict; they always see that the record exists, with no name, and can lift
or change it; restricting a child with an open referral alerts the heads of service.
"""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from opencsc import permissions
from opencsc.accounts.models import Role
from opencsc.permissions import Action
from tests.casework.factories import TeamTransferFactory
from tests.core.html import error_message
from tests.factories import (
    AllocationFactory,
    MashManagerFactory,
    PersonFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
)

NAME, SURNAME, NUMBER = "Quillon", "Marchbank", "9434765919"
BORN = date(2015, 2, 11)
RESTRICTED = "restricted_with_open_referral"
MARKERS = (NAME, SURNAME, NUMBER, "11 Feb 2015", "11/02/2015", "2015-02-11")


@pytest.fixture
def child(db):
    return PersonFactory(first_name=NAME, last_name=SURNAME, nhs_number=NUMBER, date_of_birth=BORN)


def _restrict(client, child, *, named: str = "", restricted: str = "yes"):
    return client.post(
        reverse("casework:restrict", args=[child.pk]),
        {
            "submission_key": str(uuid.uuid4()),
            "is_restricted": restricted,
            "named_staff": named,
            "reason": "A relative works in the service",
        },
    )


def _restricted_to(child, user):
    child.is_restricted = True
    child.save()
    child.named_staff.set([user])


def _shows_no_markers(html: str) -> bool:
    return not any(marker in html for marker in MARKERS)


# Only the holding team's managers and heads of service may restrict


def test_a_manager_who_can_only_read_a_referral_waiting_for_a_team_cannot_restrict_it(
    client, child
):
    """Every team manager reads a referral waiting for a team; only the MASH's managers hold it."""
    ReferralFactory(child=child)
    other_manager = UserFactory(role=Role.TEAM_MANAGER, team=TeamFactory())
    assert permissions.can_see(other_manager, child)
    client.force_login(other_manager)

    response = _restrict(client, child)

    child.refresh_from_db()
    assert response.status_code == 404
    assert child.is_restricted is False
    assert permissions.can(other_manager, Action.RESTRICT_RECORD, child) is False


def test_a_manager_offered_a_case_by_transfer_cannot_restrict_it(client, child):
    holding_team, offered_team = TeamFactory(), TeamFactory()
    referral = ReferralFactory(child=child)
    AllocationFactory(child=child, team=holding_team, referral=referral)
    TeamTransferFactory(
        child=child, referral=referral, from_team=holding_team, to_team=offered_team
    )
    offered_manager = UserFactory(role=Role.TEAM_MANAGER, team=offered_team)
    assert permissions.can_see(offered_manager, child)
    client.force_login(offered_manager)

    response = _restrict(client, child)

    child.refresh_from_db()
    assert response.status_code == 404
    assert child.is_restricted is False


@pytest.mark.parametrize("allocated", [True, False])
def test_the_holding_teams_manager_and_a_head_of_service_may_restrict(client, child, allocated):
    team = TeamFactory()
    if allocated:
        AllocationFactory(child=child, team=team)
        holder = UserFactory(role=Role.TEAM_MANAGER, team=team)
    else:
        holder = MashManagerFactory()
    head = UserFactory(role=Role.HEAD_OF_SERVICE)

    assert permissions.can(holder, Action.RESTRICT_RECORD, child)
    assert permissions.can(head, Action.RESTRICT_RECORD, child)
    assert not permissions.can(
        UserFactory(role=Role.SOCIAL_WORKER, team=team), Action.RESTRICT_RECORD, child
    )


# The holders always see that it exists, never whose it is, and can lift or change it


def test_a_restriction_naming_others_still_shows_the_holding_manager_that_it_exists(client, child):
    team = TeamFactory()
    AllocationFactory(child=child, team=team)
    holder = UserFactory(role=Role.TEAM_MANAGER, team=team)
    _restricted_to(child, UserFactory(role=Role.SOCIAL_WORKER, team=team))
    client.force_login(holder)

    page = client.get(reverse("casework:restrict", args=[child.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Restricted record" in html
    assert _shows_no_markers(html)
    assert client.get(reverse("record:child", args=[child.pk])).status_code == 404


@pytest.mark.parametrize("holder_role", ["holding manager", "head of service"])
def test_the_holders_can_lift_a_restriction_that_names_others_only(client, child, holder_role):
    team = TeamFactory()
    AllocationFactory(child=child, team=team)
    holder = (
        UserFactory(role=Role.TEAM_MANAGER, team=team)
        if holder_role == "holding manager"
        else UserFactory(role=Role.HEAD_OF_SERVICE)
    )
    _restricted_to(child, UserFactory(role=Role.SOCIAL_WORKER, team=team))
    client.force_login(holder)

    response = _restrict(client, child, restricted="no")

    child.refresh_from_db()
    assert response.status_code == 302
    assert (child.is_restricted, list(child.named_staff.all())) == (False, [])


def test_the_holding_manager_can_change_the_named_staff(client, child):
    team = TeamFactory()
    AllocationFactory(child=child, team=team)
    holder = UserFactory(role=Role.TEAM_MANAGER, team=team)
    first = UserFactory(role=Role.SOCIAL_WORKER, team=team, username="first.worker")
    UserFactory(role=Role.SOCIAL_WORKER, team=team, username="second.worker")
    _restricted_to(child, first)
    client.force_login(holder)

    _restrict(client, child, named="second.worker")

    child.refresh_from_db()
    assert sorted(child.named_staff.values_list("username", flat=True)) == sorted(
        [holder.username, "second.worker"]
    )


# The referral stays on the allocation list for the managers who must act


def test_restricting_a_waiting_referral_keeps_it_on_the_mash_managers_allocation_list(
    client, child
):
    referral = ReferralFactory(child=child)
    mash_manager = MashManagerFactory()
    _restricted_to(child, UserFactory(role=Role.SOCIAL_WORKER, team=TeamFactory()))
    client.force_login(mash_manager)

    response = client.get(reverse("casework:to-allocate"))

    html = response.content.decode()
    assert [row.pk for row in response.context["page_obj"]] == [referral.pk]
    assert "Restricted record" in html
    assert reverse("casework:restrict", args=[child.pk]) in html
    assert reverse("record:episode", args=[referral.pk]) not in html
    assert _shows_no_markers(html)


def test_a_head_of_service_sees_a_restricted_referral_on_the_allocation_list_without_its_name(
    client, child
):
    ReferralFactory(child=child)
    _restricted_to(child, UserFactory(role=Role.SOCIAL_WORKER, team=TeamFactory()))
    client.force_login(UserFactory(role=Role.HEAD_OF_SERVICE))

    html = client.get(reverse("casework:to-allocate")).content.decode()

    assert "Restricted record" in html
    assert _shows_no_markers(html)


def test_a_manager_outside_the_mash_no_longer_sees_a_restricted_referral(client, child):
    ReferralFactory(child=child)
    _restricted_to(child, UserFactory(role=Role.SOCIAL_WORKER, team=TeamFactory()))
    client.force_login(UserFactory(role=Role.TEAM_MANAGER, team=TeamFactory()))

    response = client.get(reverse("casework:to-allocate"))

    assert list(response.context["page_obj"]) == []


def test_a_holding_manager_finds_a_restricted_record_as_restricted_in_search(client, child):
    team = TeamFactory()
    AllocationFactory(child=child, team=team)
    _restricted_to(child, UserFactory(role=Role.SOCIAL_WORKER, team=team))
    client.force_login(UserFactory(role=Role.TEAM_MANAGER, team=team))

    response = client.get(reverse("people:search"), {"nhs_number": NUMBER})

    html = response.content.decode()
    assert "Restricted record" in html
    assert reverse("casework:restrict", args=[child.pk]) in html
    assert _shows_no_markers(html.replace(f'value="{NUMBER}"', ""))


# The heads of service are alerted


def test_restricting_a_child_with_an_open_referral_alerts_the_heads_of_service(client, child):
    ReferralFactory(child=child)
    mash_manager = MashManagerFactory()
    head = UserFactory(role=Role.HEAD_OF_SERVICE)
    client.force_login(mash_manager)
    _restrict(client, child, named="")
    other_manager = UserFactory(role=Role.TEAM_MANAGER, team=TeamFactory())

    client.force_login(head)
    response = client.get(reverse("workforce:alerts"))
    client.force_login(other_manager)
    elsewhere = client.get(reverse("workforce:alerts"))

    html = response.content.decode()
    assert [alert.rule.kind for alert in response.context["alerts"]] == [RESTRICTED]
    assert reverse("casework:restrict", args=[child.pk]) in html
    assert "Restricted record" in html
    assert _shows_no_markers(html)
    assert elsewhere.context["alerts"] == []


def test_restricting_a_child_with_no_open_referral_raises_no_alert(client, child):
    team = TeamFactory()
    AllocationFactory(child=child, team=team)
    client.force_login(UserFactory(role=Role.TEAM_MANAGER, team=team))
    _restrict(client, child)

    client.force_login(UserFactory(role=Role.HEAD_OF_SERVICE))
    response = client.get(reverse("workforce:alerts"))

    assert RESTRICTED not in [alert.rule.kind for alert in response.context["alerts"]]


def test_the_head_of_service_acknowledges_the_restriction_alert_without_seeing_the_child(
    client, child
):
    ReferralFactory(child=child)
    client.force_login(MashManagerFactory())
    _restrict(client, child)
    head = UserFactory(role=Role.HEAD_OF_SERVICE)
    client.force_login(head)
    alert = client.get(reverse("workforce:alerts")).context["alerts"][0]

    page = client.get(reverse("workforce:acknowledge", args=[alert.item.pk]))
    done = client.post(
        reverse("workforce:acknowledge", args=[alert.item.pk]),
        {"submission_key": str(uuid.uuid4()), "note": "Spoke to the MASH manager"},
    )

    assert page.status_code == 200
    assert _shows_no_markers(page.content.decode())
    assert done.status_code == 302


@pytest.mark.parametrize("role", [Role.PARTNER_AGENCY, Role.ADMINISTRATOR])
def test_only_staff_who_can_open_records_can_be_named_on_one(client, child, role):
    team = TeamFactory()
    AllocationFactory(child=child, team=team)
    UserFactory(role=role, username="not.social.care")
    client.force_login(UserFactory(role=Role.TEAM_MANAGER, team=team))

    response = _restrict(client, child, named="not.social.care")

    child.refresh_from_db()
    assert error_message(response.content, "id_named_staff") == (
        "not.social.care cannot open children's records: name social care staff"
    )
    assert child.is_restricted is False

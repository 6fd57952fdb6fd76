"""Asking for a role that reads every child raises an alert on every head of service's alerts page
(not a team manager's); it closes when a second administrator answers, and an approval raises an
"approved" alert that a head of service acknowledges to close. No child is involved, none named."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts import services
from opencsc.accounts.models import Role, RoleGrant, User
from opencsc.accounts.services import StaffDetails
from opencsc.timescales.models import DueItem
from opencsc.workforce.services import acknowledge_alert

WAITING = "A role that reads every child is waiting for a second administrator"
APPROVED = "A role that reads every child was approved"


@pytest.fixture
def second_admin(make_user):
    return make_user(Role.ADMINISTRATOR, email="second.admin@example.org")


@pytest.fixture
def heads_of_service(make_user):
    return [make_user(Role.HEAD_OF_SERVICE, email=f"head{n}@example.org") for n in (1, 2)]


@pytest.fixture
def team_manager(make_user, assessment_team):
    return make_user(Role.TEAM_MANAGER, team=assessment_team)


def _ask(member: User, role: str, *, by: User) -> RoleGrant:
    details = StaffDetails(
        first_name=member.first_name,
        last_name=member.last_name,
        email=member.email,
        role=role,
        teams=tuple(member.teams.all()),
    )
    services.update_staff(user=member, details=details, by=by)
    return RoleGrant.objects.get(account=member, status=RoleGrant.Status.PROPOSED)


def _alerts_page(user: User) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("workforce:alerts"))
    assert response.status_code == 200
    return response.content.decode()


def _row(page: str, text: str) -> str:
    start = page.index(text)
    return page[page.rindex("<tr", 0, start) : page.index("</tr>", start)]


def test_every_head_of_service_sees_the_waiting_alert_and_a_team_manager_does_not(
    administrator, social_worker, heads_of_service, team_manager
):
    _ask(social_worker, Role.QUALITY_ASSURANCE, by=administrator)

    for head in heads_of_service:
        page = _alerts_page(head)
        assert (
            f"{WAITING}: {social_worker.username} asked for {Role.QUALITY_ASSURANCE.label} by "
            f"{administrator.username}"
        ) in page
        row = _row(page, WAITING)
        assert "No child" in row
        # Nothing a head of service cannot open: the only link is acknowledging the alert.
        assert row.count("href=") == 1
        assert reverse("workforce:acknowledge", args=[DueItem.objects.get().pk]) in row
    assert WAITING not in _alerts_page(team_manager)


def test_approval_closes_the_waiting_alert_and_opens_an_approved_one_acknowledged_to_close(
    administrator, second_admin, social_worker, heads_of_service
):
    grant = _ask(social_worker, Role.QUALITY_ASSURANCE, by=administrator)

    services.authorise_role_grant(grant=grant, by=second_admin)

    page = _alerts_page(heads_of_service[0])
    assert WAITING not in page
    assert (
        f"{APPROVED}: {social_worker.username} given {Role.QUALITY_ASSURANCE.label}, asked for by "
        f"{administrator.username}, approved by {second_admin.username}"
    ) in page
    approved = DueItem.objects.get(closed_at=None)
    assert approved.child is None

    client = Client()
    client.force_login(heads_of_service[1])
    response = client.post(
        reverse("workforce:acknowledge", args=[approved.pk]),
        {"submission_key": str(uuid.uuid4()), "note": "Spoke to the director: expected"},
    )

    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.closed_at is not None
    assert APPROVED not in _alerts_page(heads_of_service[0])


def test_turning_it_down_closes_the_waiting_alert_and_opens_none(
    administrator, second_admin, social_worker, heads_of_service
):
    grant = _ask(social_worker, Role.HEAD_OF_SERVICE, by=administrator)

    services.return_role_grant(grant=grant, comment="Not agreed", by=second_admin)

    assert not DueItem.objects.filter(closed_at=None).exists()
    page = _alerts_page(heads_of_service[0])
    assert WAITING not in page
    assert APPROVED not in page


def test_a_new_account_asked_for_with_such_a_role_alerts_too(
    administrator, heads_of_service, admin_client, new_staff
):
    admin_client.post(reverse("accounts:staff-create"), new_staff(role=Role.HEAD_OF_SERVICE))

    assert f"{WAITING}: nia.worker asked for Head of service by" in _alerts_page(
        heads_of_service[0]
    )


def test_a_team_manager_cannot_open_or_acknowledge_the_alert(
    administrator, social_worker, heads_of_service, team_manager
):
    _ask(social_worker, Role.QUALITY_ASSURANCE, by=administrator)
    item = DueItem.objects.get()
    client = Client()
    client.force_login(team_manager)

    response = client.post(
        reverse("workforce:acknowledge", args=[item.pk]),
        {"submission_key": str(uuid.uuid4()), "note": "seen"},
    )

    assert response.status_code == 404
    item.refresh_from_db()
    assert item.closed_at is None


def test_the_account_given_the_role_cannot_acknowledge_the_alert_about_itself(
    administrator, second_admin, social_worker, heads_of_service
):
    grant = _ask(social_worker, Role.HEAD_OF_SERVICE, by=administrator)
    services.authorise_role_grant(grant=grant, by=second_admin)
    approved = DueItem.objects.get(closed_at=None)
    social_worker.refresh_from_db()
    assert social_worker.role == Role.HEAD_OF_SERVICE

    with pytest.raises(ValidationError, match="your own account"):
        acknowledge_alert(due_item=approved, note="Looks fine to me", by=social_worker)

    approved.refresh_from_db()
    assert approved.closed_at is None
    acknowledge_alert(due_item=approved, note="Expected", by=heads_of_service[0])


def test_acknowledging_the_waiting_alert_early_leaves_the_approval_to_alert(
    administrator, second_admin, social_worker, heads_of_service
):
    grant = _ask(social_worker, Role.QUALITY_ASSURANCE, by=administrator)
    acknowledge_alert(due_item=DueItem.objects.get(), note="Seen", by=heads_of_service[0])

    services.authorise_role_grant(grant=grant, by=second_admin)

    assert [item.rule for item in DueItem.objects.filter(closed_at=None)] == ["role_grant_approved"]


def test_the_alerts_page_runs_the_same_queries_with_more_role_alerts(
    administrator, make_user, assessment_team, heads_of_service
):
    def queries() -> int:
        client = Client()
        client.force_login(heads_of_service[0])
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("workforce:alerts")).status_code == 200
        return len(captured)

    _ask(
        make_user(Role.SOCIAL_WORKER, team=assessment_team), Role.HEAD_OF_SERVICE, by=administrator
    )
    small = queries()
    for _ in range(3):
        member = make_user(Role.SOCIAL_WORKER, team=assessment_team)
        _ask(member, Role.QUALITY_ASSURANCE, by=administrator)

    assert queries() == small

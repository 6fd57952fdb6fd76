"""Administrators add staff, change their role and teams, and deactivate accounts."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts.models import Agency, Role, Team, User
from opencsc.accounts.selectors import staff_list, teams_with_counts
from opencsc.accounts.services import StaffDetails, create_team, set_staff_active, update_staff
from opencsc.audit.models import AccessLog
from tests.core.html import error_message, error_summary
from tests.factories import AgencyFactory, TeamFactory, UserFactory


def test_an_administrator_adds_a_social_worker_to_a_team(
    admin_client, administrator, assessment_team, new_staff
):
    response = admin_client.post(
        reverse("accounts:staff-create"), new_staff(assessment_team, username="Nia.Worker")
    )

    created = User.objects.get(username="nia.worker")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:staff-list")
    assert (created.role, created.first_name, created.email) == (
        Role.SOCIAL_WORKER,
        "Nia",
        "nia.worker@example.org",
    )
    assert list(created.teams.all()) == [assessment_team]
    assert created.check_password("a-long-enough-Passphrase-9") is True
    assert list(
        AccessLog.objects.filter(action="accounts.create_staff").values_list("user", "summary")
    ) == [(administrator.pk, "nia.worker (Social worker)")]


def test_a_new_partner_agency_user_belongs_to_their_agency(admin_client, new_staff):
    police = AgencyFactory(name="Metropolitan Police (demo)")

    admin_client.post(
        reverse("accounts:staff-create"),
        new_staff(role=Role.PARTNER_AGENCY, agency=str(police.pk)),
    )

    created = User.objects.get(username="nia.worker")
    assert (created.role, created.agency, list(created.teams.all())) == (
        Role.PARTNER_AGENCY,
        police,
        [],
    )


def test_a_commissioned_providers_return_interview_officer_carries_the_provider(
    admin_client, new_staff
):
    provider = AgencyFactory(name="Safe Return CIC", kind=Agency.Kind.COMMISSIONED_PROVIDER)

    admin_client.post(
        reverse("accounts:staff-create"),
        new_staff(role=Role.RETURN_INTERVIEW_OFFICER, agency=str(provider.pk)),
    )

    created = User.objects.get(username="nia.worker")
    assert (created.role, created.agency) == (Role.RETURN_INTERVIEW_OFFICER, provider)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": "user-taken"}, "username", "That username is taken: choose another"),
        ({"username": "USER-TAKEN"}, "username", "That username is taken: choose another"),
        (
            {"username": "nia worker"},
            "username",
            "Username can only contain letters, numbers, dots, dashes and underscores",
        ),
        (
            {"password": "short-9"},
            "password",
            "This password is too short. It must contain at least 12 characters.",
        ),
        ({"password": "qwerty123456"}, "password", "This password is too common."),
        ({"password": ""}, "password", "Enter a first password"),
        ({"first_name": ""}, "first_name", "Enter a first name"),
        ({"email": "nia@"}, "email", "Enter an email address like name@example.org"),
        ({"role": ""}, "role", "Select a role"),
        ({"teams": []}, "teams", "Select at least one team"),
        (
            {"role": Role.PARTNER_AGENCY, "teams": []},
            "agency",
            "Select the partner agency this user works for",
        ),
        ({"role": Role.TEAM_MANAGER, "teams": []}, "teams", "Select at least one team"),
        ({"role": Role.MASH_PRACTITIONER, "teams": []}, "teams", "Select at least one team"),
    ],
)
def test_bad_staff_details_are_shown_next_to_the_field_and_nothing_is_created(
    admin_client, assessment_team, new_staff, overrides, field, message
):
    UserFactory(username="user-taken")
    users_before = User.objects.count()

    response = admin_client.post(
        reverse("accounts:staff-create"), new_staff(assessment_team, **overrides)
    )

    assert response.status_code == 200
    assert error_message(response.content, f"id_{field}") == message
    assert (f"#id_{field}", message) in error_summary(response.content)
    assert User.objects.count() == users_before


def test_a_password_like_the_username_is_refused(admin_client, assessment_team, new_staff):
    response = admin_client.post(
        reverse("accounts:staff-create"),
        new_staff(assessment_team, username="worker.nia.long", password="worker.nia.long"),
    )

    assert error_message(response.content, "id_password") == (
        "The password is too similar to the username."
    )


def test_an_agency_is_only_for_a_partner_agency_user(admin_client, assessment_team, new_staff):
    police = AgencyFactory()

    response = admin_client.post(
        reverse("accounts:staff-create"), new_staff(assessment_team, agency=str(police.pk))
    )

    assert (
        error_message(response.content, "id_agency") == "Only a partner agency user has an agency"
    )


def test_a_partner_agency_user_is_in_no_council_team(admin_client, assessment_team, new_staff):
    police = AgencyFactory()

    response = admin_client.post(
        reverse("accounts:staff-create"),
        new_staff(assessment_team, role=Role.PARTNER_AGENCY, agency=str(police.pk)),
    )

    assert error_message(response.content, "id_teams") == (
        "A partner agency user is not a member of a council team"
    )


def test_a_double_submitted_new_account_is_created_once(admin_client, assessment_team, new_staff):
    form = new_staff(assessment_team)

    first = admin_client.post(reverse("accounts:staff-create"), form)
    second = admin_client.post(reverse("accounts:staff-create"), form)

    assert first.status_code == second.status_code == 302
    assert User.objects.filter(username="nia.worker").count() == 1


def _details(member: User, **changes) -> dict:
    return {
        "submission_key": str(uuid.uuid4()),
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "job_title": member.job_title,
        "role": member.role,
        "agency": "",
        "teams": [team.pk for team in member.teams.all()],
    } | changes


def test_an_administrator_changes_a_role_and_teams(admin_client, administrator, social_worker):
    children_in_care = TeamFactory(name="Children in care 1", kind=Team.Kind.CHILDREN_IN_CARE)

    response = admin_client.post(
        reverse("accounts:staff-edit", args=[social_worker.pk]),
        _details(social_worker, role=Role.TEAM_MANAGER, teams=[children_in_care.pk]),
    )

    social_worker.refresh_from_db()
    assert response.status_code == 302
    assert (social_worker.role, list(social_worker.teams.all())) == (
        Role.TEAM_MANAGER,
        [children_in_care],
    )
    assert AccessLog.objects.get(action="accounts.update_staff").summary == (
        f"{social_worker.username}: Team manager, teams Children in care 1"
    )


def test_the_edit_page_shows_the_current_role_and_teams(
    admin_client, social_worker, assessment_team
):
    response = admin_client.get(reverse("accounts:staff-edit", args=[social_worker.pk]))

    html = response.content.decode()
    assert f'value="{Role.SOCIAL_WORKER}" checked' in html
    assert f'value="{assessment_team.pk}" checked' in html


def test_an_administrator_cannot_remove_their_own_administrator_role(admin_client, administrator):
    response = admin_client.post(
        reverse("accounts:staff-edit", args=[administrator.pk]),
        _details(administrator, role=Role.HEAD_OF_SERVICE),
    )

    administrator.refresh_from_db()
    assert error_message(response.content, "id_role") == (
        "You cannot remove your own administrator role"
    )
    assert administrator.role == Role.ADMINISTRATOR


def test_a_deactivated_account_cannot_sign_in(admin_client, social_worker):
    response = admin_client.post(
        reverse("accounts:staff-set-active", args=[social_worker.pk]), {"active": "no"}
    )
    worker_browser = Client()
    worker_browser.post(
        reverse("accounts:login"),
        {"username": social_worker.username, "password": "correct-horse-battery"},
    )

    social_worker.refresh_from_db()
    assert response.status_code == 302
    assert social_worker.is_active is False
    assert "_auth_user_id" not in worker_browser.session


def test_deactivating_an_account_ends_its_signed_in_session(client, administrator, social_worker):
    client.post(
        reverse("accounts:login"),
        {"username": social_worker.username, "password": "correct-horse-battery"},
    )

    set_staff_active(user=social_worker, is_active=False, by=administrator)
    response = client.get(reverse("people:search"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_reactivated_account_signs_in_again(client, administrator, social_worker):
    set_staff_active(user=social_worker, is_active=False, by=administrator)
    set_staff_active(user=social_worker, is_active=True, by=administrator)

    client.post(
        reverse("accounts:login"),
        {"username": social_worker.username, "password": "correct-horse-battery"},
    )

    assert client.session["_auth_user_id"] == str(social_worker.pk)
    assert list(AccessLog.objects.order_by("id").values_list("action", flat=True)) == [
        "accounts.deactivate",
        "accounts.activate",
        "accounts.sign_in",
    ]


def test_an_administrator_cannot_deactivate_their_own_account(admin_client, administrator):
    response = admin_client.post(
        reverse("accounts:staff-set-active", args=[administrator.pk]), {"active": "no"}, follow=True
    )

    administrator.refresh_from_db()
    assert [str(m) for m in response.context["messages"]] == [
        "You cannot deactivate your own account"
    ]
    assert administrator.is_active is True


@pytest.mark.parametrize(
    "role", [role for role in Role if role != Role.ADMINISTRATOR], ids=lambda role: role.value
)
def test_only_an_administrator_may_change_accounts(client, make_user, social_worker, role):
    client.force_login(make_user(role))

    statuses = [
        client.get(reverse("accounts:staff-list")).status_code,
        client.post(reverse("accounts:staff-create"), {"username": "x"}).status_code,
        client.post(
            reverse("accounts:staff-edit", args=[social_worker.pk]), _details(social_worker)
        ).status_code,
        client.post(
            reverse("accounts:staff-set-active", args=[social_worker.pk]), {"active": "no"}
        ).status_code,
        client.post(reverse("accounts:team-create"), {"name": "New team"}).status_code,
    ]

    social_worker.refresh_from_db()
    assert statuses == [403] * 5
    assert social_worker.is_active is True


def test_services_refuse_a_non_administrator(social_worker, assessment_team):
    details = StaffDetails(first_name="Sam", last_name="Lead", email="", role=Role.ADMINISTRATOR)

    with pytest.raises(PermissionDenied):
        update_staff(user=social_worker, details=details, by=social_worker)
    with pytest.raises(PermissionDenied):
        create_team(name="Mine", kind=Team.Kind.ASSESSMENT, by=social_worker)


# Teams


def test_an_administrator_adds_a_team(admin_client):
    response = admin_client.post(
        reverse("accounts:team-create"),
        {
            "submission_key": "9b1c3a4e-0000-4000-8000-000000000001",
            "name": " Assessment team 2 ",
            "kind": Team.Kind.ASSESSMENT,
        },
    )

    assert response.status_code == 302
    assert Team.objects.filter(name="Assessment team 2", kind="assessment").count() == 1


def test_a_team_name_is_used_once_whatever_its_case(administrator, assessment_team):
    with pytest.raises(ValidationError) as refused:
        create_team(name="ASSESSMENT TEAM 1", kind=Team.Kind.ASSESSMENT, by=administrator)

    assert refused.value.message_dict == {"name": ["A team with that name already exists"]}


# The staff list


@pytest.fixture
def staff(assessment_team):
    mash = TeamFactory(name="MASH", kind=Team.Kind.MASH)
    return {
        "ana": UserFactory(
            username="ana", first_name="Ana", last_name="Bello", team=assessment_team
        ),
        "ben": UserFactory(
            username="ben",
            first_name="Ben",
            last_name="Cole",
            role=Role.MASH_PRACTITIONER,
            team=mash,
        ),
        "cat": UserFactory(
            username="cat",
            first_name="Cat",
            last_name="Bello",
            is_active=False,
            team=assessment_team,
        ),
    }


@pytest.mark.parametrize(
    ("filters", "found"),
    [
        ({}, ["ana", "cat", "ben"]),
        ({"role": Role.MASH_PRACTITIONER}, ["ben"]),
        ({"name": "bello"}, ["ana", "cat"]),
        ({"name": "ana bello"}, ["ana"]),
        ({"active": "yes"}, ["ana", "ben"]),
        ({"active": "no"}, ["cat"]),
    ],
)
def test_the_staff_list_filters_by_role_name_and_status(staff, filters, found):
    assert [user.username for user in staff_list(**filters)] == found


def test_the_staff_list_filters_by_team(staff, assessment_team):
    assert [user.username for user in staff_list(team_id=assessment_team.pk)] == ["ana", "cat"]


def test_team_sizes_count_only_active_members(staff, assessment_team):
    sizes = {team.name: team.member_count for team in teams_with_counts()}

    assert sizes == {"Assessment team 1": 1, "MASH": 1}


def test_the_staff_list_page_runs_the_same_queries_with_2_or_30_staff(
    admin_client, assessment_team
):
    UserFactory.create_batch(2, team=assessment_team)
    admin_client.get(reverse("accounts:staff-list"))
    with CaptureQueriesContext(connection) as small:
        admin_client.get(reverse("accounts:staff-list"))
    UserFactory.create_batch(28, team=TeamFactory())

    with CaptureQueriesContext(connection) as large:
        admin_client.get(reverse("accounts:staff-list"))

    assert len(small) == len(large)

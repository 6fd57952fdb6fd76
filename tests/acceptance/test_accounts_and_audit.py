"""Sign-in (lock-out, idle sessions, Argon2), staff administration, the append-only access log."""

import importlib
import uuid
from datetime import date

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from opencsc.accounts.models import Role, User
from opencsc.audit import services as audit
from opencsc.audit.models import AccessLog
from tests.factories import PersonFactory, TeamFactory


def _sign_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_five_failed_sign_ins_lock_the_account_even_against_the_right_password(
    client, social_worker
):
    for _ in range(5):
        _sign_in(client, social_worker.username, "wrong-password")

    response = _sign_in(client, social_worker.username, "correct-horse-battery")

    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    # The refused sixth attempt counts as a failure too.
    assert AccessAttempt.objects.get(username=social_worker.username).failures_since_start == 6
    assert AccessFailureLog.objects.filter(username=social_worker.username).count() >= 5
    assert "_auth_user_id" not in client.session


def test_the_right_password_signs_in(client, social_worker):
    response = _sign_in(client, social_worker.username, "correct-horse-battery")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(social_worker.pk)


def test_a_deactivated_account_cannot_sign_in(client, social_worker):
    social_worker.is_active = False
    social_worker.save()

    response = _sign_in(client, social_worker.username, "correct-horse-battery")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_production_settings_hash_with_argon2_and_end_idle_sessions_after_30_minutes():
    production = importlib.import_module("config.settings")

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert production.SESSION_COOKIE_AGE == 30 * 60
    assert production.OPENCSC_SESSION_TOUCH_SECONDS == 60


def test_every_page_needs_sign_in_except_the_public_ones(client, db):
    assert client.get(reverse("people:search"))["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("record:home")).status_code == 302
    assert client.get(reverse("core:accessibility")).status_code == 200
    assert client.get(reverse("core:privacy")).status_code == 200


def _staff_form(**overrides):
    data = {
        "submission_key": str(uuid.uuid4()),
        "username": "new.worker",
        "password": "a-long-enough-Passphrase-9",
        "first_name": "Nia",
        "last_name": "Worker",
        "email": "",
        "job_title": "",
        "role": Role.SOCIAL_WORKER,
        "agency": "",
        "teams": [],
    }
    data.update(overrides)
    return data


def test_an_administrator_creates_a_social_worker_in_a_team(client, administrator, assessment_team):
    client.force_login(administrator)

    response = client.post(
        reverse("accounts:staff-create"), _staff_form(teams=[assessment_team.pk])
    )

    created = User.objects.get(username="new.worker")
    assert response.status_code == 302
    assert list(created.teams.all()) == [assessment_team]
    assert created.password.startswith("md5$")  # the test hasher; production uses Argon2
    assert AccessLog.objects.filter(action="accounts.create_staff", user=administrator).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({}, "teams", "Select at least one team"),
        ({"role": Role.PARTNER_AGENCY}, "agency", "Select the partner agency this user works for"),
        ({"password": "short"}, "password", "This password is too short"),
        ({"username": "has space"}, "username", "Username can only contain"),
    ],
)
def test_bad_staff_details_are_refused_next_to_the_field(
    client, administrator, assessment_team, overrides, field, message
):
    client.force_login(administrator)
    if field in {"password", "username"}:
        overrides = {"teams": [assessment_team.pk], **overrides}

    response = client.post(reverse("accounts:staff-create"), _staff_form(**overrides))

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not User.objects.filter(username="new.worker").exists()


def test_a_taken_username_is_refused(client, administrator, social_worker, assessment_team):
    client.force_login(administrator)

    response = client.post(
        reverse("accounts:staff-create"),
        _staff_form(username=social_worker.username.upper(), teams=[assessment_team.pk]),
    )

    assert response.context["form"].errors["username"] == ["That username is taken: choose another"]


def test_an_administrator_changes_role_and_teams_then_deactivates(
    client, administrator, social_worker
):
    other = TeamFactory(name="Children in care 1", kind="children_in_care")
    client.force_login(administrator)

    edited = client.post(
        reverse("accounts:staff-edit", args=[social_worker.pk]),
        {
            "submission_key": str(uuid.uuid4()),
            "first_name": "Sam",
            "last_name": "Lead",
            "email": "",
            "job_title": "",
            "role": Role.TEAM_MANAGER,
            "agency": "",
            "teams": [other.pk],
        },
    )
    deactivated = client.post(
        reverse("accounts:staff-set-active", args=[social_worker.pk]), {"active": "no"}
    )

    social_worker.refresh_from_db()
    assert edited.status_code == deactivated.status_code == 302
    assert (social_worker.role, list(social_worker.teams.all())) == (Role.TEAM_MANAGER, [other])
    assert social_worker.is_active is False


def test_only_administrators_reach_the_staff_pages(client, social_worker):
    client.force_login(social_worker)

    assert client.get(reverse("accounts:staff-list")).status_code == 403
    assert (
        client.post(
            reverse("accounts:staff-set-active", args=[social_worker.pk]), {"active": "no"}
        ).status_code
        == 403
    )


def test_the_access_log_refuses_updates_and_deletes_in_python(db, social_worker):
    entry = audit.log_view(by=social_worker, child=PersonFactory())

    with pytest.raises(PermissionError):
        AccessLog.objects.filter(pk=entry.pk).update(summary="edited")
    with pytest.raises(PermissionError):
        AccessLog.objects.filter(pk=entry.pk).delete()
    with pytest.raises(PermissionError):
        entry.save()


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_accesslog SET summary = 'x'", "DELETE FROM audit_accesslog"]
)
def test_the_access_log_refuses_updates_and_deletes_in_the_database(db, social_worker, statement):
    audit.log_view(by=social_worker, child=PersonFactory())

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)

    assert AccessLog.objects.count() == 1


def test_the_access_log_page_filters_by_child_person_and_date(
    client, administrator, social_worker, make_user
):
    child, other_child = PersonFactory(), PersonFactory()
    audit.log_view(by=social_worker, child=child)
    audit.log_view(by=make_user(Role.TEAM_MANAGER), child=child)
    audit.log_view(by=social_worker, child=other_child)
    client.force_login(administrator)
    today = date.today().isoformat().split("-")  # noqa: DTZ011 (the log is written now)

    response = client.get(
        reverse("audit:access-log"),
        {
            "child": child.la_child_id,
            "username": social_worker.username,
            "date_from_day": today[2],
            "date_from_month": today[1],
            "date_from_year": today[0],
        },
    )

    rows = list(response.context["page_obj"])
    assert [(row.user, row.child) for row in rows] == [(social_worker, child)]


def test_access_log_filters_refuse_bad_input(client, administrator):
    client.force_login(administrator)

    response = client.get(
        reverse("audit:access-log"),
        {
            "child": "abc",
            "date_from_day": "2",
            "date_from_month": "3",
            "date_from_year": "2026",
            "date_to_day": "1",
            "date_to_month": "3",
            "date_to_year": "2026",
        },
    )

    errors = response.context["form"].errors
    assert errors["child"] == ["Enter a record number like C0000123"]
    assert errors["date_to"] == ["The 'to' date must be the same as or after the 'from' date"]

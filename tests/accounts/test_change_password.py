"""Changing your own password: the current one first, Django's validators, the session kept."""

import pytest
from django.test import Client
from django.urls import reverse

from opencsc.accounts.models import User
from opencsc.audit.models import AccessLog

OLD = "correct-horse-battery"
NEW = "a-new-Passphrase-for-2027"
URL = reverse("accounts:change-password")


def _change(client: Client, old: str = OLD, new: str = NEW, again: str | None = None):
    return client.post(
        URL, {"old_password": old, "new_password1": new, "new_password2": again or new}
    )


def test_every_signed_in_user_has_the_page_and_a_link_to_it(worker_client):
    page = worker_client.get(URL)

    assert page.status_code == 200
    assert "Change your password" in page.text
    assert 'autocomplete="current-password"' in page.text
    account = reverse("accounts:your-account")
    assert f'href="{account}"' in worker_client.get(reverse("record:home")).text
    assert f'href="{URL}"' in worker_client.get(account).text


def test_a_new_password_keeps_this_session_and_is_logged(worker_client, social_worker):
    response = _change(worker_client)

    assert response.status_code == 302
    assert response["Location"] == reverse("record:home")
    social_worker.refresh_from_db()
    assert social_worker.check_password(NEW)
    home = worker_client.get(reverse("record:home"))
    assert home.status_code == 200
    assert "Your password has been changed" in home.text
    changed = AccessLog.objects.get(action="accounts.change_password")
    assert (changed.user, changed.record_id) == (social_worker, social_worker.pk)


def test_a_new_password_signs_out_the_users_other_sessions(worker_client, social_worker):
    elsewhere = Client()
    elsewhere.force_login(social_worker)

    _change(worker_client)

    assert elsewhere.get(reverse("record:home"))["Location"].startswith(reverse("accounts:login"))
    new_sign_in = Client()
    new_sign_in.post(
        reverse("accounts:login"), {"username": social_worker.username, "password": NEW}
    )
    assert new_sign_in.get(reverse("record:home")).status_code == 200


@pytest.mark.parametrize(
    ("old", "new", "again", "message"),
    [
        ("wrong-password-here", NEW, NEW, "Your current password is wrong"),
        ("", NEW, NEW, "Enter your current password"),
        (OLD, "short-Pw1", "short-Pw1", "This password is too short"),
        (OLD, "123456789012345", "123456789012345", "This password is entirely numeric"),
        (OLD, "password12345", "password12345", "This password is too common"),
        (OLD, NEW, NEW + "x", "The two new passwords do not match"),
        (OLD, "", "", "Enter a new password"),
        (OLD, "x" * 100_000, "x" * 100_000, ""),
    ],
)
def test_a_wrong_current_password_or_a_weak_new_one_is_refused_next_to_the_field(
    worker_client, social_worker, old, new, again, message
):
    response = _change(worker_client, old, new, again)

    assert response.status_code in {200, 302}
    if message:
        assert response.status_code == 200
        assert "There is a problem" in response.text
        assert message in response.text
        social_worker.refresh_from_db()
        assert social_worker.check_password(OLD)
        assert not AccessLog.objects.filter(action="accounts.change_password").exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))
    assert User.objects.count() == 0

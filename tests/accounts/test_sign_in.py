"""Signing in: the lock-out after repeated wrong passwords, idle sessions, password hashing and
which pages need a signed-in user."""

import importlib
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.models import Role
from opencsc.accounts.sessions import IDLE_CLOCK_AT

RIGHT_PASSWORD = "correct-horse-battery"  # the factories' password


def _sign_in(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_right_password_signs_in_and_goes_home(client, social_worker):
    response = _sign_in(client, social_worker.username, RIGHT_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("record:home")
    assert client.session["_auth_user_id"] == str(social_worker.pk)


@pytest.mark.parametrize("username", ["x" * 100_000, "%" * 60_000, "a\x00b"])
def test_a_username_no_account_can_have_is_a_wrong_username_not_a_500(
    client, social_worker, username
):
    response = _sign_in(client, username, RIGHT_PASSWORD)

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_the_username_is_not_case_sensitive(client, social_worker):
    _sign_in(client, social_worker.username.upper(), RIGHT_PASSWORD)

    assert client.session["_auth_user_id"] == str(social_worker.pk)


def test_a_wrong_password_is_refused_with_a_message(client, social_worker):
    response = _sign_in(client, social_worker.username, "wrong-password")

    assert response.status_code == 200
    assert "Enter a correct username and password. The password is case-sensitive." in (
        response.content.decode()
    )
    assert not _signed_in(client)


def test_after_5_wrong_passwords_even_the_right_one_is_refused(client, social_worker):
    for _ in range(5):
        _sign_in(client, social_worker.username, "wrong-password")

    response = _sign_in(client, social_worker.username, RIGHT_PASSWORD)

    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    assert not _signed_in(client)


def test_every_failed_sign_in_is_recorded(client, social_worker):
    for _ in range(5):
        _sign_in(client, social_worker.username, "wrong-password")

    _sign_in(client, social_worker.username, RIGHT_PASSWORD)

    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        social_worker.username,
        "10.0.0.1",
        6,
    )
    assert (
        list(
            AccessFailureLog.objects.order_by("attempt_time").values_list("username", "locked_out")
        )
        == [(social_worker.username, False)] * 4 + [(social_worker.username, True)] * 2
    )


def test_changing_the_case_of_the_username_does_not_get_round_the_lock_out(client, social_worker):
    spellings = [social_worker.username, social_worker.username.upper()]
    for n in range(5):
        _sign_in(client, spellings[n % 2], "wrong-password")

    response = _sign_in(client, social_worker.username.title(), RIGHT_PASSWORD)

    assert response.status_code == 429
    assert not _signed_in(client)


def test_the_lock_out_is_for_the_account_from_every_address(client, social_worker):
    for _ in range(5):
        _sign_in(client, social_worker.username, "wrong-password", address="10.0.0.1")

    response = _sign_in(client, social_worker.username, RIGHT_PASSWORD, address="10.0.0.2")

    assert response.status_code == 429
    assert not _signed_in(client)


def test_signing_in_clears_the_count_of_wrong_passwords(client, social_worker):
    for _ in range(4):
        _sign_in(client, social_worker.username, "wrong-password")
    _sign_in(client, social_worker.username, RIGHT_PASSWORD)
    client.logout()

    for _ in range(4):
        _sign_in(client, social_worker.username, "wrong-password")
    response = _sign_in(client, social_worker.username, RIGHT_PASSWORD)

    assert response.status_code == 302


def test_a_deactivated_account_cannot_sign_in(client, social_worker):
    social_worker.is_active = False
    social_worker.save()

    response = _sign_in(client, social_worker.username, RIGHT_PASSWORD)

    assert response.status_code == 200
    assert not _signed_in(client)


def test_signing_out_ends_the_session(client, social_worker):
    _sign_in(client, social_worker.username, RIGHT_PASSWORD)

    response = client.post(reverse("accounts:logout"))

    assert response["Location"] == reverse("accounts:login")
    assert client.get(reverse("people:search")).status_code == 302


# Sessions and passwords, as configured for production


def test_production_ends_a_session_after_30_idle_minutes():
    production = importlib.import_module("config.settings")

    assert production.SESSION_COOKIE_AGE == 30 * 60
    # The idle clock restarts at most once a minute (a save of the session), not every request.
    assert production.OPENCSC_SESSION_TOUCH_SECONDS == 60


def test_each_request_restarts_the_30_idle_minutes(client, social_worker, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    _sign_in(client, social_worker.username, RIGHT_PASSWORD)
    session = Session.objects.filter(session_key=client.session.session_key)
    session.update(expire_date=timezone.now() + timedelta(minutes=1))

    client.get(reverse("record:home"))

    remaining = session.get().expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def _clock_restarted(client, seconds_ago: int) -> None:
    saved = client.session
    saved[IDLE_CLOCK_AT] = timezone.now().timestamp() - seconds_ago
    saved.save()


@pytest.mark.parametrize(("seconds_ago", "restarts"), [(30, False), (61, True)])
def test_the_idle_clock_restarts_at_most_once_a_minute(
    client, social_worker, settings, seconds_ago, restarts
):
    """Saving the session on every request cost three statements a page: a request within a
    minute of the last restart leaves the expiry where it is (exact to the minute)."""
    settings.SESSION_COOKIE_AGE = 30 * 60
    settings.OPENCSC_SESSION_TOUCH_SECONDS = 60
    _sign_in(client, social_worker.username, RIGHT_PASSWORD)
    client.get(reverse("record:home"))
    _clock_restarted(client, seconds_ago)
    session = Session.objects.filter(session_key=client.session.session_key)
    session.update(expire_date=timezone.now() + timedelta(minutes=10))

    client.get(reverse("record:home"))

    remaining = session.get().expire_date - timezone.now()
    assert (remaining > timedelta(minutes=29)) is restarts


def test_stay_signed_in_restarts_the_idle_clock_at_once(client, social_worker, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    settings.OPENCSC_SESSION_TOUCH_SECONDS = 60
    _sign_in(client, social_worker.username, RIGHT_PASSWORD)
    client.get(reverse("record:home"))
    _clock_restarted(client, 5)
    session = Session.objects.filter(session_key=client.session.session_key)
    session.update(expire_date=timezone.now() + timedelta(minutes=2))

    client.post(reverse("accounts:stay-signed-in"), headers={"X-Requested-With": "fetch"})

    remaining = session.get().expire_date - timezone.now()
    assert remaining > timedelta(minutes=29)


def test_the_page_counts_down_from_the_time_the_session_has_left(client, social_worker, settings):
    settings.SESSION_COOKIE_AGE = 1800
    settings.OPENCSC_SESSION_TOUCH_SECONDS = 60
    _sign_in(client, social_worker.username, RIGHT_PASSWORD)
    client.get(reverse("record:home"))
    _clock_restarted(client, 40)

    page = client.get(reverse("record:home")).content.decode()

    assert 'data-idle-seconds="1760"' in page


def test_an_idle_session_has_to_sign_in_again(client, social_worker):
    _sign_in(client, social_worker.username, RIGHT_PASSWORD)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get(reverse("people:search"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=/people/"


def test_production_hashes_passwords_with_argon2():
    production = importlib.import_module("config.settings")

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_the_argon2_hasher_is_installed_and_works(settings):
    settings.PASSWORD_HASHERS = importlib.import_module("config.settings").PASSWORD_HASHERS

    hashed = make_password(RIGHT_PASSWORD)

    assert hashed.startswith("argon2$argon2id$")
    assert check_password(RIGHT_PASSWORD, hashed) is True


def test_production_locks_an_account_after_5_failures():
    production = importlib.import_module("config.settings")

    assert production.AXES_FAILURE_LIMIT == 5


# Pages that need a signed-in user


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/people/",
        "/people/new/",
        "/people/1/",
        "/people/1/merge/",
        "/audit/access-log/",
        "/staff/",
        "/staff/new/",
        "/teams/new/",
    ],
)
def test_every_private_page_sends_an_anonymous_visitor_to_sign_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={url}"


@pytest.mark.parametrize("url", ["/sign-in/", "/accessibility/", "/privacy/"])
def test_public_pages_open_without_signing_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 200


def test_a_signed_in_user_visiting_sign_in_goes_home(client, make_user):
    client.force_login(make_user(Role.SOCIAL_WORKER))

    response = client.get(reverse("accounts:login"))

    assert response["Location"] == reverse("record:home")


def test_signing_in_returns_to_the_page_asked_for(client, social_worker):
    response = client.post(
        f"{reverse('accounts:login')}?next=/people/",
        {"username": social_worker.username, "password": RIGHT_PASSWORD},
    )

    assert response["Location"] == "/people/"


def test_signing_in_never_sends_the_user_to_another_site(client, social_worker):
    response = client.post(
        f"{reverse('accounts:login')}?next=https://evil.example/",
        {"username": social_worker.username, "password": RIGHT_PASSWORD},
    )

    assert response["Location"] == reverse("record:home")

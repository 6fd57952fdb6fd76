"""A session ends OPENCSC_SESSION_MAX_HOURS after sign-in, however busy it has been."""

import importlib
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.sessions import SIGNED_IN_AT

RIGHT_PASSWORD = "correct-horse-battery"


def _sign_in(client, user):
    client.post(reverse("accounts:login"), {"username": user.username, "password": RIGHT_PASSWORD})


def _backdate_sign_in(client, hours):
    session = client.session
    session[SIGNED_IN_AT] = (timezone.now() - timedelta(hours=hours)).timestamp()
    session.save()


def test_production_ends_a_session_10_hours_after_sign_in():
    assert importlib.import_module("config.settings").OPENCSC_SESSION_MAX_HOURS == 10


def test_signing_in_starts_the_clock(client, social_worker):
    before = timezone.now().timestamp()

    _sign_in(client, social_worker)

    assert before <= client.session[SIGNED_IN_AT] <= timezone.now().timestamp()


def test_a_busy_session_ends_after_its_lifetime(client, social_worker, settings):
    settings.OPENCSC_SESSION_MAX_HOURS = 10
    _sign_in(client, social_worker)
    _backdate_sign_in(client, hours=10)

    response = client.get(reverse("people:search"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=/people/"
    assert "_auth_user_id" not in client.session
    # Signed out for good: the next request is anonymous too.
    assert client.get(reverse("record:home")).status_code == 302


def test_a_session_within_its_lifetime_carries_on(client, social_worker, settings):
    settings.OPENCSC_SESSION_MAX_HOURS = 10
    _sign_in(client, social_worker)
    _backdate_sign_in(client, hours=9.9)

    assert client.get(reverse("people:search")).status_code == 200


def test_signing_in_again_starts_a_new_lifetime(client, social_worker, settings):
    settings.OPENCSC_SESSION_MAX_HOURS = 10
    _sign_in(client, social_worker)
    _backdate_sign_in(client, hours=11)
    client.get(reverse("people:search"))

    _sign_in(client, social_worker)

    assert client.get(reverse("people:search")).status_code == 200


def test_a_session_from_before_the_lifetime_existed_starts_its_clock(client, social_worker):
    client.force_login(social_worker)
    session = client.session
    session.pop(SIGNED_IN_AT, None)
    session.save()

    assert client.get(reverse("people:search")).status_code == 200
    assert SIGNED_IN_AT in client.session


def test_the_sign_in_page_says_how_long_a_session_lasts(client, db, settings):
    settings.OPENCSC_SESSION_MAX_HOURS = 8

    page = client.get(reverse("accounts:login")).content.decode()

    assert "and 8 hours after signing in" in page

"""What a user typed survives a sign-in (WCAG 2.2.5): a form sent after the session ended is kept
on the server (never in the address, never the CSRF token or a password, never for the sign-in
form), and after the same user signs in again the page shows it, to check and send; it is never
saved by itself, shown once, to nobody else, and not after OPENCSC_KEPT_FORM_MINUTES."""

import uuid
from datetime import timedelta
from unittest.mock import patch

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore as CachedSession
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.kept_forms import KEPT_FORM, KEPT_MESSAGE
from opencsc.accounts.models import Role
from opencsc.accounts.sessions import SIGNED_IN_AT
from opencsc.people.models import Person

RIGHT_PASSWORD = "correct-horse-battery"
FORM_PAGE = "/people/new/"


def _typed() -> dict[str, str]:
    return {
        "submission_key": str(uuid.uuid4()),
        "kind": "child",
        "first_name": "Amara",
        "last_name": "Okafor-Kept",
        "date_of_birth_day": "3",
        "date_of_birth_month": "4",
        "date_of_birth_year": "2015",
        "postcode": "N1 1AA",
        "new_password": "not-to-be-kept",
    }


def _sign_in(client, user):
    client.post(reverse("accounts:login"), {"username": user.username, "password": RIGHT_PASSWORD})


def _idle_out(client):
    """End the session as the idle timeout does: its row is past its expiry date."""
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )


@pytest.fixture
def expired(client, social_worker):
    """A worker signed in, then idle past the timeout, sends the new-person form."""
    assert reverse("people:person-create") == FORM_PAGE
    _sign_in(client, social_worker)
    _idle_out(client)
    response = client.post(FORM_PAGE, _typed(), HTTP_REFERER=f"http://testserver{FORM_PAGE}")
    return response


def test_a_form_sent_after_the_idle_timeout_asks_to_sign_in_and_keeps_it(client, expired):
    assert expired.status_code == 302
    assert expired["Location"] == f"{reverse('accounts:login')}?next={FORM_PAGE}"
    kept = client.session[KEPT_FORM]
    assert kept["page"] == FORM_PAGE
    assert dict(kept["fields"])["last_name"] == ["Okafor-Kept"]
    assert Person.objects.filter(last_name="Okafor-Kept").count() == 0


def test_the_csrf_token_and_passwords_are_never_kept(client, expired):
    names = {name for name, _ in client.session[KEPT_FORM]["fields"]}

    assert "new_password" not in names
    assert "csrfmiddlewaretoken" not in names
    assert "Okafor-Kept" not in expired["Location"]


def test_signing_in_again_shows_what_was_typed_without_saving_it(client, expired, social_worker):
    _sign_in(client, social_worker)

    page = client.get(FORM_PAGE).content.decode()

    assert 'value="Okafor-Kept"' in page
    assert 'value="N1 1AA"' in page
    assert 'value="2015"' in page
    assert KEPT_MESSAGE in page
    assert Person.objects.filter(last_name="Okafor-Kept").count() == 0


def test_what_was_typed_is_shown_once(client, expired, social_worker):
    _sign_in(client, social_worker)
    client.get(FORM_PAGE)

    again = client.get(FORM_PAGE).content.decode()

    assert "Okafor-Kept" not in again


def test_another_user_signing_in_sees_nothing_of_it(client, expired, make_user):
    other = make_user(Role.SOCIAL_WORKER)
    _sign_in(client, other)

    page = client.get(FORM_PAGE).content.decode()

    assert "Okafor-Kept" not in page
    assert KEPT_MESSAGE not in page


def test_a_form_kept_too_long_is_dropped(client, expired, social_worker, settings):
    settings.OPENCSC_KEPT_FORM_MINUTES = 30
    _sign_in(client, social_worker)
    later = timezone.now() + timedelta(minutes=31)

    with patch("opencsc.accounts.kept_forms.timezone.now", return_value=later):
        page = client.get(FORM_PAGE).content.decode()

    assert "Okafor-Kept" not in page


def test_the_sign_in_form_itself_is_never_kept(client, social_worker):
    client.post(
        reverse("accounts:login"), {"username": social_worker.username, "password": "wrong"}
    )

    assert KEPT_FORM not in client.session


def test_a_form_without_this_sites_csrf_token_is_refused_not_kept(social_worker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(social_worker)
    _idle_out(client)

    response = client.post(FORM_PAGE, _typed())

    assert response.status_code == 403
    assert KEPT_FORM not in client.session


def test_a_form_sent_as_the_session_reaches_its_lifetime_is_kept_too(
    client, social_worker, settings
):
    settings.OPENCSC_SESSION_MAX_HOURS = 10
    _sign_in(client, social_worker)
    session = client.session
    session[SIGNED_IN_AT] = (timezone.now() - timedelta(hours=10)).timestamp()
    session.save()

    response = client.post(FORM_PAGE, _typed())
    _sign_in(client, social_worker)

    assert response["Location"] == f"{reverse('accounts:login')}?next={FORM_PAGE}"
    assert 'value="Okafor-Kept"' in client.get(FORM_PAGE).content.decode()


def test_with_sessions_read_through_a_shared_cache_the_ended_user_is_read_from_the_row(
    social_worker, settings
):
    # Production with Redis (docs/deployment.md): cached_db keeps every session's row too.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client = Client()  # its session middleware reads the engine on its first request
    _sign_in(client, social_worker)
    key = client.session.session_key
    _idle_out(client)
    # The cache's copy expires with the session, as the row does.
    caches[settings.SESSION_CACHE_ALIAS].delete(CachedSession(key).cache_key)

    response = client.post(FORM_PAGE, _typed(), HTTP_REFERER=f"http://testserver{FORM_PAGE}")
    _sign_in(client, social_worker)

    assert response["Location"] == f"{reverse('accounts:login')}?next={FORM_PAGE}"
    assert 'value="Okafor-Kept"' in client.get(FORM_PAGE).content.decode()


def test_a_form_sent_by_nobody_signed_in_before_is_not_kept(client, db):
    response = client.post(FORM_PAGE, _typed())

    assert response.status_code == 302
    assert KEPT_FORM not in client.session


# Staying signed in: the timeout warning's button.


def test_staying_signed_in_from_the_warning_answers_no_content(client, social_worker):
    client.force_login(social_worker)

    response = client.post(reverse("accounts:stay-signed-in"), HTTP_X_REQUESTED_WITH="fetch")

    assert response.status_code == 204


def test_staying_signed_in_as_a_plain_form_goes_home(client, social_worker):
    client.force_login(social_worker)

    response = client.post(reverse("accounts:stay-signed-in"), {"next": "https://example.com/"})

    assert response["Location"] == reverse("record:home")


def test_the_warning_never_prints_the_pages_address(client, social_worker):
    client.force_login(social_worker)

    page = client.get(reverse("record:child", args=[7345699])).content.decode()

    assert "opencsc-timeout" in page
    assert "7345699" not in page


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_stay_signed_in(client, make_user, role):
    client.force_login(make_user(role))

    response = client.post(reverse("accounts:stay-signed-in"), HTTP_X_REQUESTED_WITH="fetch")

    assert response.status_code == 204


def test_staying_signed_in_needs_a_session_and_a_post(client, social_worker):
    signed_out = client.post(reverse("accounts:stay-signed-in"))
    client.force_login(social_worker)

    assert signed_out.status_code == 302
    assert client.get(reverse("accounts:stay-signed-in")).status_code == 405


def test_pages_carry_the_timeout_warning_for_the_script(client, social_worker, settings):
    settings.SESSION_COOKIE_AGE = 1800
    settings.OPENCSC_SESSION_WARNING_SECONDS = 120
    client.force_login(social_worker)

    page = client.get(reverse("record:home")).content.decode()

    assert 'data-idle-seconds="1800" data-warning-seconds="120"' in page
    assert "opencsc/timeout" in page
    assert "opencsc-timeout" not in client.get(reverse("accounts:login")).content.decode()

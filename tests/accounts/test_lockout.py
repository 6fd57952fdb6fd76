"""The lock-out counts a username's failures across every address, and an address's failures across
every username, each against its own limit."""

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role

RIGHT_PASSWORD = "correct-horse-battery"  # the factories' password


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.OPENCSC_LOGIN_ADDRESS_FAILURE_LIMIT = 20
    settings.OPENCSC_TRUSTED_PROXIES = []


def _sign_in(client, username, password, address):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_five_failures_from_five_addresses_lock_the_username(client, social_worker):
    for n in range(5):
        _sign_in(client, social_worker.username, "wrong-password", address=f"10.0.1.{n}")

    response = _sign_in(client, social_worker.username, RIGHT_PASSWORD, address="10.0.2.1")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_four_failures_from_four_addresses_do_not(client, social_worker):
    for n in range(4):
        _sign_in(client, social_worker.username, "wrong-password", address=f"10.0.1.{n}")

    response = _sign_in(client, social_worker.username, RIGHT_PASSWORD, address="10.0.2.1")

    assert response.status_code == 302


def test_many_usernames_from_one_address_lock_the_address(client, make_user, social_worker):
    for n in range(20):
        _sign_in(client, f"guess{n}", "wrong-password", address="203.0.113.9")

    from_there = _sign_in(client, social_worker.username, RIGHT_PASSWORD, address="203.0.113.9")
    from_elsewhere = _sign_in(client, social_worker.username, RIGHT_PASSWORD, address="10.0.0.1")

    assert from_there.status_code == 429
    assert from_elsewhere.status_code == 302


def test_an_address_has_more_guesses_than_a_username(client, social_worker):
    # Colleagues behind one council address mistyping their passwords do not lock the office.
    for n in range(19):
        _sign_in(client, f"colleague{n}", "wrong-password", address="203.0.113.9")

    response = _sign_in(client, social_worker.username, RIGHT_PASSWORD, address="203.0.113.9")

    assert response.status_code == 302


def test_the_address_counted_is_the_client_behind_a_trusted_proxy(client, settings, make_user):
    settings.OPENCSC_TRUSTED_PROXIES = ["192.0.2.10"]
    user = make_user(Role.SOCIAL_WORKER, team=None)
    for n in range(20):
        client.post(
            reverse("accounts:login"),
            {"username": f"guess{n}", "password": "wrong"},
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )

    # Everyone else behind the same proxy can still sign in: only 198.51.100.7 is locked.
    other = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": RIGHT_PASSWORD},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )

    assert other.status_code == 302


def test_signing_in_to_ones_own_account_does_not_reset_a_victims_count(client, make_user):
    victim = make_user(Role.SOCIAL_WORKER, team=None)
    attacker = make_user(Role.SOCIAL_WORKER, team=None)
    for _ in range(5):
        _sign_in(client, victim.username, "wrong-password", address="203.0.113.9")
        _sign_in(client, attacker.username, RIGHT_PASSWORD, address="203.0.113.9")
        client.logout()

    response = _sign_in(client, victim.username, RIGHT_PASSWORD, address="10.0.0.1")

    assert response.status_code == 429


def test_signing_in_clears_only_that_usernames_failures(client, make_user):
    user = make_user(Role.SOCIAL_WORKER, team=None)
    for n in range(19):
        _sign_in(client, f"guess{n}", "wrong-password", address="203.0.113.9")
    _sign_in(client, user.username, RIGHT_PASSWORD, address="203.0.113.9")
    client.logout()

    _sign_in(client, "guess-again", "wrong-password", address="203.0.113.9")
    response = _sign_in(client, user.username, RIGHT_PASSWORD, address="203.0.113.9")

    assert response.status_code == 429

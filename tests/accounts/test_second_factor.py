"""Multi-factor sign-in: the code after the password, setting up an authenticator, recovery codes,
throttling, the second-step gate on every other page, an administrator's reset, and the setting."""

import importlib
import re
from binascii import unhexlify
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencsc.accounts.models import Role, User
from opencsc.accounts.oidc import SIGN_IN_METHOD
from opencsc.accounts.signin import services
from opencsc.accounts.signin.views import NEW_KEY
from opencsc.audit.models import AccessLog
from opencsc.permissions.actions import READERS
from tests.factories import AllocationFactory, TeamFactory, UserFactory

PASSWORD = "correct-horse-battery"
pytestmark = pytest.mark.usefixtures("db", "mfa_on")


def code_for(key: str, *, steps_ago: int = 0) -> str:
    """The authenticator app's code for `key` now (or `steps_ago` 30-second steps before)."""
    return f"{totp(unhexlify(key), step=30, digits=6, drift=-steps_ago):06d}"


def wrong_code_for(key: str, plus: int = 1) -> str:
    """A 6-digit code that is not the authenticator's code now."""
    return f"{(int(code_for(key)) + plus) % 1_000_000:06d}"


@pytest.fixture
def enrolled():
    """A user with an authenticator app and ten recovery codes; returns (user, key, codes)."""

    def make(role: str = Role.SOCIAL_WORKER, **kwargs):
        user = UserFactory(role=role, **kwargs)
        key = services.new_secret()
        _, codes = services.set_up_authenticator(user=user, key=key, code=code_for(key))
        # Let the tests use the current code again (set-up used up this time step).
        TOTPDevice.objects.filter(user=user).update(last_t=-1)
        return user, key, codes

    return make


def _password(client, user, next_url: str = ""):
    data = {"username": user.username, "password": PASSWORD}
    url = reverse("accounts:login") + (f"?next={quote(next_url)}" if next_url else "")
    return client.post(url, data | ({"next": next_url} if next_url else {}))


def _actions(user) -> list[str]:
    rows = AccessLog.objects.filter(
        record_type=ContentType.objects.get_for_model(User), record_id=user.pk
    )
    return list(rows.order_by("id").values_list("action", flat=True))


def test_every_role_that_reads_a_child_and_every_other_role_needs_a_second_factor():
    assert READERS <= services.MULTI_FACTOR_ROLES
    assert frozenset(Role) == services.MULTI_FACTOR_ROLES


def test_after_the_password_a_user_with_an_authenticator_is_asked_for_a_code(client, enrolled):
    user, _, _ = enrolled()

    response = _password(client, user)
    followed = client.get(response["Location"])

    assert followed.status_code == 302
    assert followed["Location"] == reverse("accounts:sign-in-code") + "?next=%2F"
    page = client.get(followed["Location"])
    assert page.status_code == 200
    assert "Enter your sign-in code" in page.text
    assert 'autocomplete="one-time-code"' in page.text


def test_the_right_code_completes_the_sign_in_and_opens_the_page_asked_for(client, enrolled):
    user, key, _ = enrolled()
    _password(client, user)
    session_before = client.session.session_key

    response = client.post(
        reverse("accounts:sign-in-code"), {"code": code_for(key), "next": "/people/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/people/"
    assert client.get(reverse("record:home")).status_code == 200
    assert client.session.session_key != session_before
    assert _actions(user)[-1] == "accounts.sign_in"
    assert AccessLog.objects.filter(action="accounts.sign_in").first().summary == (
        f"{user.username}: password and authenticator code"
    )


def test_a_code_from_the_step_before_still_works_for_a_clock_a_little_out(client, enrolled):
    user, key, _ = enrolled()
    _password(client, user)

    response = client.post(reverse("accounts:sign-in-code"), {"code": code_for(key, steps_ago=1)})

    assert response.status_code == 302
    assert client.get(reverse("record:home")).status_code == 200


def test_a_wrong_code_is_refused_next_to_the_field_and_logged(client, enrolled):
    user, key, _ = enrolled()
    _password(client, user)
    wrong = wrong_code_for(key)

    response = client.post(reverse("accounts:sign-in-code"), {"code": wrong})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert 'href="#id_code"' in response.text
    assert 'id="id_code-error"' in response.text
    assert "The code is wrong or has expired" in response.text
    assert client.get(reverse("record:home")).status_code == 302
    refused = AccessLog.objects.get(action="accounts.refuse_code")
    assert refused.user == user
    assert refused.summary == f"{user.username}: authenticator code, wrong"


def test_the_same_code_cannot_be_used_twice(client, enrolled):
    user, key, _ = enrolled()
    code = code_for(key)
    _password(client, user)
    client.post(reverse("accounts:sign-in-code"), {"code": code})
    client.post(reverse("accounts:logout"))
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0)

    _password(client, user)
    response = client.post(reverse("accounts:sign-in-code"), {"code": code})

    assert response.status_code == 200
    assert "The code is wrong or has expired" in response.text


def _wait_asked(response) -> int:
    found = re.search(r"Too many wrong codes\. Wait (\d+) seconds?", response.text)
    assert found, "no throttle message"
    return int(found.group(1))


def _time_passes(user, seconds: int) -> None:
    device = TOTPDevice.objects.get(user=user)
    TOTPDevice.objects.filter(user=user).update(
        throttling_failure_timestamp=device.throttling_failure_timestamp
        - timedelta(seconds=seconds)
    )


def test_after_a_wrong_code_even_the_right_one_waits_and_the_wait_doubles(
    client, enrolled, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute, then two: slow enough to test
    user, key, _ = enrolled()
    _password(client, user)
    client.post(reverse("accounts:sign-in-code"), {"code": wrong_code_for(key, plus=1)})
    client.post(reverse("accounts:sign-in-code"), {"code": wrong_code_for(key, plus=2)})

    response = client.post(reverse("accounts:sign-in-code"), {"code": code_for(key)})

    assert response.status_code == 200
    assert 50 <= _wait_asked(response) <= 60
    assert TOTPDevice.objects.get(user=user).throttling_failure_count == 1
    assert (
        AccessLog.objects.filter(
            action="accounts.refuse_code", summary__contains="too soon after wrong codes"
        ).count()
        == 2
    )
    _time_passes(user, 61)
    client.post(reverse("accounts:sign-in-code"), {"code": wrong_code_for(key, plus=3)})
    assert (
        110
        <= _wait_asked(client.post(reverse("accounts:sign-in-code"), {"code": code_for(key)}))
        <= 120
    )
    _time_passes(user, 121)
    assert client.post(reverse("accounts:sign-in-code"), {"code": code_for(key)}).status_code == 302
    assert TOTPDevice.objects.get(user=user).throttling_failure_count == 0


def test_malformed_and_hostile_codes_are_refused_next_to_the_field(client, enrolled):
    user, _, _ = enrolled()
    _password(client, user)

    for code in ["", "12345", "abc", "x" * 100_000, "12\x0034", "١٢٣٤٥٦", "'; drop table"]:
        response = client.post(reverse("accounts:sign-in-code"), {"code": code})
        assert response.status_code == 200, code
        assert "govuk-error-message" in response.text

    assert client.get(reverse("record:home")).status_code == 302


def test_a_recovery_code_works_once_in_place_of_a_code(client, enrolled):
    user, _, codes = enrolled()
    _password(client, user)

    response = client.post(reverse("accounts:sign-in-code"), {"code": codes[0].upper()})

    assert response.status_code == 302
    assert client.get(reverse("record:home")).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    assert AccessLog.objects.filter(action="accounts.sign_in").first().summary == (
        f"{user.username}: password and a recovery code (9 left)"
    )
    client.post(reverse("accounts:logout"))
    _password(client, user)
    again = client.post(reverse("accounts:sign-in-code"), {"code": codes[0]})
    assert again.status_code == 200
    assert "That recovery code is wrong or has already been used" in again.text


def test_a_session_with_only_the_password_cannot_open_a_childs_record(client, enrolled):
    team = TeamFactory()
    user, key, _ = enrolled(team=team)
    child = AllocationFactory(team=team).child
    _password(client, user)
    url = reverse("record:child", args=[child.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign-in-code") + "?next=" + quote(url, "")
    assert child.last_name not in client.get(response["Location"]).text
    assert not AccessLog.objects.filter(child=child).exists()
    # With the code given, the same page opens: the record is the user's to see.
    client.post(reverse("accounts:sign-in-code"), {"code": code_for(key)})
    assert client.get(url).status_code == 200


def test_a_session_with_only_the_password_can_post_nothing(client, enrolled):
    user, _, _ = enrolled(role=Role.ADMINISTRATOR)
    _password(client, user)

    response = client.post(reverse("accounts:team-create"), {"name": "Shadow team", "kind": "mash"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign-in-code")
    assert not AccessLog.objects.filter(action="accounts.create_team").exists()


def test_sign_out_and_the_public_pages_need_no_code(client, enrolled):
    user, _, _ = enrolled()
    _password(client, user)

    assert client.get(reverse("core:accessibility")).status_code == 200
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_a_user_without_an_authenticator_sets_one_up_and_gets_ten_recovery_codes(client):
    user = UserFactory(role=Role.HEAD_OF_SERVICE)
    _password(client, user)
    assert client.get(reverse("accounts:sign-in-code"))["Location"] == (
        reverse("accounts:set-up-authenticator") + "?next=%2F"
    )

    page = client.get(reverse("accounts:set-up-authenticator"))
    key = client.session[NEW_KEY]

    assert page.status_code == 200
    assert '<svg role="img" aria-label="QR code to scan with your authenticator app"' in page.text
    assert services.secret_for_typing(key) in page.text
    assert "no-store" in page["Cache-Control"]
    assert reverse("accounts:change-password") not in page.text
    assert not TOTPDevice.objects.filter(user=user).exists()
    response = client.post(reverse("accounts:set-up-authenticator"), {"code": code_for(key)})
    assert response["Location"] == reverse("accounts:recovery-codes") + "?next=%2F"
    codes_page = client.get(response["Location"])
    codes = re.findall(r"<code>([a-z2-7]{8})</code>", codes_page.text)
    assert len(set(codes)) == 10
    assert "no-store" in codes_page["Cache-Control"]
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get(reverse("record:home")).status_code == 200
    assert _actions(user) == ["accounts.set_up_mfa", "accounts.sign_in"]
    # Shown once: the page does not show them again.
    assert client.get(reverse("accounts:recovery-codes")).status_code == 302


def test_set_up_saves_nothing_until_a_right_code_confirms_it(client):
    user = UserFactory()
    _password(client, user)
    client.get(reverse("accounts:set-up-authenticator"))
    key = client.session[NEW_KEY]
    wrong = wrong_code_for(key, plus=5)

    response = client.post(reverse("accounts:set-up-authenticator"), {"code": wrong})

    assert response.status_code == 200
    assert 'href="#id_code"' in response.text
    assert "The code is wrong or has expired" in response.text
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert client.session[NEW_KEY] == key  # the same secret stays until confirmed


def test_someone_with_an_authenticator_cannot_set_up_another_with_only_the_password(
    client, enrolled
):
    user, _, _ = enrolled()
    _password(client, user)

    response = client.get(reverse("accounts:set-up-authenticator"))

    assert response["Location"] == reverse("accounts:sign-in-code") + "?next=%2F"
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_the_page_after_sign_in_must_be_on_this_site(client, enrolled):
    user, key, _ = enrolled()
    _password(client, user)

    response = client.post(
        reverse("accounts:sign-in-code"), {"code": code_for(key), "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("record:home")


def test_an_administrator_resets_a_users_second_factor_and_their_session_ends(
    client, enrolled, django_user_model
):
    user, key, _ = enrolled()
    admin, admin_key, _ = enrolled(role=Role.ADMINISTRATOR)
    _password(client, user)
    client.post(reverse("accounts:sign-in-code"), {"code": code_for(key)})
    assert client.get(reverse("record:home")).status_code == 200
    admin_client = client.__class__()
    _password(admin_client, admin)
    admin_client.post(reverse("accounts:sign-in-code"), {"code": code_for(admin_key)})

    response = admin_client.post(reverse("accounts:staff-reset-second-factor", args=[user.pk]))

    assert response["Location"] == reverse("accounts:staff-edit", args=[user.pk])
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    reset = AccessLog.objects.get(action="accounts.reset_mfa")
    assert (reset.user, reset.record_id) == (admin, user.pk)
    # The user's session, verified with the removed app, is signed out.
    assert client.get(reverse("record:home"))["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    # At the next sign-in they set up a new app.
    _password(client, user)
    assert client.get(reverse("accounts:sign-in-code"))["Location"].startswith(
        reverse("accounts:set-up-authenticator")
    )


def test_only_an_administrator_resets_and_never_their_own(client, enrolled):
    user, _, _ = enrolled()
    manager, manager_key, _ = enrolled(role=Role.HEAD_OF_SERVICE)
    admin = UserFactory(role=Role.ADMINISTRATOR)

    with pytest.raises(PermissionDenied):
        services.reset_second_factor(user=user, by=manager)
    with pytest.raises(ValidationError):
        services.reset_second_factor(user=admin, by=admin)
    _password(client, manager)
    client.post(reverse("accounts:sign-in-code"), {"code": code_for(manager_key)})
    response = client.post(reverse("accounts:staff-reset-second-factor", args=[user.pk]))

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=user).exists()
    assert not AccessLog.objects.filter(action="accounts.reset_mfa").exists()


def test_with_the_setting_off_the_password_alone_signs_in(client, settings):
    settings.OPENCSC_MFA_REQUIRED = False
    user = UserFactory()

    response = _password(client, user)

    assert response["Location"] == reverse("record:home")
    assert client.get(reverse("record:home")).status_code == 200
    assert client.get(reverse("accounts:sign-in-code"))["Location"] == reverse("record:home")
    assert AccessLog.objects.get(action="accounts.sign_in").summary == f"{user.username}: password"


def test_it_is_on_unless_switched_off_and_the_quick_start_switches_it_off_for_the_demo(
    monkeypatch,
):
    monkeypatch.delenv("OPENCSC_MFA_REQUIRED", raising=False)
    production = importlib.reload(importlib.import_module("config.settings"))
    start = (django_settings.BASE_DIR / "scripts" / "start").read_text()

    assert production.OPENCSC_MFA_REQUIRED is True
    assert 'export OPENCSC_MFA_REQUIRED="${OPENCSC_MFA_REQUIRED:-0}"' in start


def test_a_password_change_keeps_the_session_signed_in_with_its_code(client, enrolled):
    user, key, _ = enrolled()
    _password(client, user)
    client.post(reverse("accounts:sign-in-code"), {"code": code_for(key)})

    response = client.post(
        reverse("accounts:change-password"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-Passphrase-for-2027",
            "new_password2": "a-new-Passphrase-for-2027",
        },
    )

    assert response["Location"] == reverse("record:home")
    assert client.get(reverse("record:home")).status_code == 200


def test_an_administrator_reads_sign_ins_and_refused_codes_in_the_access_log(client, enrolled):
    user, key, _ = enrolled()
    admin, admin_key, _ = enrolled(role=Role.ADMINISTRATOR)
    _password(client, user)
    client.post(reverse("accounts:sign-in-code"), {"code": wrong_code_for(key)})
    client.post(reverse("accounts:logout"))
    _password(client, admin)
    client.post(reverse("accounts:sign-in-code"), {"code": code_for(admin_key)})

    page = client.get(reverse("audit:access-log"))

    assert page.status_code == 200
    assert "accounts.refuse_code" in page.text
    assert "accounts.sign_in" in page.text
    assert f"{user.username}: authenticator code, wrong" in page.text


def test_a_user_gets_new_recovery_codes_once_and_the_old_ones_stop_working(client, enrolled):
    user, _, old_codes = enrolled()
    _password(client, user)
    client.post(reverse("accounts:sign-in-code"), {"code": old_codes[0]})
    account = client.get(reverse("accounts:your-account"))
    assert "9 recovery codes left" in account.text

    response = client.post(reverse("accounts:your-account"))

    assert response["Location"] == reverse("accounts:recovery-codes") + "?next=%2Faccount%2F"
    page = client.get(response["Location"])
    new_codes = re.findall(r"<code>([a-z2-7]{8})</code>", page.text)
    assert "Your new recovery codes" in page.text
    assert len(new_codes) == 10
    assert set(new_codes).isdisjoint(old_codes)
    assert AccessLog.objects.filter(
        action="accounts.set_up_mfa", summary__contains="10 new recovery codes"
    ).exists()
    client.post(reverse("accounts:logout"))
    _password(client, user)
    refused = client.post(reverse("accounts:sign-in-code"), {"code": old_codes[1]})
    assert "That recovery code is wrong or has already been used" in refused.text


def test_the_account_page_needs_the_code_first(client, enrolled):
    user, _, _ = enrolled()
    _password(client, user)

    response = client.post(reverse("accounts:your-account"))

    assert response["Location"] == reverse("accounts:sign-in-code")
    assert StaticToken.objects.filter(device__user=user).count() == 10


def test_no_inline_style_or_script_on_the_sign_in_steps(client):
    user = UserFactory()
    _password(client, user)

    page = client.get(reverse("accounts:set-up-authenticator")).text

    assert "style=" not in page
    assert "<style" not in page
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "<script" not in svg


def _single_sign_on(client, user) -> None:
    """A session signed in through the council's identity provider (as accounts.oidc leaves it)."""
    client.force_login(user)
    session = client.session
    session[SIGN_IN_METHOD] = "oidc"
    session.save()


def test_single_sign_on_asks_for_the_code_too_unless_the_provider_is_trusted_for_it(
    client, enrolled, settings
):
    user, key, _ = enrolled()
    _single_sign_on(client, user)

    assert client.get(reverse("record:home"))["Location"].startswith(
        reverse("accounts:sign-in-code")
    )
    client.post(reverse("accounts:sign-in-code"), {"code": code_for(key)})
    assert client.get(reverse("record:home")).status_code == 200
    assert AccessLog.objects.filter(action="accounts.sign_in").first().summary == (
        f"{user.username}: single sign-on and authenticator code"
    )

    settings.OPENCSC_MFA_TRUST_SINGLE_SIGN_ON = True
    trusted, by_password = Client(), Client()
    _single_sign_on(trusted, user)
    _password(by_password, user)
    assert trusted.get(reverse("record:home")).status_code == 200
    assert trusted.get(reverse("accounts:sign-in-code"))["Location"] == reverse("record:home")
    assert by_password.get(reverse("record:home"))["Location"].startswith(
        reverse("accounts:sign-in-code")
    )

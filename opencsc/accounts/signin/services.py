"""Multi-factor sign-in and changing your own password: a function per step, each in the access log.

A member of staff signs in with their password, then with the 6-digit code their authenticator app
shows (TOTP, RFC 6238, through django-otp), or with one of ten single-use recovery codes. Someone
without an authenticator yet sets one up right after the password: the page shows a QR code and the
secret, and a code from the app confirms it. django-otp throttles wrong codes per device (each try
waits 1, 2, 4, 8... seconds after the last wrong one).
"""

import math
import re
import time
from base64 import b32encode
from binascii import unhexlify
from datetime import datetime

import segno
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from opencsc import permissions
from opencsc.accounts.models import Role, User
from opencsc.accounts.oidc import SIGN_IN_METHOD
from opencsc.audit import services as audit
from opencsc.permissions import Action

# Every role signs in with a second factor: partner agencies read the contacts they made and
# administrators grant roles and read the access log, so none is exempt (docs/security.md).
MULTI_FACTOR_ROLES = frozenset(Role)
RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_CODE = re.compile(r"\d{6}")
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")
WRONG_CODE = "The code is wrong or has expired. Enter the code your authenticator app shows now"
WRONG_RECOVERY_CODE = "That recovery code is wrong or has already been used"


def requires_second_factor(user: User) -> bool:
    """Whether `user` must give a code after their password (OPENCSC_MFA_REQUIRED, their role)."""
    return bool(settings.OPENCSC_MFA_REQUIRED) and user.role in MULTI_FACTOR_ROLES


def first_factor(request: HttpRequest) -> str:
    """How this session's user first signed in: "password" or "single sign-on"."""
    return "single sign-on" if request.session.get(SIGN_IN_METHOD) == "oidc" else "password"


def provider_gave_second_factor(request: HttpRequest) -> bool:
    """Whether this session signed in through the council's identity provider and the deployment
    trusts it to have asked for a second factor (OPENCSC_MFA_TRUST_SINGLE_SIGN_ON)."""
    return bool(settings.OPENCSC_MFA_TRUST_SINGLE_SIGN_ON) and first_factor(request) != "password"


def authenticator_for(user: User) -> TOTPDevice | None:
    """The authenticator app `user` has set up, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: User) -> int:
    """How many unused recovery codes `user` has."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise_code(code: str) -> str:
    """A code as typed, without spaces or dashes and in lower case ("ABCD 2345" is "abcd2345")."""
    return re.sub(r"[\s-]", "", code).lower()


# Setting up.


def new_secret() -> str:
    """A new authenticator secret: 20 random bytes, hex-encoded as django-otp stores it."""
    return str(random_hex(20))


def secret_for_typing(key: str) -> str:
    """The secret as an authenticator app asks for it: base 32, in groups of four."""
    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[start : start + 4] for start in range(0, len(text), 4))


def set_up_link(*, user: User, key: str) -> str:
    """The otpauth:// link an authenticator app reads from the QR code."""
    return str(TOTPDevice(user=user, key=key).config_url)


def qr_code_svg(link: str) -> SafeString:
    """The QR code of `link` as inline SVG, drawn here: no script, no style, no image request."""
    svg = segno.make_qr(link, error="m").svg_inline(scale=5, dark="#0b0c0c", light="#ffffff")
    label = "QR code to scan with your authenticator app"
    # segno writes only geometry and the link's own encoded dots: nothing from the user is in it.
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))


def _matching_time_step(key: str, code: str) -> int | None:
    """The time step at which `code` is the authenticator's code for `key` (one step either side
    of now, for a clock a little out), or None."""
    if not AUTHENTICATOR_CODE.fullmatch(code):
        return None
    totp = TOTP(unhexlify(key), step=30, digits=6)
    totp.time = time.time()
    if not totp.verify(int(code), tolerance=1):
        return None
    return int(totp.t())


def _issue_recovery_codes(user: User) -> list[str]:
    # Keep the device and replace its codes: a session signed in with a recovery code stays so.
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Recovery codes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(str(StaticToken.random_token()))
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return sorted(codes)


@transaction.atomic
def set_up_authenticator(
    *, user: User, key: str, code: str, first: str = "password"
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator app set up with `key` by a code it shows, and issue ten recovery
    codes. Returns the device and the codes, which are shown once."""
    permissions.require(user, Action.SET_UP_MFA)
    # Lock the user so that two set-ups at once make one authenticator.
    user = User.objects.select_for_update().get(pk=user.pk)
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError("You have already set up an authenticator app")
    step = _matching_time_step(key, normalise_code(code))
    if step is None:
        raise ValidationError(WRONG_CODE)
    device = TOTPDevice.objects.create(
        user=user, name="Authenticator app", key=key, confirmed=True, last_t=step
    )
    codes = _issue_recovery_codes(user)
    audit.log_change(
        by=user,
        child=None,
        record=user,
        action=Action.SET_UP_MFA,
        summary=f"{user.username}: authenticator app and {len(codes)} recovery codes",
    )
    record_sign_in(user=user, how=f"{first} and a newly set-up authenticator app")
    return device, codes


@transaction.atomic
def renew_recovery_codes(*, user: User) -> list[str]:
    """Ten new recovery codes for `user`, shown once; the ones they had no longer work."""
    permissions.require(user, Action.SET_UP_MFA)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError("Set up an authenticator app first")
    codes = _issue_recovery_codes(user)
    audit.log_change(
        by=user,
        child=None,
        record=user,
        action=Action.SET_UP_MFA,
        summary=f"{user.username}: {len(codes)} new recovery codes, the old ones cancelled",
    )
    return codes


# Signing in.


def record_sign_in(*, user: User, how: str) -> None:
    """Record in the access log that `user` signed in, and how."""
    audit.log_change(
        by=user, child=None, record=user, action=Action.SIGN_IN, summary=f"{user.username}: {how}"
    )


def _device_for_code(user: User, code: str) -> Device | None:
    if AUTHENTICATOR_CODE.fullmatch(code):
        return TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if RECOVERY_CODE.fullmatch(code):
        return StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    return None


def _refuse(
    user: User, code: str, reason: str, *, locked_until: datetime | None = None
) -> ValidationError:
    kind = "recovery code" if RECOVERY_CODE.fullmatch(code) else "authenticator code"
    audit.log_change(
        by=user,
        child=None,
        record=user,
        action=Action.REFUSE_SIGN_IN_CODE,
        summary=f"{user.username}: {kind}, {reason}",
    )
    if locked_until is not None:
        wait = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
        return ValidationError(
            f"Too many wrong codes. Wait {wait} second{'s' if wait != 1 else ''}, "
            "then enter a code again"
        )
    return ValidationError(WRONG_RECOVERY_CODE if kind == "recovery code" else WRONG_CODE)


def check_sign_in_code(*, user: User, code: str, first: str = "password") -> Device:
    """The device that accepts `code` (an authenticator code, or a recovery code, which is then
    used up) as `user`'s second factor; ValidationError, logged, for a wrong or throttled one."""
    code = normalise_code(code)
    with transaction.atomic():
        device = _device_for_code(user, code)
        allowed, throttle = (True, None) if device is None else device.verify_is_allowed()
        if device is None:
            refused = _refuse(user, code, "wrong (none set up)")
        elif not allowed:
            locked_until = (throttle or {}).get("locked_until")
            refused = _refuse(
                user, code, "refused: too soon after wrong codes", locked_until=locked_until
            )
        elif device.verify_token(code):
            how = f"{first} and authenticator code"
            if isinstance(device, StaticDevice):
                how = f"{first} and a recovery code ({device.token_set.count()} left)"
            record_sign_in(user=user, how=how)
            return device
        else:
            refused = _refuse(user, code, "wrong")
    # Out of the block, so that the throttle's count and the log row are kept.
    raise refused


def benchmark_authenticator(*, user: User) -> TOTPDevice:
    """An authenticator for a benchmark's synthetic login (`opencsc bench`), which signs in
    without a phone; never called by a page."""
    return TOTPDevice.objects.create(user=user, name="Benchmark", confirmed=True)


# An administrator's reset.


@transaction.atomic
def reset_second_factor(*, user: User, by: User) -> User:
    """Remove `user`'s authenticator app and recovery codes: they set up a new one at their next
    sign-in, and any session they signed in to with the old one ends."""
    permissions.require(by, Action.RESET_MFA)
    if user.pk == by.pk:
        raise ValidationError(
            "You cannot reset your own multi-factor sign-in: ask another administrator"
        )
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    StaticDevice.objects.filter(user=user).delete()
    audit.log_change(
        by=by,
        child=None,
        record=user,
        action=Action.RESET_MFA,
        summary=f"{user.username}: {'authenticator removed' if removed else 'none was set up'}",
    )
    return user


# Changing your own password.


@transaction.atomic
def change_own_password(*, user: User, password: str) -> User:
    """Set `user`'s new password (the form has checked their current one)."""
    permissions.require(user, Action.CHANGE_OWN_PASSWORD)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"new_password1": error.messages}) from error
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.log_change(
        by=user, child=None, record=user, action=Action.CHANGE_OWN_PASSWORD, summary=user.username
    )
    return user

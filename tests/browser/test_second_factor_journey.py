"""The multi-factor sign-in journey by keyboard alone: password, setting up an authenticator app,
the recovery codes, signing out, and signing in again with a code. Each page is axe-core clean."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role
from tests.browser.helpers import (
    PASSWORD,
    assert_accessible,
    assert_error_summary_links_lead_to_fields,
    assert_focus_visible,
    screenshot,
    tab_to,
)
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("mfa_on")]


def _code(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app set up with `secret` (as the page shows it) shows now."""
    key = b32decode(secret.replace(" ", ""))
    return f"{totp(key, step=30, digits=6, drift=steps_ahead):06d}"


def _password_by_keyboard(page: Page, username: str) -> None:
    page.goto("/sign-in/")
    tab_to(page, "#id_username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")


def _enter_code(page: Page, code: str) -> None:
    tab_to(page, "#id_code")
    page.keyboard.press("Control+A")
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def _refused_next_to_the_field(page: Page, message: str) -> None:
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator("#id_code-error")).to_contain_text(message)
    assert_error_summary_links_lead_to_fields(page)
    assert_accessible(page)
    page.keyboard.press("Tab")
    expect(page.locator(".govuk-error-summary a")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_code")).to_be_focused()


def test_a_head_of_service_sets_up_multi_factor_sign_in_and_signs_in_again_by_keyboard(
    page: Page,
):
    head = UserFactory(role=Role.HEAD_OF_SERVICE, username="hos.mfa")

    _password_by_keyboard(page, head.username)

    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    expect(
        page.get_by_role("img", name="QR code to scan with your authenticator app")
    ).to_be_visible()
    assert page.locator(".govuk-service-navigation__link").count() == 0
    assert_accessible(page)
    screenshot(page, "mfa-set-up")
    secret = page.locator("#setup-key").inner_text()
    _enter_code(page, "12345")
    _refused_next_to_the_field(page, "Enter the 6 digits your authenticator app shows")
    page.keyboard.press("Control+A")
    page.keyboard.type(_code(secret))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Your authenticator app is set up")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "mfa-recovery-codes")
    codes = page.locator(".opencsc-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert all(re.fullmatch(r"[a-z2-7]{8}", code) for code in codes)
    tab_to(page, "a.govuk-button")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Signed in as")).to_be_visible()
    assert_accessible(page)

    tab_to(page, "button.opencsc-account-bar__button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Sign in to")).to_be_visible()

    _password_by_keyboard(page, head.username)
    expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "mfa-code")
    _enter_code(page, "abc")
    _refused_next_to_the_field(page, "Enter a 6-digit code or an 8-character recovery code")
    # The set-up used this 30-second step's code; the app's next one is accepted too (a clock a
    # little ahead), so the test need not wait for the step to turn.
    page.keyboard.press("Control+A")
    page.keyboard.type(_code(secret, steps_ahead=1))
    tab_to(page, "button.govuk-button[type=submit]:not(.opencsc-account-bar__button)")
    assert_focus_visible(page)
    page.keyboard.press("Enter")

    expect(page.get_by_text("Signed in as")).to_be_visible()
    expect(page.get_by_role("heading", name="Enter your sign-in code")).to_have_count(0)
    assert_accessible(page)
    tab_to(page, "a[href='/account/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(page.get_by_text("10 recovery codes left")).to_be_visible()
    assert_accessible(page)


def test_the_journey_works_without_javascript(page_without_javascript: Page):
    page = page_without_javascript
    worker = UserFactory(role=Role.SOCIAL_WORKER, username="sw.mfa")

    _password_by_keyboard(page, worker.username)
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    assert_accessible(page)
    secret = page.locator("#setup-key").inner_text()
    _enter_code(page, _code(secret))
    expect(page.get_by_role("heading", name="Your authenticator app is set up")).to_be_visible()
    codes = page.locator(".opencsc-recovery-codes code").all_inner_texts()
    tab_to(page, "a.govuk-button")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Signed in as")).to_be_visible()
    tab_to(page, "button.opencsc-account-bar__button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Sign in to")).to_be_visible()

    _password_by_keyboard(page, worker.username)
    expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
    _enter_code(page, codes[0])

    expect(page.get_by_text("Signed in as")).to_be_visible()
    assert_accessible(page)

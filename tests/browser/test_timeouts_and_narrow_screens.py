"""Time and width in headless Chromium (issue 13, point 7): the page warns before the idle
sign-out and "Stay signed in" keeps the session (WCAG 2.2.1); a form sent after the session ended
comes back filled in after signing in again (WCAG 2.2.5); at 320 pixels wide, wide tables scroll
inside their own box and the page never scrolls sideways (WCAG 1.4.10). axe-core on each page."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from opencsc.accounts.models import Role, Team
from opencsc.people.models import Person
from tests.browser.helpers import (
    assert_accessible,
    assert_no_csp_violations,
    sign_in,
    watch_content_security_policy,
)
from tests.factories import (
    AllocationFactory,
    ContactChildFactory,
    ContactFactory,
    MashPractitionerFactory,
    MashTeamFactory,
    PersonFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

DIALOG = "#opencsc-timeout"


@pytest.fixture
def narrow(browser: Browser, site: str) -> Iterator[Page]:
    """A tab 320 CSS pixels wide, as a phone or a page zoomed to 400%."""
    context = browser.new_context(base_url=site, viewport={"width": 320, "height": 640})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    watch_content_security_policy(tab)
    yield tab
    context.close()
    assert_no_csp_violations(tab)


def test_the_page_warns_before_the_idle_sign_out_and_stays_signed_in(
    page: Page, social_worker, settings
):
    settings.SESSION_COOKIE_AGE = 10
    settings.OPENCSC_SESSION_WARNING_SECONDS = 7
    sign_in(page, social_worker)
    page.goto("/people/")
    dialog = page.locator(DIALOG)
    expect(dialog).to_be_hidden()

    expect(dialog).to_be_visible(timeout=8_000)
    expect(dialog.get_by_role("heading", name="about to be signed out")).to_be_visible()
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    page.wait_for_timeout(8_000)  # past the first session's end: the button restarted it
    page.goto("/people/")

    expect(page.get_by_text("Signed in as")).to_be_visible()


def test_with_no_answer_the_warning_says_the_user_was_signed_out(
    page: Page, social_worker, settings
):
    settings.SESSION_COOKIE_AGE = 6
    settings.OPENCSC_SESSION_WARNING_SECONDS = 5
    sign_in(page, social_worker)
    page.goto("/people/")

    dialog = page.locator(DIALOG)
    expect(dialog.get_by_role("heading", name="You have been signed out")).to_be_visible(
        timeout=10_000
    )
    expect(dialog.get_by_role("link", name="Sign in again")).to_be_focused()
    assert_accessible(page)


def test_what_was_typed_comes_back_after_signing_in_again(
    page_without_javascript: Page, social_worker
):
    page = page_without_javascript
    sign_in(page, social_worker)
    page.goto("/people/new/")
    page.get_by_label("First name").fill("Amara")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Postcode").fill("N18 2AB")
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))  # idle too long

    page.get_by_role("button", name="Create record").click()
    expect(page.get_by_role("heading", name="Sign in to")).to_be_visible()
    assert "Okafor" not in page.url
    page.get_by_label("Username").fill(social_worker.username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Create a record")).to_be_visible()
    expect(page.get_by_label("Last name")).to_have_value("Okafor")
    expect(page.get_by_label("Postcode")).to_have_value("N18 2AB")
    expect(page.get_by_text("We kept what you typed")).to_be_visible()
    assert_accessible(page)
    assert not Person.objects.filter(last_name="Okafor").exists()


def _does_not_scroll_sideways(page: Page) -> None:
    width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1], f"{page.url} is {width[0]}px wide in a {width[1]}px window"


def test_wide_tables_scroll_in_their_own_box_at_320_pixels(narrow: Page):
    mash = MashTeamFactory()
    practitioner = MashPractitionerFactory(team=mash)
    team = TeamFactory(name="Assessment team 1", kind=Team.Kind.ASSESSMENT)
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team)
    child = PersonFactory(first_name="Amara", last_name="Okafor-Richardson-Wellington")
    AllocationFactory(child=child, team=team)
    for _ in range(3):
        ContactChildFactory(child=child, contact=ContactFactory(rated=True, team=mash))
    waiting = PersonFactory(first_name="Leo", last_name="Fitzgerald-Montgomery-Oduya")
    ReferralFactory(child=waiting, contact=ContactFactory(rated=True, team=mash))

    for user, path in (
        (practitioner, reverse("frontdoor:queue")),
        (practitioner, reverse("record:work", args=[child.pk])),
        (manager, reverse("casework:to-allocate")),
    ):
        narrow.context.clear_cookies()
        sign_in(narrow, user)
        narrow.goto(path)
        expect(narrow.locator(".opencsc-table-scroll").first).to_be_visible()
        _does_not_scroll_sideways(narrow)
        assert_accessible(narrow)

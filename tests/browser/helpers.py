"""What the browser tests share: signing in, checking a page with axe-core and the content security
policy, screenshots."""

import tempfile
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from django.conf import settings
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Page, expect
from playwright.sync_api import Error as PlaywrightError

from opencsc.accounts.models import User

PASSWORD = "correct-horse-battery"  # what tests.factories.UserFactory sets
AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENS = Path(tempfile.gettempdir()) / "screens"

# resultTypes: only violations are reported in full, which makes each run quicker.
_RUN_AXE = """tags => axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
}).then(results =>
    results.violations.map(v => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map(n => n.target.join(' ')),
    })))"""

# With JavaScript turned off the page runs no <script> and no timer fires, but Playwright can
# still evaluate: axe runs with timers that fire at once, and the page gets its own back after.
_IMMEDIATE_TIMERS = """() => {
    window.__pageTimers = [window.setTimeout, window.clearTimeout];
    const cancelled = new Set();
    let last = 0;
    window.setTimeout = (callback, delay, ...args) => {
        const id = ++last;
        Promise.resolve().then(() => cancelled.has(id) || callback(...args));
        return id;
    };
    window.clearTimeout = id => cancelled.add(id);
}"""
_PAGE_TIMERS = "() => { [window.setTimeout, window.clearTimeout] = window.__pageTimers; }"


# Chromium reports every content security policy violation on the console (with JavaScript on or
# off): "Executing inline script violates the following Content Security Policy directive ...".
_CSP_VIOLATION = "Content Security Policy"
_csp_violations: "WeakKeyDictionary[Page, list[str]]" = WeakKeyDictionary()


# A page's message after a form (the notification banner with "Success" or "Important"), not the
# record's banner at the top of every page about a child (record/_banner.html).
MESSAGE_BANNER = ".govuk-notification-banner:not(.opencsc-record-banner)"


def watch_content_security_policy(page: Page) -> None:
    """Collect the content security policy violations of every page this tab shows."""
    seen = _csp_violations.setdefault(page, [])

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and _CSP_VIOLATION in message.text:
            seen.append(f"{page.url}: {message.text}")

    page.on("console", on_console)


def csp_violations(page: Page) -> list[str]:
    """The violations seen so far in this tab; the caller may clear the list."""
    return _csp_violations.setdefault(page, [])


def assert_no_csp_violations(page: Page) -> None:
    """Fail if the browser refused anything on the pages shown so far (a script, a style...)."""
    seen = csp_violations(page)
    assert not seen, "The content security policy was violated:\n  " + "\n  ".join(seen)


@cache
def _axe_source() -> str:
    return AXE.read_text()


def _has_axe(page: Page) -> bool:
    return page.evaluate("typeof window.axe !== 'undefined'")


def _run_axe(page: Page) -> list[dict]:
    page.evaluate(_IMMEDIATE_TIMERS)
    try:
        if not _has_axe(page):
            # Evaluated by Playwright, not added as a <script>: the page's content security policy
            # refuses inline scripts and evaluation is outside it, so the policy stays enforced.
            page.evaluate(_axe_source())
        return page.evaluate(_RUN_AXE, WCAG_TAGS)
    finally:
        page.evaluate(_PAGE_TIMERS)


# A click on a link returns once the click is sent, so a check right after it can start on the
# page being left: the navigation then replaces the document under axe ("Cannot read properties of
# null (reading 'documentElement')", or "Execution context was destroyed").
_NAVIGATED_AWAY = ("documentElement", "Execution context was destroyed", "navigation")


def assert_accessible(page: Page) -> None:
    """Fail if axe-core finds a serious or critical WCAG 2.2 AA violation on the page as shown, or
    if the content security policy was violated on the way to it."""
    page.wait_for_load_state("load")
    try:
        violations = _run_axe(page)
    except PlaywrightError as error:
        if not any(sign in error.message for sign in _NAVIGATED_AWAY):
            raise
        # The page navigated while axe ran: check the page it arrived at, once it has loaded.
        page.wait_for_load_state("load")
        violations = _run_axe(page)
    serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
    report = "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["targets"])
        for v in serious
    )
    assert not serious, f"axe-core found accessibility problems on {page.url}:\n{report}"
    assert_no_csp_violations(page)


def sign_in(page: Page, user: User) -> None:
    """Sign in through the real sign-in form, as a person would."""
    page.goto("/sign-in/")
    assert_accessible(page)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()


def sign_in_by_keyboard(page: Page, user: User) -> None:
    """Sign in with the keyboard alone: Tab to the username, type, Tab, type, Enter. (The sign-in
    cookie of an earlier user in this tab is cleared first.)"""
    page.context.clear_cookies()
    page.goto("/sign-in/")
    tab_to(page, "#id_username")
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Signed in as")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to")).to_be_visible()


def fill_date(page: Page, name: str, day: date) -> None:
    """Fill a GOV.UK date input (the fields `<name>_day`, `_month` and `_year`)."""
    page.locator(f"input[name='{name}_day']").fill(str(day.day))
    page.locator(f"input[name='{name}_month']").fill(str(day.month))
    page.locator(f"input[name='{name}_year']").fill(str(day.year))


def fill_moment(page: Page, day_field: str, time_field: str, moment: datetime) -> None:
    """Fill a date input and the time field beside it (HH:MM)."""
    fill_date(page, day_field, moment)
    page.locator(f"input[name='{time_field}']").fill(moment.strftime("%H:%M"))


def friday_evening_last_week() -> datetime:
    """18:00 on the Friday of last week (London time): its 72 hours have passed by today."""
    now = timezone.localtime()
    friday = now - timedelta(days=(now.weekday() - 4) % 7 + 7)
    return friday.replace(hour=18, minute=0, second=0, microsecond=0)


def screenshot(page: Page, name: str) -> None:
    """Keep a picture of the page for a person to look at (/tmp/screens)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


# The focus indicator of a radio or checkbox is drawn on its label's ::before box (GOV.UK).
_FOCUS_STYLE = """() => {
    const element = document.activeElement;
    const styled = element.matches('.govuk-radios__input, .govuk-checkboxes__input')
        ? [element.labels[0], '::before'] : [element, null];
    const style = getComputedStyle(...styled);
    const box = element.getBoundingClientRect();
    return {
        element: element.outerHTML.slice(0, 120),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
            && style.outlineColor !== 'rgba(0, 0, 0, 0)' && style.outlineColor !== 'transparent',
        boxShadow: style.boxShadow !== 'none',
        shown: box.width > 0 && box.height > 0,
    };
}"""


def assert_focus_visible(page: Page) -> None:
    """Fail unless the focused element shows a focus indicator (an outline or a box shadow)."""
    focus = page.evaluate(_FOCUS_STYLE)
    assert focus["shown"], f"The focused element is not on screen: {focus['element']}"
    assert focus["outline"] or focus["boxShadow"], f"No visible focus on {focus['element']}"


def tab_to(page: Page, selector: str, *, limit: int = 60) -> None:
    """Press Tab until `selector` has the focus, checking that every stop on the way shows it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            continue  # past the last stop the focus leaves the page for the browser's own controls
        assert_focus_visible(page)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} was not reached in {limit} presses of Tab on {page.url}")


def assert_error_summary_links_lead_to_fields(page: Page) -> None:
    """Every link in the error summary points at an element on the page."""
    hrefs = page.locator(".govuk-error-summary a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert hrefs, "The error summary has no links"
    for href in hrefs:
        assert page.locator(href).count() == 1, f"The error summary links to missing {href}"


def open_record_part(page: Page, child: Any, part: str) -> None:
    """Open `child`'s record and follow the record's tab named `part` ("Chronology",
    "Contacts and episodes", "Missing and exploitation", ...), as a worker would."""
    page.goto(f"/people/{child.pk}/")
    tabs = page.get_by_role("navigation", name="Parts of the record")
    tabs.get_by_role("link", name=part, exact=True).click()
    expect(tabs.get_by_role("link", name=part, exact=True)).to_have_attribute(
        "aria-current", "page"
    )

"""Fixtures for the browser tests: one headless Chromium per session, a new context per test.

Under pytest-xdist each worker process is a session of its own: it starts one Chromium and its own
live server on its own test database. Chromium is Debian's (`apt-get install chromium`); Playwright
never downloads a browser.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise refuse to
# run here (the fixtures create users and read the database while the browser is open).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.helpers import assert_no_csp_violations, watch_content_security_policy

CHROMIUM = Path(os.environ.get("OPENCSC_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium calls home, and this machine's closed network refuses the connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# As migration audit 0002 creates it.
@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(live_server, flushable_db) -> str:
    """The live server's address, with a database that pytest-django can empty afterwards."""
    return live_server.url


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[Page]:
    """A fresh browser tab (its own cookies) pointed at the live server, JavaScript on."""
    context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    watch_content_security_policy(tab)
    yield tab
    context.close()
    # The policy is enforced, not bypassed: anything it refused on any page fails the test.
    assert_no_csp_violations(tab)


@pytest.fixture
def page_without_javascript(browser: Browser, site: str) -> Iterator[Page]:
    """A fresh browser tab with JavaScript turned off, as some users and proxies have it."""
    context = browser.new_context(
        base_url=site, java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    watch_content_security_policy(tab)
    yield tab
    context.close()
    assert_no_csp_violations(tab)

"""The search and create journey works with the keyboard alone, and focus can always be seen."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from opencsc.people.models import Person
from tests.browser.helpers import (
    PASSWORD,
    assert_accessible,
    assert_focus_visible,
    tab_to,
)

pytestmark = pytest.mark.browser


def test_worker_finds_no_match_and_creates_a_child_with_the_keyboard_alone(
    page: Page, social_worker
):
    page.goto("/sign-in/")
    page.keyboard.press("Tab")
    expect(page.locator(".govuk-skip-link")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()
    tab_to(page, "#id_username")
    page.keyboard.type(social_worker.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_text("Signed in as")).to_be_visible()
    tab_to(page, ".govuk-service-navigation__link[href='/people/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Find a person")).to_be_visible()
    tab_to(page, "#id_name")
    page.keyboard.type("Amara Okafor")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="0 people found")).to_be_visible()
    tab_to(page, "a.govuk-button")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Create a record")).to_be_visible()
    tab_to(page, "#id_kind")
    page.keyboard.press("Space")  # Child, the first choice
    tab_to(page, "#id_date_of_birth_0")
    page.keyboard.type("14")
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("2019")
    tab_to(page, "input[name=sex]:checked")  # Unknown, the initial choice
    page.keyboard.press("ArrowLeft")  # Female
    page.keyboard.press("Space")
    tab_to(page, "#id_nhs_number")
    page.keyboard.type("999 000 0018")
    tab_to(page, "#id_address_line_1")
    page.keyboard.type("12 Fore Street")
    tab_to(page, "#id_postcode")
    page.keyboard.type("XYZ 123")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Create record")).to_be_focused()
    page.keyboard.press("Tab")  # past the button, to the footer
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Create record")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")

    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=re.compile("postcode"))).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#id_postcode")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("N18 2AB")
    tab_to(page, "button.govuk-button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Amara Okafor", level=1)).to_be_visible()
    child = Person.objects.get()
    assert (child.kind, child.date_of_birth, child.sex) == ("child", date(2019, 2, 14), "F")
    assert child.nhs_number == "9990000018"
    assert child.household is not None
    assert child.household.address.postcode == "N18 2AB"

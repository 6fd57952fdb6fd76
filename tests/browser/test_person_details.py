"""A child's details with history in the browser (issue 12, part 3): with JavaScript off, a worker
records the family's house move and corrects the child's NHS number; the old address is kept with
its dates and the history shows each change. axe runs on every page, and again with JavaScript on
over the same pages."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from opencsc.people.models import PersonAddress
from tests.browser.helpers import assert_accessible, screenshot, sign_in
from tests.factories import AllocationFactory, HouseholdFactory, PersonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def child(social_worker):
    household = HouseholdFactory(address__line_1="1 Old Road", address__postcode="N18 2AB")
    held = PersonFactory(first_name="Amara", last_name="Okafor", household=household, nhs_number="")
    PersonFactory(adult=True, first_name="Grace", last_name="Okafor", household=household)
    AllocationFactory(child=held, team=social_worker.teams.get())
    return held


def _fill_date(page: Page, group: str, day: date) -> None:
    fields = page.get_by_role("group", name=group, exact=True)
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month").fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))


def test_a_childs_move_keeps_the_old_address_with_dates_without_javascript(
    page_without_javascript: Page, social_worker, child
):
    page = page_without_javascript
    sign_in(page, social_worker)
    page.goto(f"/people/{child.pk}/")
    expect(page.get_by_text("No NHS number recorded.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record a new address").click()
    expect(page.get_by_role("heading", name="Record a new address")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save the new address").click()
    expect(page.locator("#id_address_line_1-error")).to_have_text(
        "Error: Enter the first line of the new address"
    )
    assert_accessible(page)
    page.get_by_label("Address line 1").fill("22 New Street")
    page.get_by_label("Postcode").fill("en1 3xy")
    _fill_date(page, "Date of the move", date(2026, 3, 2))
    page.get_by_role("group", name="Who moved?").get_by_label(
        "Everyone in the household moved together"
    ).check()
    page.get_by_role("button", name="Save the new address").click()

    expect(page.get_by_role("heading", name="Changes to Amara Okafor's details")).to_be_visible()
    addresses = page.get_by_role("table", name="Addresses, the current one first")
    expect(addresses.get_by_role("row")).to_have_count(3)
    expect(addresses.get_by_role("row").nth(1)).to_contain_text("22 New Street")
    expect(addresses.get_by_role("row").nth(1)).to_contain_text("2 Mar 2026")
    expect(addresses.get_by_role("row").nth(2)).to_contain_text("1 Old Road")
    expect(addresses.get_by_role("row").nth(2)).to_contain_text("2 Mar 2026")
    assert_accessible(page)
    screenshot(page, "details-history-after-move")
    assert PersonAddress.objects.filter(moved_out_on=date(2026, 3, 2)).count() == 2

    page.get_by_role("link", name="Change details").click()
    expect(page.get_by_role("heading", name="Change details")).to_be_visible()
    page.get_by_label("NHS number").fill("943 476 5918")
    page.get_by_label("Why are the details changing?").fill("NHS number from the GP")
    page.get_by_role("button", name="Save details").click()
    expect(page.locator("#id_nhs_number-error")).to_contain_text("check digit")
    assert_accessible(page)
    page.get_by_label("NHS number").fill("943 476 5919")
    page.get_by_role("button", name="Save details").click()

    expect(page.get_by_role("heading", name="Amara Okafor")).to_be_visible()
    expect(page.get_by_text("No NHS number recorded.")).to_have_count(0)
    page.get_by_role("link", name="Changes to these details, past addresses and names").click()
    changes = page.get_by_role("table", name="Changes to the details, newest first")
    expect(changes.get_by_role("row").nth(1)).to_contain_text(
        "NHS number: Not recorded → 9434765919"
    )
    expect(changes.get_by_role("row").nth(1)).to_contain_text("NHS number from the GP")


def test_the_details_pages_pass_axe_with_javascript_on(page: Page, social_worker, child):
    sign_in(page, social_worker)
    for path, heading in (
        (f"/people/{child.pk}/", "Amara Okafor"),
        (f"/people/{child.pk}/move/", "Record a new address"),
        (f"/people/{child.pk}/details/", "Change details"),
        (f"/people/{child.pk}/history/", "Changes to Amara Okafor's details"),
    ):
        page.goto(path)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert_accessible(page)
    page.goto(f"/people/{child.pk}/details/")
    page.get_by_label("Why are the details changing?").fill("")
    page.get_by_role("button", name="Save details").click()
    expect(page.locator("#id_reason-error")).to_have_text(
        "Error: Enter why the details are changing"
    )
    assert_accessible(page)

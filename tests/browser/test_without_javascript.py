"""Search and create work with JavaScript turned off: plain links, forms and native controls."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from opencsc.people.models import Person
from tests.browser.helpers import (
    assert_accessible,
    assert_error_summary_links_lead_to_fields,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.browser


def test_worker_searches_and_creates_a_child_without_javascript(
    page_without_javascript: Page, social_worker
):
    page = page_without_javascript
    sign_in(page, social_worker)
    page.goto("/people/")
    expect(page.locator("body")).not_to_have_class("js-enabled")
    page.get_by_text("Search by NHS number, UPN or postcode").click()  # a native <details>
    page.get_by_label("Postcode").fill("N18 2AB")
    page.get_by_label("Name", exact=True).fill("Amara Okafor")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="0 people found")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Create a new record").click()

    expect(page.get_by_role("heading", name="Create a record")).to_be_visible()
    assert_accessible(page)
    day_month_year = page.get_by_role("group", name="Date of birth", exact=True)
    day_month_year.get_by_label("Day").fill("31")
    day_month_year.get_by_label("Month").fill("2")
    day_month_year.get_by_label("Year").fill("2019")
    page.get_by_role("button", name="Create record").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Select whether this is a child, an unborn child or an adult",
            "Date of birth must be a real date",
        ]
    )
    expect(page.locator("#id_date_of_birth-error")).to_have_text(
        "Error: Date of birth must be a real date"
    )
    expect(day_month_year.locator("input.govuk-input--error")).to_have_count(3)
    assert_error_summary_links_lead_to_fields(page)
    assert Person.objects.count() == 0
    assert_accessible(page)
    screenshot(page, "create-record-errors-without-javascript")
    summary.get_by_role("link", name="Date of birth must be a real date").click()
    expect(page).to_have_url(page.url.split("#")[0] + "#id_date_of_birth_0")

    page.get_by_role("group", name="Who are you recording?").get_by_label(
        "Child", exact=True
    ).check()
    day_month_year.get_by_label("Day").fill("28")
    page.get_by_role("button", name="Create record").click()

    expect(page.get_by_role("heading", name="Amara Okafor", level=1)).to_be_visible()
    expect(page.get_by_text("Record created for Amara Okafor")).to_be_visible()
    assert_accessible(page)
    assert Person.objects.get().date_of_birth == date(2019, 2, 28)

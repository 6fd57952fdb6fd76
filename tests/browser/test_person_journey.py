"""The acceptance journey: a social worker finds no record, creates a child and their family, and an
administrator sees every view and change of that record in the access log.

Every page on the way is checked with axe-core (WCAG 2.2 AA: serious and critical problems fail).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from opencsc.accounts.models import User
from opencsc.audit.models import AccessLog
from opencsc.people.identifiers import nhs_check_digit
from opencsc.people.models import Person, Relationship
from tests.browser.helpers import (
    assert_accessible,
    assert_error_summary_links_lead_to_fields,
    screenshot,
    sign_in,
    sign_out,
)

pytestmark = pytest.mark.browser

VALID_NHS_NUMBER = f"999000001{nhs_check_digit('999000001')}"  # 9990000018, in the test range
INVALID_NHS_NUMBER = "9434765918"  # 943 476 5919 with the wrong check digit
NHS_NUMBER_ERROR = "Enter a valid NHS number: the last digit does not match the check digit"
POSTCODE_ERROR = "Enter a real postcode, like N18 2AB"


def fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def search_finds_no_one(page: Page, name: str) -> None:
    page.get_by_label("Name").fill(name)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="0 people found")).to_be_visible()
    assert_accessible(page)


def create_child_refused_then_accepted(page: Page) -> Person:
    """Fill the create form with a bad NHS number and postcode, see it refused, then correct it."""
    expect(page.get_by_role("heading", name="Create a record")).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Amara")
    expect(page.get_by_label("Last name")).to_have_value("Okafor")
    assert_accessible(page)
    who = page.get_by_role("group", name="Who are you recording?")
    who.get_by_label("Child", exact=True).check()
    fill_date(page, "Date of birth", "14", "2", "2019")
    page.get_by_label("Female").check()
    page.get_by_label("NHS number").fill(INVALID_NHS_NUMBER)
    page.get_by_label("Address line 1").fill("12 Fore Street")
    page.get_by_label("Town or city (optional)").fill("London")
    page.get_by_label("Postcode").fill("XYZ 123")
    page.get_by_role("button", name="Create record").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text([NHS_NUMBER_ERROR, POSTCODE_ERROR])
    expect(page.locator("#id_nhs_number-error")).to_have_text(f"Error: {NHS_NUMBER_ERROR}")
    expect(page.locator("#id_postcode-error")).to_have_text(f"Error: {POSTCODE_ERROR}")
    expect(page.get_by_label("NHS number")).to_have_attribute(
        "aria-describedby", "id_nhs_number-hint id_nhs_number-error"
    )
    expect(page.get_by_label("NHS number")).to_have_value(INVALID_NHS_NUMBER)
    expect(page).to_have_title("Error: Create a record \N{EN DASH} OpenCSC")
    assert_error_summary_links_lead_to_fields(page)
    assert Person.objects.count() == 0
    assert_accessible(page)
    screenshot(page, "create-record-errors")

    summary.get_by_role("link", name=NHS_NUMBER_ERROR).click()
    expect(page.get_by_label("NHS number")).to_be_focused()
    page.get_by_label("NHS number").fill(VALID_NHS_NUMBER)
    page.get_by_label("Postcode").fill("N18 2AB")
    page.get_by_role("button", name="Create record").click()

    expect(page.get_by_role("heading", name="Amara Okafor", level=1)).to_be_visible()
    expect(page.get_by_text("Record created for Amara Okafor")).to_be_visible()
    child = Person.objects.get()
    expect(page.get_by_text(f"LA child ID {child.la_child_id}")).to_be_visible()
    assert_accessible(page)
    return child


def add_new_family_member(page: Page, name: str, *, relationship: str, fill_details) -> None:
    """From the child's record: search the index, find no one, create the relative."""
    page.get_by_role("link", name="Add a family member").click()
    expect(page.get_by_role("heading", name="Add a family member")).to_be_visible()
    assert_accessible(page)
    search_finds_no_one(page, name)
    page.get_by_role("button", name="Create a new person as a family member").click()
    expect(page.get_by_role("heading", name="New family member")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name="Relationship to the child").get_by_label(relationship).check()
    fill_details()
    page.get_by_role("button", name="Add family member").click()
    expect(page.get_by_text(f"{name} added to Amara Okafor's family")).to_be_visible()
    assert_accessible(page)


def test_worker_creates_child_and_family_and_administrator_sees_it_in_access_log(
    page: Page, social_worker: User, administrator: User
):
    sign_in(page, social_worker)
    assert_accessible(page)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Find a person").click()
    expect(page.get_by_role("heading", name="Find a person")).to_be_visible()
    assert_accessible(page)
    search_finds_no_one(page, "Amara Okafor")
    page.get_by_role("button", name="Create a new record").click()
    child = create_child_refused_then_accepted(page)

    def parent_details() -> None:
        page.get_by_label("Describe the relationship (optional)").fill("mother")
        page.get_by_label("Has parental responsibility").check()
        page.get_by_label("Adult (18 or over)").check()
        fill_date(page, "Date of birth", "3", "9", "1990")
        page.get_by_label("Female").check()

    def sibling_details() -> None:
        page.get_by_label("Child (under 18)").check()
        fill_date(page, "Date of birth", "22", "7", "2021")
        page.get_by_label("Male", exact=True).check()

    add_new_family_member(page, "Grace Okafor", relationship="Parent", fill_details=parent_details)
    add_new_family_member(page, "Kofi Okafor", relationship="Sibling", fill_details=sibling_details)

    family = page.get_by_role("table", name="Family and relationships")
    expect(family.locator("tbody tr")).to_have_text(
        [
            re.compile(r"Grace Okafor\s+Parent \(mother\)\s+3 Sep 1990\s+Yes"),
            re.compile(r"Kofi Okafor\s+Sibling\s+22 Jul 2021\s+No"),
        ]
    )
    assert child.kind == Person.Kind.CHILD
    assert child.nhs_number == VALID_NHS_NUMBER
    assert child.household is not None
    assert child.household.address.postcode == "N18 2AB"
    relatives = Relationship.objects.filter(to_person=child).order_by("kind")
    assert [
        (r.from_person.first_name, r.kind, r.has_parental_responsibility) for r in relatives
    ] == [
        ("Grace", "parent", True),
        ("Kofi", "sibling", False),
    ]
    screenshot(page, "child-record")
    sign_out(page)
    assert_accessible(page)

    sign_in(page, administrator)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Access log").click()
    expect(page.get_by_role("heading", name="Access log")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Child's record number").fill(child.la_child_id)
    page.get_by_role("button", name="Show entries").click()

    expect(page.get_by_label("Child's record number")).to_have_value(child.la_child_id)
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows.filter(has_text="people.create")).to_have_count(1)
    expect(rows.filter(has_text="people.add_relationship")).to_have_count(2)
    expect(rows.filter(has_text="people.view").first).to_be_visible()
    logged = AccessLog.objects.filter(child=child)
    assert set(logged.values_list("user", flat=True)) == {social_worker.pk}
    expect(page.get_by_role("table").locator("caption")).to_have_text(f"{logged.count()} entries")
    expect(rows).to_have_count(logged.count())
    for index in range(rows.count()):
        expect(rows.nth(index)).to_contain_text(social_worker.username)
        expect(rows.nth(index)).to_contain_text(child.la_child_id)
    assert_accessible(page)
    screenshot(page, "access-log")

"""No silent duplicates (issue 12, part 2), in the browser: a worker who cannot see a child held by
another team tries to create her again (same name, date of birth and address) and is stopped by
the likely-match step; confirming a new record needs a reason; business support then reviews the
pair and merges it without opening either record. axe-core on every page."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role, Team, User
from opencsc.people.models import DuplicatePair, Person
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import (
    AddressFactory,
    AllocationFactory,
    HouseholdFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


def fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def fill_the_same_child(page: Page) -> None:
    page.get_by_role("group", name="Who are you recording?").get_by_label(
        "Child", exact=True
    ).check()
    page.get_by_label("First name").fill("Amara")
    page.get_by_label("Last name").fill("Okafor")
    fill_date(page, "Date of birth", "14", "2", "2019")
    page.get_by_label("Female").check()
    page.get_by_label("Address line 1").fill("12 Fore Street")
    page.get_by_label("Postcode").fill("N18 2AB")


@pytest.fixture
def held_elsewhere(db) -> Person:
    """Amara, open to the child protection team: the assessment team cannot open her record."""
    team = TeamFactory(name="Child protection team 1", kind=Team.Kind.CHILD_PROTECTION)
    child = PersonFactory(
        first_name="Amara",
        last_name="Okafor",
        date_of_birth=date(2019, 2, 14),
        nhs_number="",
        household=HouseholdFactory(
            address=AddressFactory(line_1="12 Fore Street", postcode="N18 2AB")
        ),
    )
    return AllocationFactory(team=team, child=child).child


def test_the_same_child_is_stopped_then_business_support_merges_the_pair(
    page: Page, social_worker: User, held_elsewhere: Person
):
    sign_in(page, social_worker)
    page.goto("/people/new/")
    expect(page.get_by_role("heading", name="Create a record")).to_be_visible()
    assert_accessible(page)
    fill_the_same_child(page)
    page.get_by_role("button", name="Create record").click()

    # Stopped: the likely match shown to recognise (no link: another team holds her).
    matches = page.get_by_role("table", name="Likely matches")
    expect(matches).to_contain_text("Amara Okafor")
    expect(matches).to_contain_text("14 Feb 2019")
    expect(matches).to_contain_text("N18")
    expect(matches).to_contain_text("Held by another team")
    expect(matches.get_by_role("link")).to_have_count(0)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "These records may be the same person"
    )
    assert Person.objects.count() == 1
    assert_accessible(page)

    # Confirming a new record needs a reason: recorded on the pair, listed for review.
    page.get_by_label("If none of them is this person, say why").fill(
        "The police say this is a different girl"
    )
    page.get_by_role("button", name="Create record").click()
    expect(page.get_by_text("Record created for Amara Okafor")).to_be_visible()
    assert_accessible(page)
    pair = DuplicatePair.objects.get()
    assert pair.creation_reason == "The police say this is a different girl"

    # Business support reviews the pair and merges it, opening neither record.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, UserFactory(role=Role.BUSINESS_SUPPORT))
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Likely duplicates"
    ).click()
    expect(page.get_by_role("heading", name="1 pair waiting for review")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Review\s+pair found")).click()
    expect(page.get_by_role("heading", name="Review a likely duplicate pair")).to_be_visible()
    expect(page.get_by_text("The police say this is a different girl")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether these records are the same person"
    )
    assert_accessible(page)
    page.get_by_label("Yes: merge them into one record").check()
    page.get_by_label("The first record").check()
    page.get_by_label("Why?").fill("Same name, date of birth and address; no NHS number on either")
    page.get_by_role("button", name="Save the review").click()

    expect(page.get_by_text("Records merged")).to_be_visible()
    expect(page.get_by_role("heading", name="0 pairs waiting for review")).to_be_visible()
    assert_accessible(page)
    pair.refresh_from_db()
    assert pair.outcome == DuplicatePair.Outcome.MERGED
    assert Person.objects.current().count() == 1
    page.get_by_role("link", name="Reviewed").click()
    expect(page.get_by_role("table")).to_contain_text("Merged")
    assert_accessible(page)

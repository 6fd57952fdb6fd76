"""Private fostering in headless Chromium (issue 14, part 5): a school notifies an arrangement
already running; the first visit is due 7 working days later across the spring bank holiday; the
checks come back and a manager authorises suitability; visits fall due 6 weeks apart in the first
year (counted from when the council became aware) and 12 weeks after. axe-core finds no serious
or critical problem on any page."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role, Team
from opencsc.privatefostering.models import Arrangement, SuitabilityDecision
from tests.browser.helpers import assert_accessible, fill_date, open_record_part, sign_in, sign_out
from tests.factories import PersonFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def people(site):
    team = TeamFactory(name="Fostering team", kind=Team.Kind.FOSTERING)
    return {
        "worker": UserFactory(team=team, first_name="Faye", last_name="Worker"),
        "manager": UserFactory(
            team=team, role=Role.TEAM_MANAGER, first_name="Mina", last_name="Manager"
        ),
        "child": PersonFactory(first_name="Ade", last_name="Bello", date_of_birth=date(2012, 9, 1)),
    }


def _visit(page: Page, on: date) -> None:
    page.get_by_role("link", name="Record a visit").click()
    assert_accessible(page)
    fill_date(page, "visited_on", on)
    for label in (
        "The child was seen",
        "The child was spoken to alone",
        "The home was seen",
        "The carer was seen",
        "The household was seen",
    ):
        page.get_by_label(label).check()
    page.get_by_label("What the visit found").fill("Seen alone in his room; settled.")
    page.get_by_role("button", name="Record the visit").click()
    expect(page.get_by_text("Visit recorded")).to_be_visible()
    assert_accessible(page)


def test_a_school_notifies_an_arrangement_already_running(page: Page, people):
    sign_in(page, people["worker"])
    page.goto("/private-fostering/")
    assert_accessible(page)
    page.get_by_role("link", name="Record a notification").click()
    assert_accessible(page)
    page.locator("input[name='name']").fill("Ade Bello")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)
    page.get_by_role("link", name="Record the notification").first.click()
    assert_accessible(page)
    # Thursday 22 May 2025; Monday 26 May 2025 was the spring bank holiday.
    fill_date(page, "notified_on", date(2025, 5, 22))
    page.locator("input[name='notifier'][value='school']").check()
    fill_date(page, "starts_on", date(2025, 5, 1))
    page.get_by_label("The carer's name").fill("Grace Taiwo")
    page.get_by_label("The carers' address").fill("2 Elm Road")
    page.get_by_label("The parents, and where they live").fill("Mother and father, in Lagos")
    page.get_by_role("button", name="Record the notification").click()
    expect(page.get_by_text("Private fostering arrangement recorded")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_text("Visit overdue")).to_be_visible()
    expect(page.get_by_text("3 June 2025").first).to_be_visible()
    arrangement = Arrangement.objects.get(child=people["child"])

    _visit(page, date(2025, 6, 3))
    expect(page.get_by_text("15 July 2025").first).to_be_visible()  # six weeks

    for check in arrangement.checks.all():
        page.goto(f"/private-fostering/checks/{check.pk}/")
        assert_accessible(page)
        fill_date(page, "completed_on", date(2025, 6, 20))
        page.locator("input[name='result'][value='no_concerns']").check()
        page.get_by_role("button", name="Record the result").click()
        expect(page.get_by_text("Check result recorded")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Propose the suitability decision").click()
    assert_accessible(page)
    page.locator("input[name='outcome'][value='suitable']").check()
    page.get_by_label("Reasons").fill("A safe home; every check clear.")
    page.get_by_role("button", name="Propose the decision").click()
    expect(page.get_by_text("Decision proposed")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, people["manager"])
    page.goto("/private-fostering/")
    assert_accessible(page)
    page.get_by_role("link", name=arrangement.reference).click()
    assert_accessible(page)
    page.get_by_role("link", name="Suitable").click()
    assert_accessible(page)
    page.get_by_label("Authorise the decision").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Suitability decision authorised")).to_be_visible()
    assert_accessible(page)
    decision = SuitabilityDecision.objects.get(arrangement=arrangement)
    assert decision.status == "authorised"
    sign_out(page)

    sign_in(page, people["worker"])
    page.goto(arrangement.get_absolute_url())
    _visit(page, date(2025, 7, 15))
    expect(page.get_by_text("26 August 2025").first).to_be_visible()  # six weeks again
    # From the first anniversary of the notification: twelve weeks.
    _visit(page, date(2026, 5, 22))
    expect(page.get_by_text("14 August 2026").first).to_be_visible()
    # The child's record lists the arrangement and its next visit, on its own part.
    open_record_part(page, people["child"], "Private fostering")
    assert_accessible(page)
    expect(page.get_by_role("link", name=arrangement.reference)).to_be_visible()
    expect(page.get_by_text("14 Aug 2026")).to_be_visible()
    sign_out(page)
    sign_in(page, people["manager"])
    page.goto("/private-fostering/report/?year=2025")
    assert_accessible(page)
    expect(
        page.get_by_role("heading", name="Annual private fostering report 2025 to 2026")
    ).to_be_visible()

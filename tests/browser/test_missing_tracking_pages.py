"""Missing tracking and the missing report in headless Chromium (issue 14, parts 4 and 6): a team
manager finds a boy's return home interview overdue on the tracking list and on the alerts, opens
his missing history, and chooses a report period (an error next to the field, then the figures);
the report works with JavaScript off. axe-core finds no serious or critical problem on any page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role, Team
from opencsc.missing import services
from opencsc.missing.models import MissingEpisode
from opencsc.missing.services import EpisodeDetails
from tests.browser.helpers import (
    assert_accessible,
    assert_error_summary_links_lead_to_fields,
    open_record_part,
    sign_in,
)
from tests.factories import AllocationFactory, PersonFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def world(site):
    team = TeamFactory(name="Children in need team 1", kind=Team.Kind.CHILD_PROTECTION)
    worker = UserFactory(team=team, first_name="Wendy", last_name="Worker")
    manager = UserFactory(team=team, role=Role.TEAM_MANAGER, first_name="Mo", last_name="Manager")
    boy = PersonFactory(first_name="Ben", last_name="Okafor")
    AllocationFactory(child=boy, team=team, worker=worker)
    seen = timezone.now() - timedelta(days=4)
    episode = services.record_episode(
        details=EpisodeDetails(
            reported_at=seen + timedelta(hours=1),
            reported_by="Mother",
            absence="missing",
            police_risk="medium",
            missing_from="home",
            missing_since=seen,
        ),
        child=boy,
        by=worker,
    )
    services.record_return(
        episode=episode, returned_at=seen + timedelta(hours=3), found_where="Park", by=worker
    )
    return {"manager": manager, "boy": boy, "episode": episode}


def test_a_manager_tracks_an_overdue_interview_and_reports(page: Page, world):
    episode: MissingEpisode = world["episode"]
    sign_in(page, world["manager"])

    page.get_by_role("link", name="Missing tracking").click()
    expect(page.get_by_role("heading", name="Missing now")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Interviews overdue (1)").click()
    row = page.get_by_role("row").filter(has_text=episode.reference)
    expect(row).to_contain_text("Ben Okafor")
    expect(row).to_contain_text("Wendy Worker")
    expect(row).to_contain_text("Overdue")
    assert_accessible(page)

    page.get_by_role("link", name="Alerts").first.click()
    expect(page.get_by_text("Return home interview overdue").last).to_be_visible()
    assert_accessible(page)

    open_record_part(page, world["boy"], "Missing and exploitation")
    page.get_by_role("link", name="Every missing episode of Ben Okafor").click()
    expect(page.get_by_role("heading", name="Missing history")).to_be_visible()
    expect(page.get_by_text(episode.reference)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Missing report").first.click()
    expect(page.get_by_role("heading", name="Missing children report")).to_be_visible()
    assert_accessible(page)
    page.locator("input[name='date_from_day']").fill("31")
    page.locator("input[name='date_from_month']").fill("13")
    page.get_by_role("button", name="Show the figures").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_error_summary_links_lead_to_fields(page)
    assert_accessible(page)


def test_the_report_works_without_javascript(page_without_javascript: Page, world):
    page = page_without_javascript
    sign_in(page, world["manager"])
    today = timezone.localdate()
    start = today - timedelta(days=30)

    page.goto("/missing/report/")
    page.locator("input[name='date_from_day']").fill(str(start.day))
    page.locator("input[name='date_from_month']").fill(str(start.month))
    page.locator("input[name='date_from_year']").fill(str(start.year))
    page.locator("input[name='date_to_day']").fill(str(today.day))
    page.locator("input[name='date_to_month']").fill(str(today.month))
    page.locator("input[name='date_to_year']").fill(str(today.year))
    page.get_by_role("button", name="Show the figures").click()

    table = page.get_by_role("table").first
    expect(table.get_by_role("row").filter(has_text="Missing episodes")).to_contain_text("1")
    expect(page.get_by_role("link", name="Download these figures (CSV)")).to_be_visible()
    assert_accessible(page)

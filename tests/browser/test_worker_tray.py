"""The worker's tray and the manager's team tray in headless Chromium (issue 12, part 6): a
directed action goes overdue and appears on the worker's tray and in the manager's alerts; a
returned assessment appears with the manager's comment; a new allocation is marked as read;
axe-core finds no serious or critical problem on any of the pages."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role, Team
from opencsc.assessments.services import return_assessment
from opencsc.casework.models import DirectionAction
from opencsc.timescales import calendar, rules
from opencsc.timescales import services as timescales
from tests.browser.helpers import assert_accessible, sign_in, sign_out
from tests.casework.factories import AssessmentFactory
from tests.factories import (
    AllocationFactory,
    PersonFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

ACTION = "Convene the strategy discussion with the police today"


@pytest.fixture
def team(site):
    team = TeamFactory(name="Assessment team 1", kind=Team.Kind.ASSESSMENT)
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=team, first_name="Nia", last_name="Bell")
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team, first_name="Mo", last_name="Ahmed")
    today = timezone.localdate()
    # A directed action set three working days ago for the same day: overdue since.
    set_on = calendar.subtract_working_days(today, 3)
    amara = PersonFactory(first_name="Amara", last_name="Okafor")
    allocation = AllocationFactory(
        team=team,
        worker=worker,
        allocated_by=manager,
        started_on=set_on - timedelta(days=7),
        child=amara,
        referral=ReferralFactory(child=amara, referred_on=set_on - timedelta(days=7)),
    )
    action = DirectionAction.objects.create(
        allocation=allocation, action=ACTION, assignee=worker, due_on=set_on
    )
    timescales.open_due_item(
        rules.DIRECTED_ACTION,
        child=allocation.child,
        record=action,
        start=set_on,
        owner=worker,
        team=team,
        summary="Action a manager directed",
    )
    # An assessment the worker sent, returned by the manager with a comment.
    assessment = AssessmentFactory(
        proposed=True, worker=worker, child=PersonFactory(first_name="Tobi", last_name="Okafor")
    )
    AllocationFactory(child=assessment.child, team=team, worker=worker)
    return_assessment(
        assessment=assessment, comment="Add the father's views before I can agree.", by=manager
    )
    # A case newly allocated to the worker.
    fresh = AllocationFactory(
        team=team,
        worker=worker,
        allocated_by=manager,
        started_on=today,
        child=PersonFactory(first_name="Lily", last_name="Shaw"),
    )
    timescales.open_due_item(
        rules.NEW_ALLOCATION,
        child=fresh.child,
        record=fresh,
        start=today,
        owner=worker,
        team=team,
        summary="Case allocated to you",
    )
    late = calendar.working_days_between(set_on, today)
    return {"worker": worker, "manager": manager, "late": late}


def test_the_worker_sees_the_overdue_action_and_the_returned_assessment(page: Page, team):
    sign_in(page, team["worker"])

    page.get_by_role("link", name="Your tray (3)").first.click()

    expect(page.get_by_role("heading", name="Your tray")).to_be_visible()
    overdue = page.locator("h2:has-text('Overdue') + .opencsc-table-scroll table")
    expect(overdue).to_contain_text(ACTION)
    expect(overdue).to_contain_text("Mo Ahmed")
    expect(overdue).to_contain_text(f"{team['late']} working days late")
    returned = page.locator(
        "h2:has-text('Returned to you by a manager') + .opencsc-table-scroll table"
    )
    expect(returned).to_contain_text("Add the father's views before I can agree.")
    assert_accessible(page)

    page.get_by_role("button", name=re.compile("Mark as read.*Lily Shaw")).click()

    expect(page.get_by_text("Marked as read: Case allocated to you")).to_be_visible()
    expect(page.get_by_role("link", name="Your tray (2)").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=ACTION).click()

    # The directed action's own page, where the worker records what was done.
    expect(page).to_have_url(re.compile(r"/directed-actions/\d+/done/$"))
    expect(page.get_by_role("button", name="Record as done")).to_be_visible()
    assert_accessible(page)


def test_the_manager_sees_the_overdue_action_in_alerts_and_the_team_tray(page: Page, team):
    sign_in(page, team["manager"])

    page.goto("/alerts/")

    expect(page.get_by_role("table")).to_contain_text("Directed action overdue")
    assert_accessible(page)

    page.get_by_role("link", name="Team tray").first.click()

    expect(page.get_by_role("heading", name="Team tray")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Directed action overdue")
    expect(page.get_by_role("table")).to_contain_text("Amara Okafor")
    assert_accessible(page)
    sign_out(page)

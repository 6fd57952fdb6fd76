"""The pathway's everyday pages with the keyboard alone and with JavaScript off: a team manager
acknowledges an alert by keyboard, and a worker records a strategy discussion (its attendee rows
need no script) with JavaScript turned off."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role, Team
from opencsc.protection.models import StrategyDiscussion
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.workforce.models import AlertAcknowledgement
from tests.browser.helpers import (
    MESSAGE_BANNER,
    PASSWORD,
    assert_accessible,
    sign_in_by_keyboard,
    tab_to,
)
from tests.casework.factories import ProtectionPlanFactory
from tests.factories import (
    AllocationFactory,
    PersonFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def team_case(site):
    team = TeamFactory(name="Child protection team 1", kind=Team.Kind.CHILD_PROTECTION)
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=team, first_name="Di", last_name="Rowe")
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team, first_name="Cy", last_name="Park")
    child = PersonFactory(first_name="Jayden", last_name="Brooks", date_of_birth=date(2015, 3, 9))
    referred = timezone.localdate() - timedelta(days=60)
    referral = ReferralFactory(child=child, referred_on=referred)
    AllocationFactory(child=child, team=team, worker=worker, started_on=referred, referral=referral)
    return {
        "team": team,
        "worker": worker,
        "manager": manager,
        "child": child,
        "referral": referral,
    }


def test_a_team_manager_acknowledges_an_overdue_visit_with_the_keyboard_alone(
    page: Page, team_case
):
    plan = ProtectionPlanFactory(
        referral=team_case["referral"], started_on=timezone.localdate() - timedelta(days=40)
    )
    timescales.open_due_item(
        rules.CP_VISIT,
        child=team_case["child"],
        record=plan,
        start=timezone.localdate() - timedelta(days=30),
        team=team_case["team"],
        owner=team_case["worker"],
        summary="Child protection visit: Jayden Brooks",
    )
    sign_in_by_keyboard(page, team_case["manager"])

    tab_to(page, "a[href='/alerts/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Alerts", level=1)).to_be_visible()
    assert_accessible(page)
    tab_to(page, "a[href$='/acknowledge/']")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Your note")).to_be_visible()
    assert_accessible(page)
    tab_to(page, "#id_note")
    page.keyboard.type("Spoke to Di: visit booked for tomorrow, weekly checks until back on track.")
    tab_to(page, "button[type=submit].govuk-button")
    page.keyboard.press("Enter")

    expect(page.locator(MESSAGE_BANNER)).to_be_visible()
    assert_accessible(page)
    acknowledgement = AlertAcknowledgement.objects.get()
    assert acknowledgement.acknowledged_by == team_case["manager"]
    assert acknowledgement.note.startswith("Spoke to Di")


def test_a_strategy_discussion_is_recorded_with_javascript_off(
    page_without_javascript: Page, team_case
):
    page = page_without_javascript
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(team_case["worker"].username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/episodes/{team_case['referral'].pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Record a strategy discussion", exact=True).click()
    assert_accessible(page)
    held = timezone.localdate() - timedelta(days=1)
    page.locator("input[name='kind'][value='discussion']").check()
    page.locator("input[name='held_on_day']").fill(str(held.day))
    page.locator("input[name='held_on_month']").fill(str(held.month))
    page.locator("input[name='held_on_year']").fill(str(held.year))
    page.get_by_label("Time held").fill("15:30")
    page.get_by_label("Information shared").fill("Police: a neighbour reported screaming.")
    page.locator("#id_agency_1").select_option(value="police")
    page.locator("#id_name_1").fill("DS Amy Clark")
    page.locator("#id_role_1").fill("Child abuse investigation team")
    page.locator("input[name='harm_alleged'][value='no']").check()
    page.locator("input[name='start_section_47'][value='no']").check()
    page.get_by_label("Why?").fill("No allegation of harm; a child in need assessment continues.")
    page.get_by_role("button", name="Save the strategy discussion").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Strategy discussion")
    assert_accessible(page)
    discussion = StrategyDiscussion.objects.get()
    assert timezone.localtime(discussion.held_at).replace(tzinfo=None) == datetime.combine(
        held, time(15, 30)
    )
    assert discussion.attendees.get().agency == "police"

"""A worker's "not substantiated" waits for the manager (issue 13, part 4), in headless Chromium:
the worker completes the section 47 enquiry as not substantiated and the enquiry stays open with
its initial conference still due; the manager finds it first on the team tray and authorises it,
and only then does the enquiry end. axe-core finds no serious or critical problem on any page."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role, Team
from opencsc.protection import services
from opencsc.protection.models import Section47Enquiry
from opencsc.timescales import calendar
from opencsc.timescales.models import DueItem
from tests.browser.helpers import assert_accessible, fill_date, sign_in, sign_out
from tests.factories import (
    AllocationFactory,
    PersonFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def enquiry(site) -> dict:
    team = TeamFactory(name="Child protection 1", kind=Team.Kind.CHILD_PROTECTION)
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=team, first_name="Nia", last_name="Bell")
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team, first_name="Mo", last_name="Ahmed")
    today = timezone.localdate()
    held_on = calendar.subtract_working_days(today, 6)
    child = PersonFactory(first_name="Amara", last_name="Okafor")
    referral = ReferralFactory(child=child, referred_on=held_on - timedelta(days=14))
    AllocationFactory(
        child=child, team=team, worker=worker, started_on=referral.referred_on, referral=referral
    )
    discussion = services.record_strategy_discussion(
        referral=referral,
        details=services.StrategyDetails(
            held_at=timezone.make_aware(datetime.combine(held_on, time(10))),
            kind="discussion",
            information_shared="School saw bruising to Amara's arm.",
            harm_alleged=False,
            start_section_47=True,
            decision_reason="Reasonable cause to suspect significant harm.",
        ),
        attendees=[services.Attendee("police", "DC Sam Hart", "Detective constable")],
        by=worker,
    )
    return {"worker": worker, "manager": manager, "enquiry": discussion.enquiry, "today": today}


def test_a_workers_not_substantiated_waits_for_the_manager(page: Page, enquiry):
    record: Section47Enquiry = enquiry["enquiry"]
    sign_in(page, enquiry["worker"])
    page.goto(record.get_absolute_url())
    page.get_by_role("link", name="Complete the enquiry").click()
    assert_accessible(page)

    fill_date(page, "completed_on", enquiry["today"] - timedelta(days=1))
    page.locator("input[name='outcome'][value='not_substantiated']").check()
    page.get_by_label("Reasons for the outcome").fill("The bruise came from a fall at football.")
    page.get_by_role("button", name="Complete the enquiry").click()

    expect(page.get_by_text("The outcome waits for a manager's authorisation")).to_be_visible()
    expect(page.get_by_text("Waiting for a manager").first).to_be_visible()
    expect(page.get_by_role("link", name="Complete the enquiry")).to_have_count(0)
    assert_accessible(page)
    record.refresh_from_db()
    assert record.completed_on is None
    assert DueItem.objects.get(rule="icpc", record_id=record.pk).closed_at is None
    sign_out(page)

    sign_in(page, enquiry["manager"])
    page.get_by_role("link", name="Team tray").first.click()
    tray = page.get_by_role("table")
    expect(tray).to_contain_text("Child protection decision to authorise")
    expect(tray).to_contain_text("Amara Okafor")
    assert_accessible(page)
    page.get_by_role("link", name="Child protection decision to authorise").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Section 47 outcome")
    expect(page.get_by_text("The bruise came from a fall at football.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Authorise the decision").check()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Outcome authorised")).to_be_visible()
    assert_accessible(page)
    record.refresh_from_db()
    assert (record.outcome, record.conference_not_required) == ("not_substantiated", True)
    assert DueItem.objects.get(rule="icpc", record_id=record.pk).closed_by == enquiry["manager"]

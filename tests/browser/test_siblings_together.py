"""Siblings together (issue 13): a protection plan for a sister and brother is made once, at one
initial conference recorded for both, each with their own category of abuse; later the brother's
plan ends at his review while his sister's continues.

Every page on the way is checked with axe-core (WCAG 2.2 AA: serious and critical problems fail).
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role, Team, User
from opencsc.people.models import Person
from opencsc.protection.models import ProtectionPlan, Section47Enquiry
from opencsc.protection.services import Attendee, StrategyDetails
from opencsc.protection.services import siblings as together
from opencsc.protection.services.siblings import SiblingOutcome, sibling_field
from tests.browser.helpers import assert_accessible, sign_in
from tests.browser.test_pathway_journey import fill_conference_record
from tests.factories import (
    AllocationFactory,
    HouseholdFactory,
    PersonFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


def today() -> date:
    return timezone.localdate()


def weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


@dataclass
class Family:
    worker: User
    amara: Section47Enquiry
    tobi: Section47Enquiry


@pytest.fixture
def family(site) -> Family:
    """Amara and her brother Tobi, one household, both held by a child protection team, each in
    a section 47 enquiry started by one strategy discussion about them both."""
    team = TeamFactory(name="Child protection 1", kind=Team.Kind.CHILD_PROTECTION)
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=team, first_name="Nia", last_name="Bell")
    household = HouseholdFactory()
    referred = today() - timedelta(days=60)
    episodes = []
    for first_name, born in (("Amara", date(2016, 2, 14)), ("Tobi", date(2019, 7, 1))):
        child = PersonFactory(
            first_name=first_name, last_name="Okafor", household=household, date_of_birth=born
        )
        referral = ReferralFactory(child=child, referred_on=referred)
        AllocationFactory(
            child=child, team=team, worker=worker, started_on=referred, referral=referral
        )
        episodes.append(referral)
    held = timezone.now() - timedelta(days=30)
    first, second = together.record_strategy_discussion_together(
        referral=episodes[0],
        details=StrategyDetails(
            held_at=held,
            kind="discussion",
            information_shared="School saw bruising on both children; police hold a report.",
            harm_alleged=False,
            start_section_47=True,
            decision_reason="Reasonable cause to suspect both children suffer significant harm.",
        ),
        attendees=[
            Attendee("police", "DC Sam Reid", "Detective constable"),
            Attendee("social_care", "Nia Bell", "Social worker"),
        ],
        siblings={episodes[1]: SiblingOutcome()},
        by=worker,
    )
    return Family(worker=worker, amara=first.enquiry, tobi=second.enquiry)


def fill_date(page: Page, name: str, day: date) -> None:
    page.locator(f"input[name='{name}_day']").fill(str(day.day))
    page.locator(f"input[name='{name}_month']").fill(str(day.month))
    page.locator(f"input[name='{name}_year']").fill(str(day.year))


def test_a_plan_for_two_siblings_is_made_once_and_one_ends_while_the_other_continues(
    page: Page, family: Family
) -> None:
    conference_on = weekday_on_or_before(today() - timedelta(days=20))
    review_on = weekday_on_or_before(today() - timedelta(days=5))
    tobi = family.tobi.pk
    sign_in(page, family.worker)

    page.goto(f"/protection/enquiries/{family.amara.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Record the initial conference", exact=True).click()
    assert_accessible(page)
    fill_date(page, "held_on", conference_on)
    page.get_by_label("Chair").fill("Ruth Moss, independent chair")
    page.locator("input[name='outcome'][value='plan']").check()
    page.get_by_label("Category of abuse (if there is a plan)").select_option(value="PHY")
    page.get_by_label("Summary of the conference").fill(
        "Physical abuse of Amara by her father; Tobi is emotionally harmed by what he sees."
    )
    fill_conference_record(page)
    page.get_by_label("Tobi Okafor too").check()
    # Tobi's category left out first: refused next to his field, nothing saved.
    page.locator(f"#id_{sibling_field('outcome', tobi)}").select_option(value="plan")
    page.get_by_role("button", name="Save the conference").click()
    expect(page.locator(f"#id_{sibling_field('category', tobi)}-error")).to_contain_text(
        "Select the category of abuse Tobi Okafor's plan is under"
    )
    assert_accessible(page)
    assert not ProtectionPlan.objects.exists()
    page.locator(f"#id_{sibling_field('category', tobi)}").select_option(value="EMO")
    page.get_by_role("button", name="Save the conference").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Child protection plan")
    assert_accessible(page)

    plans = {plan.child.first_name: plan for plan in ProtectionPlan.objects.select_related("child")}
    assert (plans["Amara"].initial_category, plans["Tobi"].initial_category) == ("PHY", "EMO")
    assert plans["Amara"].started_on == plans["Tobi"].started_on == conference_on

    page.goto(f"/protection/plans/{plans['Tobi'].pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Record a review conference", exact=True).click()
    assert_accessible(page)
    fill_date(page, "held_on", review_on)
    page.get_by_label("Chair").fill("Ruth Moss, independent chair")
    page.locator("input[name='outcome'][value='end']").check()
    page.locator("input[name='end_reason'][value='no_longer_at_risk']").check()
    page.get_by_label("Summary of the conference").fill(
        "Father has left; Tobi is no longer at risk. Amara's plan is reviewed on its own."
    )
    fill_conference_record(page)
    page.get_by_role("button", name="Save the conference").click()
    assert_accessible(page)

    for plan in plans.values():
        plan.refresh_from_db()
    assert (plans["Tobi"].ended_on, plans["Amara"].ended_on) == (review_on, None)
    page.goto(f"/protection/plans/{plans['Amara'].pk}/")
    expect(page.get_by_role("link", name="Record a review conference", exact=True)).to_be_visible()
    assert_accessible(page)
    assert Person.objects.filter(protection_plans__ended_on=None).get().first_name == "Amara"

"""The record's banner and warnings (issue 12, part 4): a social worker sets a warning on the man
living with a child on a child protection plan; every page about the child then opens with her
plan, who holds her case and the warning; the worker reviews it, then ends it, and its history
stays. Every page on the way is checked with axe-core (WCAG 2.2 AA: serious and critical fail).
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role, Team, User
from opencsc.people.models import Person, PersonWarning
from tests.browser.helpers import MESSAGE_BANNER, assert_accessible, screenshot, sign_in
from tests.casework.factories import AssessmentFactory, ProtectionPlanFactory
from tests.factories import (
    AllocationFactory,
    HouseholdFactory,
    PersonFactory,
    ReferralFactory,
    RelationshipFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

RECORD_BANNER = ".opencsc-record-banner"


@dataclass
class Family:
    worker: User
    child: Person
    man: Person
    pages: dict[str, str]


@pytest.fixture
def family(site) -> Family:
    team = TeamFactory(name="Child protection team 1", kind=Team.Kind.CHILD_PROTECTION)
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=team, first_name="Nia", last_name="Bell")
    household = HouseholdFactory()
    child = PersonFactory(first_name="Amara", last_name="Okafor", household=household)
    referral = ReferralFactory(child=child, referred_on=timezone.localdate() - timedelta(days=60))
    AllocationFactory(
        child=child, team=team, worker=worker, referral=referral, started_on=referral.referred_on
    )
    plan = ProtectionPlanFactory(
        referral=referral,
        child=child,
        started_on=referral.referred_on + timedelta(days=20),
        initial_category="PHY",
        latest_category="PHY",
    )
    assessment = AssessmentFactory(
        referral=referral, child=child, worker=worker, started_on=referral.referred_on
    )
    man = PersonFactory(adult=True, first_name="Dennis", last_name="Crowe", household=household)
    RelationshipFactory(from_person=man, to_person=child, kind="carer", description="stepfather")
    return Family(
        worker=worker,
        child=child,
        man=man,
        pages={
            "record": f"/people/{child.pk}/",
            "episode": f"/episodes/{referral.pk}/",
            "assessment": f"/assessments/{assessment.pk}/",
            "protection plan": f"/protection/plans/{plan.pk}/",
        },
    )


def fill_date(page: Page, name: str, day: date) -> None:
    page.locator(f"input[name='{name}_day']").fill(str(day.day))
    page.locator(f"input[name='{name}_month']").fill(str(day.month))
    page.locator(f"input[name='{name}_year']").fill(str(day.year))


def set_the_warning(page: Page, family: Family, review_on: date) -> None:
    page.goto(f"/people/{family.man.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dennis Crowe")
    page.get_by_role("link", name="Warnings: see, set, review or end them").click()
    expect(page.get_by_text("No warnings recorded.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Set a warning").click()
    expect(page.get_by_role("heading", name="Set a warning")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Set the warning").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what kind of warning")
    assert_accessible(page)

    page.get_by_label("Alleged perpetrator in the household").check()
    page.get_by_label("Details").fill("Named in the safety plan; not to be alone with Amara.")
    fill_date(page, "review_on", review_on)
    page.get_by_role("button", name="Set the warning").click()
    expect(page.locator(MESSAGE_BANNER)).to_contain_text("Warning set")
    assert_accessible(page)
    screenshot(page, "warnings-of-an-adult")


def test_a_warning_on_the_man_in_the_household_opens_every_page_about_the_child(
    page: Page, family: Family
) -> None:
    review_on = timezone.localdate() + timedelta(days=90)
    sign_in(page, family.worker)

    set_the_warning(page, family, review_on)

    for name, url in family.pages.items():
        page.goto(url)
        banner = page.locator(RECORD_BANNER)
        expect(banner, name).to_contain_text("Child protection plan: physical abuse")
        expect(banner, name).to_contain_text(
            "held by Child protection team 1, social worker Nia Bell"
        )
        expect(banner, name).to_contain_text("Alleged perpetrator in the household")
        expect(banner, name).to_contain_text("on Dennis Crowe, an adult in the household")
        expect(banner, name).to_contain_text(f"review by {review_on:%-d %B %Y}")
        expect(banner.get_by_role("heading", level=2)).to_have_count(1)
        assert_accessible(page)
    screenshot(page, "banner-on-the-protection-plan")


def test_the_worker_reviews_then_ends_the_warning_and_its_history_stays(
    page: Page, family: Family
) -> None:
    sign_in(page, family.worker)
    set_the_warning(page, family, timezone.localdate() + timedelta(days=30))

    page.get_by_role(
        "link", name="Review the warning: Alleged perpetrator in the household"
    ).click()
    assert_accessible(page)
    fill_date(page, "next_review_on", timezone.localdate() + timedelta(days=120))
    page.get_by_label("Why the warning stays").fill("Still visiting the home at weekends.")
    page.get_by_role("button", name="Keep the warning").click()
    expect(page.locator(MESSAGE_BANNER)).to_contain_text("Warning reviewed")
    expect(page.get_by_text("Still visiting the home at weekends.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="End the warning: Alleged perpetrator").click()
    assert_accessible(page)
    page.get_by_label("Why the warning ends").fill("Moved to another borough; police confirmed.")
    page.get_by_role("button", name="End the warning").click()
    expect(page.get_by_role("heading", name="Alleged perpetrator in the household (ended)"))
    assert_accessible(page)

    page.goto(family.pages["record"])
    expect(page.locator(RECORD_BANNER)).not_to_contain_text("Alleged perpetrator")
    expect(page.locator(RECORD_BANNER)).to_contain_text("Child protection plan: physical abuse")
    warning = PersonWarning.objects.get()
    assert (warning.ended_by, warning.reviews.count()) == (family.worker, 1)

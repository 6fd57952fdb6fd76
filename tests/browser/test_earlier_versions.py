"""Earlier versions in the browser (axe-core on every page): a child protection plan's earlier
versions reached from the plan, a child found by the name she had before, and a draft case note
whose children are changed."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role, Team
from opencsc.people import services as people_services
from opencsc.people.models import Relationship
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import (
    AllocationFactory,
    HouseholdFactory,
    PersonFactory,
    ReferralFactory,
    RelationshipFactory,
    TeamFactory,
    UserFactory,
)
from tests.protection.fixtures import plan
from tests.protection.test_plan_content import _write

pytestmark = pytest.mark.browser


@pytest.fixture
def case(site):
    team = TeamFactory(name="Child protection north", kind=Team.Kind.CHILD_PROTECTION)
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=team, first_name="Ola", last_name="Reed")
    household = HouseholdFactory()
    child = PersonFactory(
        first_name="Ava", last_name="Kowalski", date_of_birth=date(2016, 4, 9), household=household
    )
    brother = PersonFactory(
        first_name="Max", last_name="Kowalski", date_of_birth=date(2018, 2, 1), household=household
    )
    RelationshipFactory(from_person=child, to_person=brother, kind=Relationship.Kind.SIBLING)
    referral = ReferralFactory(child=child, referred_on=date(2025, 6, 2))
    AllocationFactory(
        child=child, team=team, worker=worker, started_on=date(2025, 6, 2), referral=referral
    )
    AllocationFactory(child=brother, team=team, worker=worker, started_on=date(2025, 6, 2))
    return {"worker": worker, "child": child, "brother": brother, "referral": referral}


def test_a_plans_earlier_versions_open_from_the_plan(page: Page, case):
    made = plan(
        case["referral"],
        case["worker"],
        discussed_on=date(2026, 11, 16),
        conference_on=date(2026, 11, 19),
    )
    _write(made, case["worker"])
    _write(
        made,
        case["worker"],
        contingency="If Ava is hurt again, a strategy discussion is held that day.",
    )
    sign_in(page, case["worker"])

    page.goto(f"/protection/plans/{made.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Earlier versions of this plan").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Earlier versions")
    expect(page.get_by_text("held that day.")).to_be_visible()
    assert_accessible(page)


def test_a_child_found_by_her_earlier_name_and_a_draft_note_moved_to_her_brother(page: Page, case):
    people_services.change_person_details(
        person=case["child"],
        changes={"last_name": "Brennan"},
        reason="Deed poll",
        by=case["worker"],
    )
    sign_in(page, case["worker"])

    page.goto("/people/?name=Ava+Kowalski")
    expect(page.get_by_text("Known before as Ava Kowalski")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/people/{case['child'].pk}/notes/new/")
    page.get_by_label("Ava Brennan", exact=False).check()
    page.get_by_label("Home visit").check()
    yesterday = timezone.localdate() - timedelta(days=1)
    for part, value in (
        ("day", yesterday.day),
        ("month", yesterday.month),
        ("year", yesterday.year),
    ):
        page.locator(f"input[name=happened_on_{part}]").fill(str(value))
    page.get_by_label("Time it happened").fill("10:30")
    page.get_by_label("What happened").fill("Saw Ava at home with her brother.")
    page.get_by_role("button", name="Save as a draft").click()
    page.get_by_role("link", name="Change the draft").click()
    assert_accessible(page)
    page.get_by_label("Max Kowalski").check()
    page.get_by_role("button", name="Save the draft").click()

    expect(page.get_by_text("Max Kowalski")).to_be_visible()
    assert_accessible(page)

"""Allocation with direction by the keyboard alone, with JavaScript off: a head of service, who
manages every team, chooses the team first ("Show this team's staff"), then a worker and an
action's owner among that team's staff only. Every page passes axe-core."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role, Team
from opencsc.casework.models import Allocation
from tests.browser.helpers import assert_accessible, sign_in_by_keyboard, tab_to
from tests.factories import PersonFactory, ReferralFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def borough(site):
    assessment = TeamFactory(name="Assessment team 1", kind=Team.Kind.ASSESSMENT)
    protection = TeamFactory(name="Child protection team 1", kind=Team.Kind.CHILD_PROTECTION)
    UserFactory(role=Role.SOCIAL_WORKER, team=assessment, first_name="Ann", last_name="Ash")
    rowe = UserFactory(role=Role.SOCIAL_WORKER, team=protection, first_name="Di", last_name="Rowe")
    head = UserFactory(role=Role.HEAD_OF_SERVICE, first_name="Hal", last_name="Stone")
    child = PersonFactory(first_name="Jayden", last_name="Brooks", date_of_birth=date(2015, 3, 9))
    referral = ReferralFactory(child=child, referred_on=timezone.localdate() - timedelta(days=2))
    return {"protection": protection, "rowe": rowe, "head": head, "referral": referral}


def _choose(page: Page, select: str, text: str) -> None:
    """Tab to a select and choose an option by typing the start of its text."""
    tab_to(page, select)
    page.keyboard.type(text)


def test_a_head_of_service_allocates_by_keyboard_choosing_the_team_first(
    page_without_javascript: Page, borough
):
    page = page_without_javascript
    sign_in_by_keyboard(page, borough["head"])
    page.goto(f"/episodes/{borough['referral'].pk}/allocate/")
    assert_accessible(page)
    # No team chosen yet: no team's staff listed.
    expect(page.locator("#id_worker option", has_text="Di Rowe")).to_have_count(0)

    tab_to(page, "#id_direction")
    page.keyboard.type("Jayden told school he is scared to go home. See him alone this week.")
    _choose(page, "#id_team", "Child")
    tab_to(page, "button[name=show_staff]")
    page.keyboard.press("Enter")

    expect(page.locator("#id_worker option", has_text="Di Rowe")).to_have_count(1)
    expect(page.locator("#id_worker option", has_text="Ann Ash")).to_have_count(0)
    expect(page.locator("#id_direction")).to_have_value(
        "Jayden told school he is scared to go home. See him alone this week."
    )
    assert_accessible(page)
    _choose(page, "#id_worker", "Di")
    tab_to(page, "#id_action_1")
    page.keyboard.type("See Jayden alone at school")
    _choose(page, "#id_assignee_1", "Di")
    due = timezone.localdate() + timedelta(days=3)
    for part, value in (("day", due.day), ("month", due.month), ("year", due.year)):
        tab_to(page, f"input[name='due_on_1_{part}']")
        page.keyboard.type(str(value))
    tab_to(page, "button[type=submit]:not([name])")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Episode referred")
    assert_accessible(page)
    allocation = Allocation.objects.get(referral=borough["referral"])
    assert (allocation.team, allocation.worker) == (borough["protection"], borough["rowe"])
    assert allocation.actions.get().assignee == borough["rowe"]

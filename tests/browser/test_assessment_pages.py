"""The assessment and disability pages in headless Chromium: axe-core finds no serious or critical
problem, errors link to their fields, and "No factors identified" / "No disability" clear the other
boxes (and are cleared by them), as the GOV.UK "or" divider promises."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role, Team
from opencsc.assessments.models import Assessment
from tests.assessments.conftest import refer
from tests.browser.helpers import (
    assert_accessible,
    assert_error_summary_links_lead_to_fields,
    sign_in,
)
from tests.factories import (
    HouseholdFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


def _working_day_before(days: int) -> date:
    day = timezone.localdate() - timedelta(days=days)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


@pytest.fixture
def family(site):
    team = TeamFactory(name="Assessment team 1", kind=Team.Kind.ASSESSMENT)
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=team, first_name="Nia", last_name="Bell")
    household = HouseholdFactory()
    on = _working_day_before(14)
    amara, tobi = (
        PersonFactory(first_name=name, last_name="Okafor", household=household)
        for name in ("Amara", "Tobi")
    )
    return {
        "worker": worker,
        "team": team,
        "amara": refer(amara, on=on, team=team, worker=worker),
        "tobi": refer(tobi, on=on, team=team, worker=worker),
    }


def _boxes(tab: Page, name: str, *values: str) -> list[bool]:
    return [tab.locator(f"input[name='{name}'][value='{value}']").is_checked() for value in values]


def test_a_worker_starts_and_records_an_assessment_for_two_siblings(
    page: Page,
    family,
):
    sign_in(page, family["worker"])
    page.goto(f"/assessments/start/{family['amara'].pk}/")
    assert_accessible(page)
    page.get_by_label("Tobi Okafor").check()
    page.get_by_role("button", name="Start the assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Child and family assessment")
    expect(page.get_by_text("Tobi Okafor (in progress)")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record the assessment").click()
    assert_accessible(page)
    page.locator("input[name='factors'][value='3B']").check()
    page.locator("input[name='factors'][value='21']").check()
    assert _boxes(page, "factors", "3B", "21") == [False, True]
    page.locator("input[name='factors'][value='4B']").check()
    assert _boxes(page, "factors", "4B", "21") == [True, False]
    page.locator("#id_seen_on_0").fill("31")
    page.locator("#id_seen_on_1").fill("2")
    page.locator("#id_seen_on_2").fill("2026")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    assert_accessible(page)
    assert_error_summary_links_lead_to_fields(page)

    page.locator("#id_seen_on_0").fill("")
    page.locator("#id_seen_on_1").fill("")
    page.locator("#id_seen_on_2").fill("")
    page.get_by_label("Family history").fill("Police called twice this year.")
    page.get_by_role("button", name="Save and check before sending").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the assessment before sending it"
    )
    assert_accessible(page)
    tobi = Assessment.objects.get(child=family["tobi"].child)
    assert tobi.family.family_history == "Police called twice this year."


def test_a_worker_records_a_childs_disabilities(page: Page, family):
    child = family["amara"].child
    sign_in(page, family["worker"])
    page.goto(f"/people/{child.pk}/disabilities/")
    assert_accessible(page)

    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("No disability")
    assert_accessible(page)
    assert_error_summary_links_lead_to_fields(page)
    page.get_by_label("Autism").check()
    page.get_by_label("No disability").check()
    assert _boxes(page, "codes", "AUT", "NONE") == [False, True]
    page.get_by_label("Hearing").check()
    assert _boxes(page, "codes", "HEAR", "NONE") == [True, False]
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Disabilities updated")).to_be_visible()
    assert list(child.disabilities.values_list("code", flat=True)) == ["HEAR"]
    assert_accessible(page)

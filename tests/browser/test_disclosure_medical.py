"""Disclosures carried through (issue 13, part 3), as a practitioner meets them: a girl's disclosure
on her contact arrives pre-set on her strategy discussion, and answering No needs a reason; a
medical decided "needed" stays overdue on the manager's alerts until the worker records it.

Every page on the way is checked with axe-core (WCAG 2.2 AA: serious and critical problems fail).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role, Team, User
from opencsc.casework.models import Referral
from opencsc.protection import services as protection
from opencsc.protection.models import ProtectionMedical, StrategyDiscussion
from tests.browser.helpers import MESSAGE_BANNER, assert_accessible, sign_in, sign_out
from tests.factories import (
    AllocationFactory,
    ContactFactory,
    PersonFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@dataclass
class Girl:
    """A girl whose contact recorded her disclosure, her episode and the team holding it."""

    team: Team
    manager: User
    worker: User
    referral: Referral


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def girl(site) -> Girl:
    team = TeamFactory(name="Child protection north", kind=Team.Kind.CHILD_PROTECTION)
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team, first_name="Mo", last_name="Ahmed")
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=team, first_name="Nia", last_name="Bell")
    child = PersonFactory(first_name="Layla", last_name="Hussain", sex="F")
    contact = ContactFactory(
        disclosure="sexual",
        disclosure_details="Layla told her teacher her mother's partner touched her at night.",
    )
    referred_on = today() - timedelta(days=30)
    referral = ReferralFactory(child=child, contact=contact, referred_on=referred_on)
    AllocationFactory(
        child=child, team=team, worker=worker, started_on=referred_on, referral=referral
    )
    return Girl(team=team, manager=manager, worker=worker, referral=referral)


def fill_date(page: Page, name: str, day: date) -> None:
    page.locator(f"input[name='{name}_day']").fill(str(day.day))
    page.locator(f"input[name='{name}_month']").fill(str(day.month))
    page.locator(f"input[name='{name}_year']").fill(str(day.year))


def choose(page: Page, name: str, value: str) -> None:
    page.locator(f"input[name='{name}'][value='{value}']").check()


def test_a_girls_disclosure_arrives_pre_set_on_her_strategy_discussion(
    page: Page, girl: Girl
) -> None:
    sign_in(page, girl.worker)
    page.goto(f"/episodes/{girl.referral.pk}/")
    page.get_by_role("link", name="Record a strategy discussion", exact=True).click()
    assert_accessible(page)
    expect(page.locator("#contact-disclosure")).to_contain_text("The child disclosed sexual abuse")
    expect(page.locator("#contact-disclosure")).to_contain_text("touched her at night")
    expect(page.locator("input[name='harm_alleged'][value='yes']")).to_be_checked()

    choose(page, "kind", "discussion")
    fill_date(page, "held_on", today() - timedelta(days=1))
    page.get_by_label("Time held").fill("10:00")
    page.locator("#id_agency_1").select_option(value="police")
    page.locator("#id_name_1").fill("DC Sam Reid")
    page.locator("#id_role_1").fill("Child abuse investigation team")
    page.get_by_label("Information shared").fill("Police hold no record of the partner.")
    # Answered No, as the girl's worker once did from scratch: refused without a reason.
    choose(page, "harm_alleged", "no")
    choose(page, "start_section_47", "yes")
    page.get_by_label("Why?").fill("Layla is likely to suffer significant harm.")
    page.get_by_role("button", name="Save the strategy discussion").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("enter why physical or sexual harm is not alleged")
    expect(summary).to_contain_text("Select whether a child protection medical is needed")
    expect(page.locator("#id_harm_alleged_change_reason")).to_be_visible()
    assert_accessible(page)
    assert not StrategyDiscussion.objects.exists()

    choose(page, "harm_alleged", "yes")
    choose(page, "medical_considered", "yes")
    choose(page, "medical_decision", "needed")
    page.locator("#id_medical_reason").fill("Disclosure of sexual abuse in the last week.")
    page.get_by_role("button", name="Save the strategy discussion").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Strategy discussion")
    expect(page.locator("#medical")).to_be_visible()
    expect(page.get_by_role("link", name="Record the medical")).to_be_visible()
    assert_accessible(page)
    held = StrategyDiscussion.objects.get()
    assert (held.contact_disclosure, held.harm_alleged) == ("sexual", True)


def test_a_medical_decided_needed_stays_overdue_on_the_managers_alerts_until_recorded(
    page: Page, girl: Girl
) -> None:
    held_on = today() - timedelta(days=10)
    discussion = protection.record_strategy_discussion(
        referral=girl.referral,
        details=protection.StrategyDetails(
            held_at=timezone.make_aware(datetime.combine(held_on, time(10))),
            kind="discussion",
            information_shared="Police hold no record of the partner.",
            harm_alleged=True,
            start_section_47=True,
            decision_reason="Layla is likely to suffer significant harm.",
            medical_considered=True,
            medical_decision="needed",
            medical_reason="Disclosure of sexual abuse in the last week.",
        ),
        attendees=[protection.Attendee("police", "DC Sam Reid", "Detective constable")],
        by=girl.worker,
    )

    sign_in(page, girl.manager)
    page.goto("/alerts/")
    alert = page.get_by_role("row").filter(has_text="Child protection medical not recorded")
    expect(alert).to_contain_text("Layla Hussain")
    expect(alert).to_contain_text("Stays until the work is recorded")
    expect(alert.get_by_role("link", name="Acknowledge")).to_have_count(0)
    assert_accessible(page)
    sign_out(page)

    sign_in(page, girl.worker)
    page.goto(f"/protection/strategy/{discussion.pk}/")
    expect(page.locator("#medical")).to_be_visible()
    expect(page.get_by_text("Overdue", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record the medical").click()
    assert_accessible(page)
    fill_date(page, "examined_on", held_on + timedelta(days=1))
    page.get_by_label("Who examined the child").fill("Dr Rhea Banks")
    page.get_by_label("Their role").fill("Consultant paediatrician")
    page.get_by_label("Outcome of the medical").fill("No injuries found; swabs taken.")
    page.get_by_role("button", name="Save the medical").click()
    expect(page.locator(MESSAGE_BANNER)).to_contain_text("Child protection medical recorded")
    expect(page.get_by_text("Dr Rhea Banks, Consultant paediatrician")).to_be_visible()
    assert_accessible(page)
    assert ProtectionMedical.objects.filter(discussion=discussion).exists()
    sign_out(page)

    sign_in(page, girl.manager)
    page.goto("/alerts/")
    rows = page.get_by_role("row").filter(has_text="Child protection medical not recorded")
    expect(rows).to_have_count(0)
    assert_accessible(page)

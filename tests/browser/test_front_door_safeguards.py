"""Issue 13's front-door safeguards, as a practitioner, a MASH manager and a head of service meet
them in the browser.

The boy who told his teacher "Dad punched me" cannot be decided unrated; rated red, his early-help
decision with a reason for no strategy discussion, once authorised, reaches the head of service's
alerts that day, and she acknowledges it. Checks cannot be sent while consent is refused and not
overridden; once a manager, signed in as themselves, authorises the override they can.

Every page on the way is checked with axe-core (WCAG 2.2 AA: serious and critical problems fail).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from opencsc.accounts.models import Agency, Role, Team, User
from opencsc.frontdoor import services as frontdoor
from opencsc.frontdoor.models import Contact
from opencsc.people.models import Person
from opencsc.people.services import AddressDetails, PersonDetails, create_person
from opencsc.timescales.models import DueItem
from tests.browser.helpers import MESSAGE_BANNER, assert_accessible, sign_in, sign_out
from tests.factories import AgencyFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.browser

DAD_PUNCHED_ME = "Dad punched me"
UNRATED_ERROR = "Rate this contact red, amber or green before proposing a decision."
NO_STRATEGY_REASON = "Father has left the home; mother is working with the school nurse."
ALERT_TITLE = "Decided without a strategy discussion after a disclosure"
OVERRIDE_RATIONALE = "Leo disclosed that his father hit him; asking the father puts him at risk"


@dataclass
class People:
    practitioner: User
    manager: User
    head_of_service: User
    boy: Person
    contact: Contact


@pytest.fixture
def people(site) -> People:
    mash = TeamFactory(name="MASH", kind=Team.Kind.MASH)
    TeamFactory(name="Early help north", kind=Team.Kind.EARLY_HELP)
    practitioner = UserFactory(
        role=Role.MASH_PRACTITIONER, team=mash, first_name="Priya", last_name="Shah"
    )
    manager = UserFactory(role=Role.TEAM_MANAGER, team=mash, first_name="Tom", last_name="Reid")
    head_of_service = UserFactory(role=Role.HEAD_OF_SERVICE, first_name="Hana", last_name="Ross")
    AgencyFactory(name="North Police", kind=Agency.Kind.POLICE)
    boy = create_person(
        details=PersonDetails(
            kind=Person.Kind.CHILD,
            first_name="Leo",
            last_name="Grant",
            date_of_birth=date(2016, 5, 2),
            sex="M",
        ),
        address=AddressDetails(line_1="4 Mill Lane", town="London", postcode="N18 4CD"),
        by=practitioner,
    )
    # His teacher's call, recorded yesterday: his mother was asked and refused consent.
    contact = frontdoor.record_contact(
        details=frontdoor.ContactDetails(
            received_at=timezone.make_aware(
                datetime.combine(timezone.localdate() - timedelta(days=1), time(9, 30))
            ),
            method="phone",
            referral_source="2A",
            concerns=["physical_abuse"],
            concern_details="Leo came in with a bruise on his cheek.",
            disclosure="physical",
            disclosure_details=DAD_PUNCHED_ME,
            consent="refused",
            consent_asked="parent",
            consent_asked_name="Kim Grant",
            children=[boy],
        ),
        by=practitioner,
    )
    return People(practitioner, manager, head_of_service, boy, contact)


def group(page: Page, name: str) -> Locator:
    return page.get_by_role("group", name=name, exact=True)


def expect_banner(page: Page, text: str) -> None:
    expect(page.locator(MESSAGE_BANNER)).to_contain_text(text)


def propose_early_help(page: Page, contact: Contact) -> None:
    page.goto(f"/front-door/contacts/{contact.pk}/decision/")
    expect(page.get_by_role("heading", name="Propose a threshold decision")).to_be_visible()
    assert_accessible(page)
    group(page, "Outcome").get_by_label("Early help", exact=True).check()
    group(page, "Threshold level").get_by_label(re.compile("^Level 2")).check()
    page.get_by_label("Rationale").fill("A single bruise; mother is protective. Early help.")
    page.get_by_label("Primary need").select_option(label="Abuse, neglect and exploitation")
    page.get_by_label("Early help team").select_option(label="Early help north")
    page.get_by_label("Why decide without the checks?").fill(
        "The school and the GP know the family well; nothing more to ask."
    )
    page.get_by_role("button", name=re.compile("^(Send|Propose)")).click()


def rate_red(page: Page, contact: Contact) -> None:
    page.goto(f"/front-door/contacts/{contact.pk}/rating/")
    expect(page.get_by_role("heading", name="Rate this contact")).to_be_visible()
    assert_accessible(page)
    group(page, "RAG rating").get_by_label("Red").check()
    page.get_by_label("Reason for this rating").fill("He disclosed being hit by his father.")
    page.get_by_role("button", name="Save rating").click()
    expect_banner(page, "Contact rated red")
    assert_accessible(page)


def test_the_boy_is_rated_first_and_no_strategy_discussion_reaches_the_head_of_service(
    page: Page, people: People
):
    contact = people.contact
    sign_in(page, people.practitioner)
    page.goto(contact.get_absolute_url())
    expect(page.get_by_text(DAD_PUNCHED_ME)).to_be_visible()
    assert_accessible(page)

    # Unrated: the decision is refused, and the page says why.
    propose_early_help(page, contact)
    expect(page.locator(".govuk-error-summary")).to_contain_text(UNRATED_ERROR)
    assert_accessible(page)
    assert not contact.decisions.exists()

    rate_red(page, contact)
    propose_early_help(page, contact)
    expect_banner(page, "Decision sent to a manager to authorise")
    assert_accessible(page)
    decision = contact.decisions.get()
    assert decision.checks_reason.startswith("The school and the GP")
    sign_out(page)

    # The MASH manager authorises it with a reason for no strategy discussion.
    sign_in(page, people.manager)
    page.goto(f"/decisions/{decision.pk}/")
    expect(page.get_by_role("heading", name="Review the proposed decision")).to_be_visible()
    expect(page.get_by_text("The school and the GP know the family well")).to_be_visible()
    assert_accessible(page)
    group(page, "Your decision").get_by_label("Authorise").check()
    page.get_by_label("Why is this not going to a strategy discussion?").fill(NO_STRATEGY_REASON)
    page.get_by_role("button", name="Save").click()
    expect_banner(page, "Decision authorised")
    assert_accessible(page)
    # It goes above the MASH manager, not on their own list.
    page.goto("/alerts/")
    expect(page.locator("tbody tr").filter(has_text=ALERT_TITLE)).to_have_count(0)
    sign_out(page)

    # The head of service sees it that day, and acknowledges it.
    sign_in(page, people.head_of_service)
    page.goto("/alerts/")
    assert_accessible(page)
    row = page.locator("tbody tr").filter(has_text=ALERT_TITLE)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Leo Grant")
    expect(row).to_contain_text(timezone.localdate().strftime("%-d %b %Y"))
    expect(row).to_contain_text(NO_STRATEGY_REASON)
    row.get_by_role("link", name=re.compile("^Acknowledge")).click()
    assert_accessible(page)
    page.get_by_label("Your note").fill("Spoken to the MASH manager: strategy discussion today.")
    page.get_by_role("button", name="Acknowledge").click()
    expect_banner(page, "Alert acknowledged")
    expect(page.locator("tbody tr").filter(has_text=ALERT_TITLE)).to_have_count(0)
    assert_accessible(page)
    item = DueItem.objects.get(rule="no_strategy_after_disclosure")
    assert item.acknowledgement.acknowledged_by == people.head_of_service


def test_checks_wait_for_consent_or_a_managers_override(page: Page, people: People):
    contact = people.contact
    sign_in(page, people.practitioner)
    page.goto(contact.get_absolute_url())
    expect(page.locator("#checks-need-consent")).to_be_visible()
    expect(page.get_by_role("button", name="Request agency checks")).to_have_count(0)
    assert_accessible(page)

    # Even by the page's address, the checks are refused.
    page.goto(f"/front-door/contacts/{contact.pk}/checks/new/")
    expect(page.get_by_role("heading", name="Request agency checks")).to_be_visible()
    assert_accessible(page)
    group(page, "Which agencies?").get_by_label("North Police (police)").check()
    page.get_by_label("What do you need to know?").fill("Anything on Mr Grant?")
    page.get_by_role("button", name="Request checks").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("has not been overridden")
    assert_accessible(page)
    assert not contact.checks.exists()

    # The practitioner asks; the disclosure is offered as the reason.
    page.goto(contact.get_absolute_url())
    page.get_by_role("button", name="Ask a manager to override consent").click()
    assert_accessible(page)
    group(page, "Why should consent be overridden?").get_by_label("A child disclosed harm").check()
    page.get_by_label("Rationale").fill(OVERRIDE_RATIONALE)
    page.get_by_role("button", name="Send to a manager").click()
    expect_banner(page, "Override sent to a manager to authorise")
    expect(page.get_by_role("button", name="Request agency checks")).to_have_count(0)
    assert_accessible(page)
    sign_out(page)

    # A manager, signed in as themselves, authorises it.
    sign_in(page, people.manager)
    page.goto(contact.get_absolute_url())
    page.get_by_role("button", name="Review the consent override").click()
    expect(page.get_by_role("heading", name="Override consent?")).to_be_visible()
    assert_accessible(page)
    group(page, "Your decision").get_by_label("Authorise").check()
    page.get_by_role("button", name="Save").click()
    expect_banner(page, "Consent override authorised")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, people.practitioner)
    page.goto(contact.get_absolute_url())
    page.get_by_role("button", name="Request agency checks").click()
    group(page, "Which agencies?").get_by_label("North Police (police)").check()
    page.get_by_label("What do you need to know?").fill("Anything on Mr Grant?")
    page.get_by_role("button", name="Request checks").click()
    expect_banner(page, "Checks requested")
    assert_accessible(page)
    contact.refresh_from_db()
    assert contact.consent_override_authorised_by == people.manager
    assert list(contact.checks.values_list("agency__name", flat=True)) == ["North Police"]

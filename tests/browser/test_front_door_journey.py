"""The front door's acceptance journey: a MASH practitioner records a contact, rates it and asks
the police and health for checks; the police answer through their own page, and see nothing else;
the practitioner proposes a statutory assessment, a team manager authorises it, and the contact and
its referral appear on the child's record.

Every page on the way is checked with axe-core (WCAG 2.2 AA: serious and critical problems fail).
The whole journey is repeated with the keyboard alone (the practitioner's part, then the police's
and the manager's), and the MASH's everyday pages with JavaScript turned off.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from opencsc.accounts.models import Agency, Role, Team, User
from opencsc.casework.models import Referral
from opencsc.frontdoor import services as frontdoor
from opencsc.frontdoor.models import AgencyCheck, Contact, ContactDecision, MeetingItem
from opencsc.people.models import Person
from opencsc.people.services import AddressDetails, PersonDetails, create_person
from tests.browser.helpers import (
    MESSAGE_BANNER,
    PASSWORD,
    assert_accessible,
    assert_error_summary_links_lead_to_fields,
    assert_focus_visible,
    screenshot,
    sign_in,
    sign_out,
    tab_to,
)
from tests.factories import AgencyFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.browser

ASKED_ERROR = "Choose who was asked for consent"
RATIONALE_ERROR = "Enter why the risk to the child outweighs the family's wishes"
OVERRIDE_RATIONALE = "Mother's partner is the alleged abuser; asking would put the child at risk"
CHECKS_REASON = "The school saw her hungry three days running: she cannot wait for the police."
CHECK_QUESTION = "What do you hold on the household at 12 Fore Street?"
POLICE_ANSWER = "Two domestic abuse call-outs to the address in March; no arrests."
SECTION_17 = "Statutory assessment (section 17)"
PRIMARY_NEED = "Abuse, neglect and exploitation"


@dataclass
class FrontDoor:
    """The people of the journey: the MASH, a manager, two partner agencies and a child."""

    mash: Team
    early_help: Team
    practitioner: User
    manager: User
    police: Agency
    health: Agency
    police_user: User
    health_user: User
    child: Person


@pytest.fixture
def front_door(site) -> FrontDoor:
    mash = TeamFactory(name="MASH", kind=Team.Kind.MASH)
    early_help = TeamFactory(name="Early help north", kind=Team.Kind.EARLY_HELP)
    practitioner = UserFactory(
        role=Role.MASH_PRACTITIONER, team=mash, first_name="Priya", last_name="Shah"
    )
    manager = UserFactory(role=Role.TEAM_MANAGER, team=mash, first_name="Tom", last_name="Reid")
    police = AgencyFactory(name="North Police", kind=Agency.Kind.POLICE)
    health = AgencyFactory(name="North Health Trust", kind=Agency.Kind.HEALTH)
    police_user = UserFactory(
        role=Role.PARTNER_AGENCY, agency=police, first_name="Dana", last_name="Cole"
    )
    health_user = UserFactory(
        role=Role.PARTNER_AGENCY, agency=health, first_name="Ravi", last_name="Iqbal"
    )
    # Through the service, as the create page does, so the search keys are filled.
    child = create_person(
        details=PersonDetails(
            kind=Person.Kind.CHILD,
            first_name="Amara",
            last_name="Okafor",
            date_of_birth=date(2019, 2, 14),
            sex="F",
        ),
        address=AddressDetails(line_1="12 Fore Street", town="London", postcode="N18 2AB"),
        by=practitioner,
    )
    return FrontDoor(
        mash=mash,
        early_help=early_help,
        practitioner=practitioner,
        manager=manager,
        police=police,
        health=health,
        police_user=police_user,
        health_user=health_user,
        child=child,
    )


def yesterday() -> date:
    return timezone.localdate() - timedelta(days=1)


def recorded_contact(by: User, **details: object) -> Contact:
    """A contact received yesterday morning, made through the service (for the shorter tests)."""
    fields: dict = {
        "received_at": timezone.make_aware(datetime.combine(yesterday(), time(9, 30))),
        "method": "phone",
        "referral_source": "2A",
        "concerns": ["neglect"],
        "concern_details": "Often arrives hungry and in the same clothes.",
        "consent": "given",
        "consent_asked": "parent",
    }
    fields.update(details)
    return frontdoor.record_contact(details=frontdoor.ContactDetails(**fields), by=by)


def group(page: Page, name: str) -> Locator:
    """A fieldset (radios, checkboxes or a date) by its legend."""
    return page.get_by_role("group", name=name, exact=True)


def fill_date(page: Page, legend: str, day: date) -> None:
    boxes = group(page, legend)
    boxes.get_by_label("Day").fill(str(day.day))
    boxes.get_by_label("Month").fill(str(day.month))
    boxes.get_by_label("Year").fill(str(day.year))


def go_to(page: Page, menu_item: str) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=menu_item).click()


def expect_banner(page: Page, text: str) -> None:
    expect(page.locator(MESSAGE_BANNER)).to_contain_text(text)


# The journey, step by step.


def practitioner_records_the_contact(page: Page, child: Person) -> Contact:
    """From the MASH queue: find the child, then record a contact with consent overridden, first
    forgetting the rationale for the override."""
    go_to(page, "MASH")
    expect(page.get_by_role("heading", name="MASH queue", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record a contact").click()

    expect(page.get_by_role("heading", name="Find the child")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Amara Okafor")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 child found")).to_be_visible()
    results = page.get_by_role("table", name="Children matching your search")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results.locator("tbody tr")).to_contain_text(child.la_child_id)
    assert_accessible(page)
    results.get_by_role("link", name="Record a contact about Amara Okafor").click()

    expect(page.get_by_role("heading", name="About Amara Okafor")).to_be_visible()
    expect(page.get_by_text(f"{child.la_child_id}, born 14 February 2019")).to_be_visible()
    assert_accessible(page)
    fill_date(page, "Date received", yesterday())
    page.get_by_label("Time received").fill("09:30")
    group(page, "How did it arrive?").get_by_label("Phone").check()
    page.get_by_label("Source of the contact").select_option(label="SCHOOLS")
    page.get_by_label("Referrer's name").fill("Joan Ellis")
    page.get_by_label("Referrer's role").fill("Designated safeguarding lead")
    page.get_by_label("Referrer's organisation").fill("Fore Street Primary School")
    concerns = group(page, "Presenting concerns")
    concerns.get_by_label("Neglect").check()
    concerns.get_by_label("Domestic abuse").check()
    page.get_by_label("What is the concern?").fill(
        "Amara said there was shouting at home all weekend and she had not eaten."
    )
    group(page, "Has a child disclosed harm?").get_by_label("No", exact=True).check()
    group(page, "Consent to share information and make enquiries").get_by_label(
        "Sought and refused"
    ).check()
    page.get_by_role("button", name="Save contact").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text([ASKED_ERROR])
    expect(page.locator("#id_consent_asked-error")).to_have_text(f"Error: {ASKED_ERROR}")
    expect(page).to_have_title("Error: Record a contact about Amara Okafor \N{EN DASH} OpenCSC")
    # What was typed is kept.
    expect(page.get_by_label("Referrer's name")).to_have_value("Joan Ellis")
    expect(group(page, "Presenting concerns").get_by_label("Neglect")).to_be_checked()
    assert_error_summary_links_lead_to_fields(page)
    assert not Contact.objects.filter(children__child=child).exists()
    assert_accessible(page)
    screenshot(page, "front-door-contact-errors")

    group(page, "Who was asked for consent?").get_by_label("A parent").check()
    page.get_by_label("Their name (optional)").fill("Grace Okafor")
    page.get_by_role("button", name="Save contact").click()

    expect_banner(page, "Contact recorded: rate it next")
    contact = Contact.objects.get(children__child=child)
    expect(page.get_by_text(f"Contact {contact.reference}", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Amara Okafor", level=1)).to_be_visible()
    consent = page.locator(".govuk-summary-list__row").filter(
        has=page.locator("dt", has_text="Consent")
    )
    expect(consent.locator("dd")).to_have_text("Sought and refused")
    # Nothing goes to an agency until a manager overrides the refusal.
    expect(page.locator("#checks-need-consent")).to_be_visible()
    expect(page.get_by_role("button", name="Request agency checks")).to_have_count(0)
    assert_accessible(page)
    assert (contact.consent, contact.is_consent_overridden) == ("refused", False)
    record = contact.consent_records.get()
    assert (record.asked, record.name, record.answer) == ("parent", "Grace Okafor", "refused")
    assert contact.practitioner is not None
    assert contact.children.get().child == child
    return contact


def practitioner_asks_to_override_consent(page: Page, contact: Contact) -> None:
    """The practitioner asks a manager to override the refusal, first forgetting the rationale."""
    page.get_by_role("button", name="Ask a manager to override consent").click()
    expect(page.get_by_role("heading", name="Ask a manager to override consent")).to_be_visible()
    assert_accessible(page)
    group(page, "Why should consent be overridden?").get_by_label(
        "Another risk of significant harm"
    ).check()
    page.get_by_role("button", name="Send to a manager").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text([RATIONALE_ERROR])
    rationale = page.get_by_label("Rationale")
    expect(rationale).to_have_class(re.compile("govuk-textarea--error"))
    assert_error_summary_links_lead_to_fields(page)
    assert_accessible(page)
    summary.get_by_role("link", name=RATIONALE_ERROR).click()
    expect(rationale).to_be_focused()
    rationale.fill(OVERRIDE_RATIONALE)
    page.get_by_role("button", name="Send to a manager").click()

    expect_banner(page, "Override sent to a manager to authorise")
    expect(page.get_by_role("button", name="Request agency checks")).to_have_count(0)
    assert_accessible(page)
    override = contact.consent_overrides.get()
    assert (override.status, override.rationale) == ("proposed", OVERRIDE_RATIONALE)


def manager_authorises_the_override(page: Page, contact: Contact, manager: User) -> None:
    """The manager, signed in as themselves, authorises the override from the contact's page."""
    page.goto(contact.get_absolute_url())
    page.get_by_role("button", name="Review the consent override").click()
    expect(page.get_by_role("heading", name="Override consent?")).to_be_visible()
    expect(page.get_by_text(OVERRIDE_RATIONALE)).to_be_visible()
    assert_accessible(page)
    group(page, "Your decision").get_by_label("Authorise").check()
    page.get_by_role("button", name="Save").click()

    expect_banner(page, "Consent override authorised")
    consent = page.locator(".govuk-summary-list__row").filter(
        has=page.locator("dt", has_text="Consent")
    )
    expect(consent.locator("dd")).to_contain_text("Overridden")
    expect(consent.locator("dd")).to_contain_text(OVERRIDE_RATIONALE)
    assert_accessible(page)
    contact.refresh_from_db()
    assert (contact.consent, contact.is_consent_overridden) == ("refused", True)
    assert contact.consent_override_authorised_by == manager


def practitioner_rates_it_amber(page: Page, contact: Contact) -> None:
    page.get_by_role("button", name="Rate this contact").click()
    expect(page.get_by_role("heading", name="Rate this contact")).to_be_visible()
    assert_accessible(page)
    group(page, "RAG rating").get_by_label("Amber").check()
    page.get_by_label("Reason for this rating").fill(
        "No immediate danger, but repeated domestic abuse and neglect need a decision tomorrow."
    )
    page.get_by_role("button", name="Save rating").click()

    expect_banner(page, "Contact rated amber")
    ratings = page.get_by_role("table", name="Ratings, newest first")
    expect(ratings.locator("tbody tr")).to_have_count(1)
    expect(ratings.locator("tbody tr")).to_contain_text("Amber")
    expect(ratings.locator("tbody tr")).to_contain_text("repeated domestic abuse")
    assert_accessible(page)
    contact.refresh_from_db()
    assert contact.rating == "amber"


def practitioner_requests_checks(page: Page, contact: Contact) -> None:
    page.get_by_role("button", name="Request agency checks").click()
    expect(page.get_by_role("heading", name="Request agency checks")).to_be_visible()
    assert_accessible(page)
    agencies = group(page, "Which agencies?")
    agencies.get_by_label("North Police (police)").check()
    agencies.get_by_label("North Health Trust (health)").check()
    page.get_by_label("What do you need to know?").fill(CHECK_QUESTION)
    page.get_by_label("What to share with the agencies about the children and family").fill(
        "Amara Okafor, born 14 February 2019"
    )
    page.get_by_role("button", name="Request checks").click()

    expect_banner(page, "Checks requested")
    checks = page.get_by_role("table", name="Checks with partner agencies")
    expect(checks.locator("tbody tr")).to_have_count(2)
    expect(checks.locator("tbody tr").filter(has_text="North Police")).to_contain_text("Requested")
    assert_accessible(page)
    assert set(contact.checks.values_list("agency__name", "status")) == {
        ("North Police", "requested"),
        ("North Health Trust", "requested"),
    }


def police_return_their_check(page: Page, contact: Contact) -> None:
    go_to(page, "Your contacts and checks")
    expect(page.get_by_role("heading", name="North Police", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Checks waiting for your answer (1)")).to_be_visible()
    assert_accessible(page)
    waiting = page.get_by_role("table", name="Checks waiting for your answer")
    waiting.get_by_role("link", name=f"Answer check on {contact.reference}").click()

    expect(page.get_by_role("heading", name="North Police", level=1)).to_be_visible()
    expect(page.get_by_text(CHECK_QUESTION)).to_be_visible()
    # The MASH's contact: the police see only what the MASH chose to share, not the record.
    shared = page.locator(".govuk-summary-list__row").filter(has_text="Shared with the agency")
    expect(shared).to_contain_text("Amara Okafor, born 14 February 2019")
    named = contact.children.get().child
    assert named is not None
    expect(page.get_by_text(named.la_child_id)).to_have_count(0)
    # The police see their own check, never the health one.
    expect(page.get_by_text("North Health Trust")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Information your agency holds").fill(POLICE_ANSWER)
    page.get_by_role("button", name="Return the information").click()

    expect_banner(page, "Information returned to the MASH")
    expect(page.get_by_role("heading", name="Checks waiting for your answer (0)")).to_be_visible()
    assert_accessible(page)
    check = AgencyCheck.objects.get(contact=contact, agency__name="North Police")
    assert (check.status, check.information) == ("returned", POLICE_ANSWER)


def expect_not_found(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None, url
    assert response.status == 404, url
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_accessible(page)


def police_tell_the_mash_about_a_child(page: Page) -> Contact:
    page.goto("/partner/")
    page.get_by_role("button", name="Tell the MASH about a child").click()
    expect(page.get_by_role("heading", name="Tell the MASH about a child")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Child's full name").fill("Jayden Brooks")
    fill_date(page, "Child's date of birth", date(2015, 6, 3))
    page.get_by_label("Child's address").fill("4 Mill Lane, London N9 0PZ")
    page.get_by_label("Other children in the household").fill("Kayla Brooks")
    fill_date(page, "Date received", yesterday())
    page.get_by_label("Time received").fill("22:15")
    page.get_by_label("Referrer's name").fill("PC Dana Cole")
    group(page, "Presenting concerns").get_by_label("Going missing").check()
    page.get_by_label("What is the concern?").fill("Jayden was found at 2am two miles from home.")
    group(page, "Has a child disclosed harm?").get_by_label("No", exact=True).check()
    group(page, "Consent to share information and make enquiries").get_by_label(
        "Sought and given"
    ).check()
    group(page, "Who was asked for consent?").get_by_label("A parent").check()
    page.get_by_role("button", name="Send to the MASH").click()

    expect_banner(page, "Contact sent to the MASH")
    expect(page.get_by_role("heading", name="Jayden Brooks, Kayla Brooks", level=1)).to_be_visible()
    assert_accessible(page)
    made = Contact.objects.get(referrer_agency__name="North Police")
    assert made.method == "partner_portal"
    assert list(made.children.values_list("given_name", flat=True)) == [
        "Jayden Brooks",
        "Kayla Brooks",
    ]
    return made


def police_see_only_what_is_theirs(
    page: Page, *, contact: Contact, child: Person, health_contact: Contact
) -> None:
    """The child's record and any contact another agency made are not found; their own is."""
    expect_not_found(page, f"/people/{child.pk}/")
    expect_not_found(page, contact.get_absolute_url())
    expect_not_found(page, health_contact.get_absolute_url())

    own = police_tell_the_mash_about_a_child(page)
    page.get_by_role("link", name="Back to your contacts and checks").click()
    made = page.get_by_role("table", name="Contacts your agency made")
    expect(made.locator("tbody tr")).to_have_count(1)
    expect(made.locator("tbody tr")).to_contain_text("Not yet decided")
    assert_accessible(page)
    made.get_by_role("link", name=own.reference).click()
    expect(page.get_by_role("heading", name="Jayden Brooks, Kayla Brooks", level=1)).to_be_visible()
    expect(page.get_by_text("The MASH has not yet decided.")).to_be_visible()


def practitioner_proposes_section_17(page: Page, contact: Contact) -> None:
    go_to(page, "MASH")
    queue = page.get_by_role("table", name="Contacts awaiting a decision")
    expect(queue.locator("tbody tr")).to_have_count(3)  # with the two the agencies made
    row = queue.locator("tbody tr").filter(has_text=contact.reference)
    expect(row).to_contain_text("Amber")
    expect(row).to_contain_text("1 waiting")  # the health check
    assert_accessible(page)
    row.get_by_role("link", name=contact.reference).click()

    checks = page.get_by_role("table", name="Checks with partner agencies")
    expect(checks.locator("tbody tr").filter(has_text="North Police")).to_contain_text(
        POLICE_ANSWER
    )
    page.get_by_role("button", name="Propose a decision").click()

    expect(page.get_by_role("heading", name="Propose a threshold decision")).to_be_visible()
    expect(page.get_by_text(POLICE_ANSWER)).to_be_visible()
    assert_accessible(page)
    group(page, "Outcome").get_by_label(SECTION_17).check()
    group(page, "Threshold level").get_by_label("Level 3: complex needs (children in need)").check()
    page.get_by_label("Rationale").fill(
        "Neglect and domestic abuse at home; police confirm call-outs. Needs assessment."
    )
    page.get_by_label("Primary need").select_option(label=PRIMARY_NEED)
    # Health have not answered: the manager reads why the decision cannot wait for them.
    page.get_by_label("Why decide without the checks?").fill(CHECKS_REASON)
    page.get_by_role("button", name="Send for authorisation").click()

    expect_banner(page, "Decision sent to a manager to authorise")
    expect(page.get_by_role("heading", name=f"Version 1: {SECTION_17}")).to_be_visible()
    assert_accessible(page)
    contact.refresh_from_db()
    assert contact.status == Contact.Status.AWAITING_AUTHORISATION


def manager_authorises(page: Page, contact: Contact) -> None:
    go_to(page, "Decisions to authorise")
    expect(page.get_by_role("heading", name="Decisions to authorise", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="1 decision waiting")).to_be_visible()
    assert_accessible(page)
    waiting = page.get_by_role("table", name="Decisions awaiting authorisation")
    expect(waiting.locator("tbody tr")).to_contain_text(SECTION_17)
    waiting.get_by_role("link", name=f"Review {contact.reference}").click()

    expect(page.get_by_role("heading", name="Review the proposed decision")).to_be_visible()
    expect(page.get_by_text(POLICE_ANSWER)).to_be_visible()
    expect(page.get_by_text(CHECKS_REASON)).to_be_visible()
    assert_accessible(page)
    group(page, "Your decision").get_by_label("Authorise").check()
    group(page, "Checks still outstanding").get_by_label("Withdraw them").check()
    page.get_by_label("Comment").fill("Agreed: allocate for a child and family assessment.")
    page.get_by_role("button", name="Save").click()

    expect_banner(page, f"Decision authorised: {SECTION_17}")
    decision = page.locator(".govuk-summary-card").filter(has_text=f"Version 1: {SECTION_17}")
    expect(decision.locator(".govuk-tag")).to_have_text("Authorised")
    expect(page.get_by_role("heading", name="Referrals")).to_be_visible()
    assert_accessible(page)
    # Withdrawn by the manager's recorded choice, not silently.
    assert set(contact.checks.values_list("agency__name", "status")) == {
        ("North Police", "returned"),
        ("North Health Trust", "withdrawn"),
    }
    assert contact.decisions.get().open_checks == "withdraw"


def manager_sees_it_on_the_childs_record(page: Page, contact: Contact, child: Person) -> None:
    page.locator("main").get_by_role("link", name="Amara Okafor", exact=True).first.click()
    expect(page.get_by_role("heading", name="Amara Okafor", level=1)).to_be_visible()
    assert_accessible(page)
    tabs = page.get_by_role("navigation", name="Parts of the record")
    tabs.get_by_role("link", name="Contacts and episodes").click()
    expect(page.get_by_role("heading", name="Contacts and referrals")).to_be_visible()
    referral = Referral.objects.get(child=child)
    contacts = page.get_by_role("table", name="Contacts about this child, newest first")
    expect(contacts.locator("tbody tr")).to_have_count(1)
    expect(contacts.locator("tbody tr td")).to_have_text(
        [
            contact.reference,
            f"{yesterday():%-d %b %Y}",
            "SCHOOLS",
            f"{SECTION_17} Authorised",
            f"{referral.referred_on:%-d %b %Y}: {PRIMARY_NEED}",
        ]
    )
    assert_accessible(page)
    tabs.get_by_role("link", name="Chronology").click()
    chronology = page.get_by_role("table", name="Chronology, newest first").locator("tbody tr")
    expect(
        chronology.filter(has_text=f"Contact {contact.reference} from SCHOOLS: Neglect")
    ).to_have_count(1)
    decided = f"Contact {contact.reference} decided: {SECTION_17}"
    expect(chronology.filter(has_text=decided)).to_have_count(1)
    expect(chronology.filter(has_text=f"Referral: {PRIMARY_NEED}")).to_have_count(1)
    assert_accessible(page)
    screenshot(page, "front-door-child-record")

    contact.refresh_from_db()
    assert contact.status == Contact.Status.DECIDED
    assert referral.contact == contact
    assert referral.primary_need == "N1"
    decision = referral.decision
    assert decision is not None
    assert (decision.outcome, decision.status) == ("section_17", "authorised")
    assert dict(contact.checks.values_list("agency__name", "status")) == {
        "North Police": "returned",
        "North Health Trust": "withdrawn",  # unanswered when the decision was authorised
    }


def test_contact_goes_from_the_mash_through_the_police_to_an_authorised_referral(
    page: Page, front_door: FrontDoor
):
    people = front_door
    health_contact = frontdoor.record_contact(
        details=frontdoor.ContactDetails(
            received_at=timezone.make_aware(datetime.combine(yesterday(), time(11, 0))),
            method="partner_portal",
            referral_source="3F",
            concerns=["neglect"],
            concern_details="Missed three appointments.",
            consent="given",
            consent_asked="parent",
            named_children=[frontdoor.NamedChild(name="Amara Okafor")],
        ),
        by=people.health_user,
    )

    sign_in(page, people.practitioner)
    assert_accessible(page)
    contact = practitioner_records_the_contact(page, people.child)
    practitioner_rates_it_amber(page, contact)
    practitioner_asks_to_override_consent(page, contact)
    sign_out(page)

    sign_in(page, people.manager)
    manager_authorises_the_override(page, contact, people.manager)
    sign_out(page)

    sign_in(page, people.practitioner)
    page.goto(contact.get_absolute_url())
    practitioner_requests_checks(page, contact)
    screenshot(page, "front-door-contact")
    sign_out(page)
    assert_accessible(page)

    sign_in(page, people.police_user)
    assert_accessible(page)
    police_return_their_check(page, contact)
    police_see_only_what_is_theirs(
        page, contact=contact, child=people.child, health_contact=health_contact
    )
    sign_out(page)

    sign_in(page, people.practitioner)
    practitioner_proposes_section_17(page, contact)
    sign_out(page)

    sign_in(page, people.manager)
    assert_accessible(page)
    manager_authorises(page, contact)
    manager_sees_it_on_the_childs_record(page, contact, people.child)


# The practitioner's part with the keyboard alone.


def press_enter_on(page: Page, selector: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Enter")


def type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


SUBMIT = "main form[method=post] button[type=submit]"


def test_practitioner_records_rates_checks_and_proposes_with_the_keyboard_alone(
    page: Page, front_door: FrontDoor
):
    people = front_door
    page.goto("/sign-in/")
    type_into(page, "#id_username", people.practitioner.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Signed in as")).to_be_visible()

    press_enter_on(page, ".govuk-service-navigation__link[href='/front-door/']")
    expect(page.get_by_role("heading", name="MASH queue", level=1)).to_be_visible()
    press_enter_on(page, "a.govuk-button[href='/front-door/contacts/new/']")
    expect(page.get_by_role("heading", name="Find the child")).to_be_visible()
    type_into(page, "#id_name", "Amara Okafor")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="1 child found")).to_be_visible()
    press_enter_on(page, f"a[href='/front-door/contacts/new/{people.child.pk}/']")

    expect(page.get_by_role("heading", name="About Amara Okafor")).to_be_visible()
    received = yesterday()
    type_into(page, "#id_received_on_0", str(received.day))
    page.keyboard.press("Tab")
    page.keyboard.type(str(received.month))
    page.keyboard.press("Tab")
    page.keyboard.type(str(received.year))
    page.keyboard.press("Tab")
    expect(page.locator("#id_received_time")).to_be_focused()
    page.keyboard.type("09:30")
    tab_to(page, "#id_method")
    page.keyboard.press("Space")  # Phone, the first choice
    tab_to(page, "#id_referral_source")
    page.keyboard.type("SCHOOLS")  # a closed <select> picks the option typed
    expect(page.locator("#id_referral_source")).to_have_value("2A")
    type_into(page, "#id_referrer_name", "Joan Ellis")
    tab_to(page, "#id_concerns-3")  # Neglect
    page.keyboard.press("Space")
    type_into(page, "#id_concern_details", "Shouting at home all weekend; she had not eaten.")
    tab_to(page, "#id_disclosure")
    page.keyboard.press("Space")  # No, the first choice
    tab_to(page, "#id_consent")
    page.keyboard.press("ArrowDown")  # Sought and refused
    expect(page.locator("#id_consent-1")).to_be_checked()
    tab_to(page, SUBMIT)
    page.keyboard.press("Tab")  # past the button
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Save contact")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")

    expect(page.locator(".govuk-error-summary")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=ASKED_ERROR)).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#id_consent_asked")).to_be_focused()
    page.keyboard.press("Space")  # A parent, the first choice
    expect(page.locator("#id_consent_asked")).to_be_checked()
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")

    expect_banner(page, "Contact recorded: rate it next")
    contact = Contact.objects.get()
    press_enter_on(page, f"a[href='/front-door/contacts/{contact.pk}/rating/']")
    expect(page.get_by_role("heading", name="Rate this contact")).to_be_visible()
    tab_to(page, "#id_rating")
    page.keyboard.press("ArrowDown")  # Amber, after red
    expect(page.locator("#id_rating-1")).to_be_checked()
    type_into(page, "#id_reason", "Repeated domestic abuse and neglect.")
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")

    expect_banner(page, "Contact rated amber")
    press_enter_on(page, f"a[href='/front-door/contacts/{contact.pk}/consent/override/']")
    expect(page.get_by_role("heading", name="Ask a manager to override consent")).to_be_visible()
    tab_to(page, "#id_reason")
    page.keyboard.press("Space")  # Another risk of significant harm, the only reason offered
    expect(page.locator("#id_reason")).to_be_checked()
    type_into(page, "#id_rationale", OVERRIDE_RATIONALE)
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")
    expect_banner(page, "Override sent to a manager to authorise")

    # A manager, at their own desk and signed in as themselves, authorises the override.
    sign_in_with_the_keyboard(page, people.manager)
    page.goto(contact.get_absolute_url())
    override = contact.consent_overrides.get()
    press_enter_on(page, f"a[href='/front-door/overrides/{override.pk}/']")
    expect(page.get_by_role("heading", name="Override consent?")).to_be_visible()
    tab_to(page, "#id_decision")
    page.keyboard.press("Space")  # Authorise, the first choice
    expect(page.locator("#id_decision")).to_be_checked()
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")
    expect_banner(page, "Consent override authorised")

    sign_in_with_the_keyboard(page, people.practitioner)
    page.goto(contact.get_absolute_url())
    press_enter_on(page, f"a[href='/front-door/contacts/{contact.pk}/checks/new/']")
    expect(page.get_by_role("heading", name="Request agency checks")).to_be_visible()
    tab_to(page, "#id_agencies")  # agencies by kind: health, then police
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.locator("#id_agencies-1")).to_be_focused()
    page.keyboard.press("Space")
    type_into(page, "#id_question", CHECK_QUESTION)
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")

    expect_banner(page, "Checks requested")
    press_enter_on(page, f"a[href='/front-door/contacts/{contact.pk}/decision/']")
    expect(page.get_by_role("heading", name="Propose a threshold decision")).to_be_visible()
    tab_to(page, "#id_outcome")
    for _ in range(3):  # No further action, advice, early help, section 17
        page.keyboard.press("ArrowDown")
    expect(page.locator("#id_outcome-3")).to_be_checked()
    tab_to(page, "#id_threshold_level")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Level 3
    expect(page.locator("#id_threshold_level-2")).to_be_checked()
    type_into(page, "#id_rationale", "Neglect and domestic abuse at home. Needs assessment.")
    tab_to(page, "#id_primary_need")
    page.keyboard.type("Abuse")
    expect(page.locator("#id_primary_need")).to_have_value("N1")
    # The checks are still out: the manager reads why the decision cannot wait.
    type_into(page, "#id_checks_reason", CHECKS_REASON)
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")

    expect_banner(page, "Decision sent to a manager to authorise")
    contact.refresh_from_db()
    assert (contact.consent, contact.is_consent_overridden) == ("refused", True)
    assert contact.consent_override_rationale == OVERRIDE_RATIONALE
    assert contact.consent_override_authorised_by == people.manager
    assert (contact.method, contact.referral_source, contact.concerns) == (
        "phone",
        "2A",
        ["neglect"],
    )
    assert contact.rating == "amber"
    assert contact.status == Contact.Status.AWAITING_AUTHORISATION
    assert set(contact.checks.values_list("agency__name", flat=True)) == {
        "North Police",
        "North Health Trust",
    }
    decision = contact.decisions.get()
    assert (decision.outcome, decision.threshold_level, decision.primary_need) == (
        "section_17",
        "3",
        "N1",
    )
    assert decision.status == ContactDecision.Status.PROPOSED
    assert (decision.checks_at_proposal, decision.checks_reason) == ("outstanding", CHECKS_REASON)


def sign_in_with_the_keyboard(page: Page, user: User) -> None:
    page.context.clear_cookies()  # the next person, at their own desk
    page.goto("/sign-in/")
    type_into(page, "#id_username", user.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Signed in as")).to_be_visible()


def test_police_answer_and_the_manager_authorises_with_the_keyboard_alone(
    page: Page, front_door: FrontDoor
):
    people = front_door
    contact = recorded_contact(people.practitioner, children=[people.child])
    frontdoor.rate_contact(contact=contact, rating="amber", reason="Hungry", by=people.practitioner)
    for agency in (people.police, people.health):
        frontdoor.request_check(
            contact=contact, agency=agency, question=CHECK_QUESTION, by=people.practitioner
        )

    sign_in_with_the_keyboard(page, people.police_user)
    press_enter_on(page, ".govuk-service-navigation__link[href='/partner/']")
    expect(page.get_by_role("heading", name="Checks waiting for your answer (1)")).to_be_visible()
    press_enter_on(page, "table a[href^='/front-door/checks/']")
    expect(page.get_by_text(CHECK_QUESTION)).to_be_visible()
    type_into(page, "#id_information", POLICE_ANSWER)
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")
    expect_banner(page, "Information returned to the MASH")

    frontdoor.propose_decision(
        contact=contact,
        details=frontdoor.DecisionDetails(
            outcome="section_17",
            threshold_level="3",
            rationale="Neglect at home; an assessment is needed.",
            primary_need="N1",
            checks_reason=CHECKS_REASON,  # health have not answered
        ),
        by=people.practitioner,
    )
    sign_in_with_the_keyboard(page, people.manager)
    press_enter_on(page, ".govuk-service-navigation__link[href='/decisions/']")
    expect(page.get_by_role("heading", name="1 decision waiting")).to_be_visible()
    press_enter_on(page, "table a[href^='/decisions/']")
    expect(page.get_by_role("heading", name="Review the proposed decision")).to_be_visible()
    tab_to(page, "#id_decision")
    page.keyboard.press("Space")  # Authorise, the first choice
    expect(page.locator("#id_decision")).to_be_checked()
    expect(page.get_by_text(CHECKS_REASON)).to_be_visible()
    tab_to(page, "#id_open_checks")
    page.keyboard.press("ArrowDown")  # Let them come back to the child's record
    expect(page.locator("#id_open_checks-1")).to_be_checked()
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")

    expect_banner(page, f"Decision authorised: {SECTION_17}")
    check = AgencyCheck.objects.get(contact=contact, agency=people.police)
    assert (check.status, check.information) == ("returned", POLICE_ANSWER)
    # The health check was not silently withdrawn: the manager let it come back.
    health = AgencyCheck.objects.get(contact=contact, agency=people.health)
    assert health.status == "requested"
    assert Referral.objects.get(contact=contact).child == people.child


# Without JavaScript.


def test_queue_contact_rating_and_meeting_work_without_javascript(
    page_without_javascript: Page, front_door: FrontDoor
):
    page = page_without_javascript
    people = front_door
    contact = recorded_contact(people.practitioner, children=[people.child])
    sign_in(page, people.practitioner)
    page.goto("/front-door/")
    expect(page.locator("body")).not_to_have_class(re.compile("js-enabled"))
    expect(page.get_by_role("heading", name="MASH queue", level=1)).to_be_visible()
    page.get_by_label("Rating", exact=True).select_option(label="Not yet rated")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"rating=unrated"))
    queue = page.get_by_role("table", name="Contacts awaiting a decision")
    expect(queue.locator("tbody tr")).to_have_count(1)
    expect(queue.locator("tbody tr")).to_contain_text("Not rated")
    assert_accessible(page)
    queue.get_by_role("link", name=contact.reference).click()

    expect(page.get_by_role("heading", name="Amara Okafor", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Rate this contact").click()
    expect(page.get_by_role("heading", name="Rate this contact")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save rating").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        ["Choose red, amber or green", "Enter the reason for this rating"]
    )
    expect(page.locator("#id_rating-error")).to_have_text("Error: Choose red, amber or green")
    assert_error_summary_links_lead_to_fields(page)
    assert_accessible(page)
    summary.get_by_role("link", name="Choose red, amber or green").click()
    expect(page).to_have_url(re.compile("#id_rating$"))
    group(page, "RAG rating").get_by_label("Red").check()
    page.get_by_label("Reason for this rating").fill("Bruise seen on the child's face today.")
    page.get_by_role("button", name="Save rating").click()
    expect_banner(page, "Contact rated red")
    assert_accessible(page)

    # A red contact is on today's meeting by rule.
    page.goto("/front-door/meeting/")
    today = timezone.localdate()
    expect(
        page.get_by_role("heading", name=f"MASH meeting, {today:%A %-d %B %Y}", level=1)
    ).to_be_visible()
    card = page.locator(f"#contact-{contact.pk}")
    expect(card).to_contain_text("Rated red")
    assert_accessible(page)
    card.get_by_label(f"What was agreed for {contact.reference}").fill(
        "Police to visit with the MASH social worker this afternoon."
    )
    card.get_by_role("button", name=f"Save what was agreed for {contact.reference}").click()
    expect_banner(page, f"Agreement recorded for contact {contact.reference}")
    expect(page).to_have_url(re.compile(f"#contact-{contact.pk}$"))
    expect(page.locator(f"#contact-{contact.pk}")).to_contain_text(
        "Police to visit with the MASH social worker this afternoon."
    )
    assert_accessible(page)
    item = MeetingItem.objects.get(contact=contact)
    assert (item.meeting_on, item.agreed_by) == (today, people.practitioner)

    tomorrow = today + timedelta(days=1)
    fill_date(page, "Meeting date", tomorrow)
    page.get_by_role("button", name="Show this day").click()
    expect(
        page.get_by_role("heading", name=f"MASH meeting, {tomorrow:%A %-d %B %Y}", level=1)
    ).to_be_visible()
    assert_accessible(page)

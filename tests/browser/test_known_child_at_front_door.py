"""Issue 12's front-door journey: the police send a contact about a girl open to the child
protection team; the MASH finds her (with her plan and worker) and matches the contact to her
record, which opens while the contact is open and shows her plan and worker; her worker's tray
item exists the same day, and she marks the contact read. axe-core on every page."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Agency, Role, Team
from opencsc.casework.models import Allocation, Referral
from opencsc.frontdoor import services as frontdoor
from opencsc.people.models import Person
from opencsc.people.services import AddressDetails, PersonDetails, create_person
from opencsc.protection.models import ProtectionPlan
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from tests.browser.helpers import MESSAGE_BANNER, assert_accessible, sign_in, sign_out
from tests.factories import AgencyFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.browser


def _girl_open_to_child_protection(practitioner, cp_team, worker) -> Person:
    girl = create_person(
        details=PersonDetails(
            kind=Person.Kind.CHILD,
            first_name="Ada",
            last_name="Abara",
            date_of_birth=date(2014, 3, 9),
            sex="F",
        ),
        address=AddressDetails(line_1="3 Bruce Grove", town="London", postcode="N17 6AB"),
        by=practitioner,
    )
    referral = Referral.objects.create(
        child=girl,
        referred_on=date(2026, 3, 2),
        referral_source="6",
        primary_need="N1",
        created_by=practitioner,
    )
    Allocation.objects.create(
        child=girl, team=cp_team, worker=worker, started_on=date(2026, 3, 2), referral=referral
    )
    ProtectionPlan.objects.create(
        child=girl,
        referral=referral,
        started_on=date(2026, 4, 20),
        initial_category="PHY",
        latest_category="PHY",
    )
    return girl


def test_the_police_contact_about_a_girl_open_to_child_protection_reaches_her_worker(
    page: Page,
) -> None:
    mash = TeamFactory(name="MASH", kind=Team.Kind.MASH)
    cp_team = TeamFactory(name="Child protection team 2", kind=Team.Kind.CHILD_PROTECTION)
    practitioner = UserFactory(
        role=Role.MASH_PRACTITIONER, team=mash, first_name="Priya", last_name="Shah"
    )
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=cp_team, first_name="Sam", last_name="Ng")
    UserFactory(role=Role.TEAM_MANAGER, team=cp_team, first_name="Kim", last_name="Ali")
    police = AgencyFactory(name="North Police", kind=Agency.Kind.POLICE)
    police_user = UserFactory(role=Role.PARTNER_AGENCY, agency=police)
    girl = _girl_open_to_child_protection(practitioner, cp_team, worker)
    contact = frontdoor.record_contact(
        details=frontdoor.ContactDetails(
            received_at=timezone.now(),
            method="partner_portal",
            referral_source="6",
            concerns=["domestic_abuse"],
            concern_details="The man in the safety plan came back tonight.",
            consent="given",
            consent_asked="parent",
            named_children=[
                frontdoor.NamedChild(name="Ada Abara", date_of_birth=girl.date_of_birth)
            ],
        ),
        by=police_user,
    )

    # The MASH opens the contact and finds her, with her plan and worker, though it may not
    # open her record yet.
    sign_in(page, practitioner)
    page.goto(contact.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("link", name="find or create the record for Ada Abara").click()
    results = page.get_by_role("table", name="Children matching your search")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("Open to Child protection team 2, Sam Ng")
    expect(results).to_contain_text("Child protection plan: physical abuse")
    expect(results).to_contain_text("N17")
    assert_accessible(page)
    results.get_by_role("button", name="This is the child Ada Abara").click()

    # The contact page shows her open involvement and who was told; her record now opens.
    known = page.locator("main")
    expect(known).to_contain_text("Already known to children's services")
    expect(known).to_contain_text("Open to Child protection team 2, Sam Ng")
    expect(known).to_contain_text("Child protection plan: physical abuse")
    expect(page.get_by_role("table", name="Who was told of this contact")).to_contain_text("Sam Ng")
    assert_accessible(page)
    page.get_by_role("link", name="Ada Abara").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ada Abara")
    expect(page.locator("main")).to_contain_text("Sam Ng")
    expect(page.locator("main")).to_contain_text("Child protection plan: physical abuse")
    assert_accessible(page)
    sign_out(page)

    # Her worker's tray item exists the same day, and she marks the contact read.
    item = DueItem.objects.get(rule=rules.CONTACT_ON_HELD_CHILD.code, owner=worker)
    assert (item.due_on, item.closed_at, item.team) == (timezone.localdate(), None, cp_team)
    sign_in(page, worker)
    page.goto(contact.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("button", name="Mark as read").click()
    expect(page.locator(MESSAGE_BANNER)).to_contain_text("marked as read")
    assert_accessible(page)
    item.refresh_from_db()
    assert item.closed_at is not None

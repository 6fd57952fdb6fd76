"""The pathway's acceptance journey: a referral the MASH authorised is allocated with
direction; the worker assesses the child (seen alone) and the team manager authorises it; a strategy
discussion starts a section 47 enquiry; the initial conference makes a child protection plan; a
review conference steps it down to a child in need plan; the worker proposes closing the episode,
the team manager may not close a step-down plan so early and a head of service does. Staff of
another team and the police see none of it.

Every page on the way is checked with axe-core (WCAG 2.2 AA: serious and critical problems fail).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Agency, Role, Team, User
from opencsc.assessments.models import Assessment
from opencsc.casework.models import Referral
from opencsc.frontdoor import services as frontdoor
from opencsc.people.models import Person
from opencsc.people.services import AddressDetails, PersonDetails, create_person
from opencsc.plans.models import CINPlan
from opencsc.protection.models import ProtectionPlan, Section47Enquiry
from tests.browser.helpers import (
    MESSAGE_BANNER,
    assert_accessible,
    open_record_part,
    screenshot,
    sign_in,
    sign_out,
)
from tests.factories import AgencyFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.browser


@dataclass
class Pathway:
    """The people of the journey and the referral the MASH authorised."""

    team: Team
    manager: User
    worker: User
    head_of_service: User
    other_worker: User
    police_user: User
    child: Person
    referral: Referral


def weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def pathway(site) -> Pathway:
    mash = TeamFactory(name="MASH", kind=Team.Kind.MASH)
    team = TeamFactory(name="Assessment team 1", kind=Team.Kind.ASSESSMENT)
    elsewhere = TeamFactory(name="Children in care 1", kind=Team.Kind.CHILDREN_IN_CARE)
    practitioner = UserFactory(role=Role.MASH_PRACTITIONER, team=mash, first_name="Priya")
    mash_manager = UserFactory(role=Role.TEAM_MANAGER, team=mash, first_name="Tom")
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team, first_name="Mo", last_name="Ahmed")
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=team, first_name="Nia", last_name="Bell")
    head_of_service = UserFactory(role=Role.HEAD_OF_SERVICE, first_name="Hal", last_name="Stone")
    other_worker = UserFactory(role=Role.SOCIAL_WORKER, team=elsewhere, first_name="Kit")
    police = AgencyFactory(name="North Police", kind=Agency.Kind.POLICE)
    police_user = UserFactory(role=Role.PARTNER_AGENCY, agency=police, first_name="Dana")
    child = create_person(
        details=PersonDetails(
            kind=Person.Kind.CHILD,
            first_name="Amara",
            last_name="Okafor",
            date_of_birth=date(2016, 2, 14),
            sex="F",
        ),
        address=AddressDetails(line_1="12 Fore Street", town="London", postcode="N18 2AB"),
        by=practitioner,
    )
    received = timezone.make_aware(datetime.combine(today() - timedelta(days=40), time(9, 30)))
    contact = frontdoor.record_contact(
        details=frontdoor.ContactDetails(
            received_at=received,
            method="phone",
            referral_source="2A",
            concerns=["neglect", "domestic_abuse"],
            concern_details="Amara told her teacher that her father hits her mother.",
            consent="given",
            consent_asked="parent",
            referrer_name="Joan Ellis",
            referrer_organisation="Fore Street Primary School",
            children=[child],
        ),
        by=practitioner,
    )
    frontdoor.rate_contact(
        contact=contact, rating="amber", reason="Domestic abuse; no injury.", by=practitioner
    )
    decision = frontdoor.propose_decision(
        contact=contact,
        details=frontdoor.DecisionDetails(
            outcome="section_17",
            threshold_level="3",
            rationale="Domestic abuse in the home; Amara needs an assessment.",
            primary_need="N1",
            checks_reason="The school's account is first-hand; the assessment gathers the rest.",
        ),
        by=practitioner,
    )
    frontdoor.authorise_decision(decision=decision, by=mash_manager)
    return Pathway(
        team=team,
        manager=manager,
        worker=worker,
        head_of_service=head_of_service,
        other_worker=other_worker,
        police_user=police_user,
        child=child,
        referral=Referral.objects.get(child=child),
    )


def fill_date(page: Page, name: str, day: date) -> None:
    page.locator(f"input[name='{name}_day']").fill(str(day.day))
    page.locator(f"input[name='{name}_month']").fill(str(day.month))
    page.locator(f"input[name='{name}_year']").fill(str(day.year))


def choose(page: Page, name: str, value: str) -> None:
    page.locator(f"input[name='{name}'][value='{value}']").check()


def next_step(page: Page, label: str) -> None:
    page.get_by_role("link", name=label, exact=True).click()
    assert_accessible(page)


def expect_banner(page: Page, text: str) -> None:
    expect(page.locator(MESSAGE_BANNER)).to_contain_text(text)


def open_episode(page: Page, pathway: Pathway) -> None:
    page.goto(f"/episodes/{pathway.referral.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Episode referred")
    assert_accessible(page)


# The journey, step by step.


def manager_allocates_with_direction(page: Page, pathway: Pathway) -> None:
    """From the home page's referrals to allocate: first trying only the standard tasks."""
    page.get_by_role("link", name="Referrals to allocate").click()
    assert_accessible(page)
    page.get_by_role("link", name="Allocate Amara Okafor").click()
    assert_accessible(page)
    page.locator("#id_team").select_option(label="Assessment team 1")
    page.locator("#id_worker").select_option(label="Nia Bell")
    page.get_by_label("Management direction").fill(
        "Amara disclosed domestic abuse at school. See her alone at school this week, before "
        "her father knows, and ask about her bruising."
    )
    standard = page.locator("input[name='standard_actions']").first
    standard.check()
    page.locator("#id_standard_assignee").select_option(label="Nia Bell")
    fill_date(page, "standard_due_on", today() + timedelta(days=5))
    page.get_by_role("button", name="Allocate").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_action_1").fill("See Amara alone at school about the bruise on her arm")
    page.locator("#id_assignee_1").select_option(label="Nia Bell")
    fill_date(page, "due_on_1", today() + timedelta(days=2))
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Episode referred")
    assert_accessible(page)
    expect(
        page.get_by_role(
            "cell", name="See Amara alone at school about the bruise on her arm", exact=True
        )
    ).to_be_visible()


def worker_assesses_the_child(page: Page, pathway: Pathway) -> Assessment:
    """From the worker's caseload to the assessment, seen alone, sent to the manager."""
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your cases").click()
    assert_accessible(page)
    page.get_by_role("link", name="Amara Okafor").first.click()
    assert_accessible(page)
    open_episode(page, pathway)
    next_step(page, "Start an assessment")
    fill_date(page, "started_on", today() - timedelta(days=38))
    page.get_by_role("button", name="Start the assessment").click()
    expect_banner(page, "Assessment started")
    assert_accessible(page)
    page.get_by_role("link", name="Record the assessment").click()
    assert_accessible(page)
    fill_date(page, "seen_on", today() - timedelta(days=37))
    fill_date(page, "seen_alone_on", today() - timedelta(days=37))
    page.get_by_label("The child's views and wishes").fill("She wants the shouting to stop.")
    page.get_by_label("The child's lived experience").fill(
        "Hides in her room when her father drinks; looks after her mother afterwards."
    )
    page.get_by_label("Family history").fill("Police called to the home twice this year.")
    page.get_by_label("Parents' capacity").fill("Mother loving but frightened; father denies.")
    page.get_by_label("Analysis of risk").fill(
        "Escalating domestic abuse; Amara has a bruise she will not explain at home."
    )
    page.get_by_label("Protective factors").fill("A trusted teacher; her grandmother nearby.")
    page.locator("input[name='factors'][value='3B']").check()
    page.locator("input[name='factors'][value='18C']").check()
    choose(page, "outcome", "strategy_discussion")
    page.get_by_label("Why this outcome").fill("Reasonable cause to suspect significant harm.")
    page.get_by_role("button", name="Save and check before sending").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send to a manager to authorise").click()
    expect_banner(page, "Assessment sent to a manager")
    assert_accessible(page)
    return Assessment.objects.get(child=pathway.child)


def manager_authorises_the_assessment(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Assessments to authorise").click()
    assert_accessible(page)
    page.get_by_role("link", name="Review Amara Okafor").click()
    assert_accessible(page)
    choose(page, "decision", "authorise")
    page.get_by_role("button", name="Save").click()
    expect_banner(page, "Assessment authorised")
    assert_accessible(page)


def worker_holds_the_strategy_discussion(page: Page, pathway: Pathway) -> None:
    """First without the police, which the service refuses."""
    open_episode(page, pathway)
    next_step(page, "Record a strategy discussion")
    choose(page, "kind", "meeting")
    fill_date(page, "held_on", today() - timedelta(days=30))
    page.get_by_label("Time held").fill("10:00")
    page.get_by_label("Information shared").fill(
        "School: bruise seen on 2 arms. Health: no GP visits in a year."
    )
    page.locator("#id_agency_1").select_option(value="social_care")
    page.locator("#id_name_1").fill("Nia Bell")
    page.locator("#id_role_1").fill("Social worker")
    choose(page, "harm_alleged", "yes")
    choose(page, "medical_considered", "yes")
    choose(page, "medical_decision", "needed")
    page.get_by_label("Reason for the decision about a medical").fill(
        "Unexplained bruising on a child under 11."
    )
    choose(page, "start_section_47", "yes")
    page.get_by_label("Why?").fill("Amara is likely to suffer significant harm.")
    page.get_by_role("button", name="Save the strategy discussion").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("police")
    assert_accessible(page)
    page.locator("#id_agency_2").select_option(value="police")
    page.locator("#id_name_2").fill("DC Sam Reid")
    page.locator("#id_role_2").fill("Child abuse investigation team")
    page.get_by_role("button", name="Save the strategy discussion").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Strategy meeting")
    assert_accessible(page)


def worker_completes_the_enquiry(page: Page, pathway: Pathway) -> None:
    open_episode(page, pathway)
    next_step(page, "Complete the section 47 enquiry")
    fill_date(page, "completed_on", today() - timedelta(days=22))
    choose(page, "outcome", "conference")
    page.get_by_label("Reasons for the outcome").fill("Physical abuse substantiated.")
    page.get_by_role("button", name="Complete the enquiry").click()
    assert_accessible(page)


def fill_conference_record(page: Page) -> None:
    """Who was invited by agency, how the parents and the child took part, a report, a dissent."""
    page.locator("#id_attendee_agency_1").select_option(value="police")
    page.locator("#id_attendee_name_1").fill("DC Sam Reid")
    page.locator("#id_attendee_role_1").fill("Child abuse investigation team")
    choose(page, "attendee_attended_1", "yes")
    page.locator("#id_attendee_agency_2").select_option(value="health")
    page.locator("#id_attendee_name_2").fill("Dr Ada Bello")
    page.locator("#id_attendee_role_2").fill("GP")
    choose(page, "attendee_attended_2", "no")
    choose(page, "parents_participation", "attended")
    choose(page, "child_participation", "views_another_way")
    page.locator("#id_report_agency_1").select_option(value="education")
    choose(page, "report_received_1", "yes")
    choose(page, "report_shared_1", "yes")
    page.get_by_label("Who dissented from the decision (if anyone)").fill("Dr Ada Bello (GP)")
    page.get_by_label("Why they dissented").fill("Thought a child in need plan was enough.")


def worker_writes_the_plan(page: Page, pathway: Pathway) -> None:
    """A vague action is refused next to it, with the guidance; a specific one is saved."""
    next_step(page, "Write the plan")
    page.get_by_label("Outcomes for the child").fill(
        "Amara is safe from physical harm at home and goes to school every day."
    )
    page.get_by_label("What must change").fill("Father stops using physical punishment.")
    page.get_by_label("Contingency plan").fill(
        "If a new injury is seen, a strategy discussion is held the same working day."
    )
    page.get_by_label("The child's views").fill("Amara wants her dad to stop shouting.")
    page.get_by_label("The parents' views").fill("Mother agrees; father disagrees.")
    page.locator("#id_action_1").fill("Monitor")
    page.locator("#id_who_1").fill("Social worker")
    fill_date(page, "due_on_1", today() + timedelta(days=30))
    page.locator("#id_member_name_1").fill("Kim Lee")
    page.locator("#id_member_agency_1").select_option(value="education")
    page.locator("#id_member_role_1").fill("Designated safeguarding lead")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("standard phrase")
    assert_accessible(page)
    page.locator("#id_action_1").fill("Social worker sees Amara alone at school every week")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Child protection plan")
    expect(page.locator("main")).to_contain_text("Kim Lee, Designated safeguarding lead")
    assert_accessible(page)


def worker_records_a_core_group(page: Page, held: date) -> None:
    next_step(page, "Record a core group meeting")
    fill_date(page, "held_on", held)
    page.locator("input[name^='present_'][value='yes']").first.check()
    page.locator("input[name^='status_'][value='in_progress']").first.check()
    page.locator("textarea[name^='note_']").first.fill("Seen alone twice; Amara is calmer.")
    page.get_by_label("Progress against the plan").fill("Good start; father engaging.")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.locator("main")).to_contain_text("Seen alone twice; Amara is calmer.")
    assert_accessible(page)


def worker_records_the_initial_conference(page: Page, pathway: Pathway, held: date) -> None:
    open_episode(page, pathway)
    next_step(page, "Record the initial conference")
    fill_date(page, "held_on", held)
    page.get_by_label("Chair").fill("Ruth Moss, independent chair")
    choose(page, "outcome", "plan")
    page.get_by_label("Category of abuse (if there is a plan)").select_option(value="PHY")
    page.get_by_label("Summary of the conference").fill(
        "Physical abuse by father; plan to keep Amara safe at home with her mother."
    )
    fill_conference_record(page)
    page.get_by_role("button", name="Save the conference").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Child protection plan")
    assert_accessible(page)


def worker_records_the_review_and_steps_down(page: Page, pathway: Pathway, held: date) -> None:
    open_episode(page, pathway)
    next_step(page, "Record a review conference")
    # The review sees the plan's progress.
    expect(page.locator("main")).to_contain_text("Seen alone twice; Amara is calmer.")
    fill_date(page, "held_on", held)
    fill_conference_record(page)
    page.get_by_label("Chair").fill("Ruth Moss, independent chair")
    choose(page, "outcome", "end")
    choose(page, "end_reason", "stepped_down")
    page.get_by_label("Summary of the conference").fill(
        "Father has left the home; Amara is safe. Step down to a child in need plan."
    )
    page.get_by_label("Child in need plan: outcomes for the child").fill(
        "Amara feels safe and goes to school every day."
    )
    page.get_by_label("Child in need plan: the child's views").fill("She is happier now.")
    page.get_by_label("Child in need plan: contingency plan").fill(
        "If father returns, call a strategy discussion the same day."
    )
    page.locator("#id_step_down_action_1").fill("Weekly session with the school counsellor")
    page.locator("#id_step_down_who_1").fill("Fore Street Primary School")
    fill_date(page, "step_down_due_on_1", today() + timedelta(days=20))
    page.get_by_role("button", name="Save the conference").click()
    assert_accessible(page)


def worker_proposes_closure(page: Page, pathway: Pathway) -> None:
    open_episode(page, pathway)
    next_step(page, "Propose closing the episode")
    choose(page, "reason", "RC7")
    page.get_by_label("Closing summary").fill(
        "Amara is safe, her father has left and school reports she is thriving."
    )
    page.get_by_label("Deadlines still open").fill(
        "The plan's review and visit are no longer needed: the family no longer needs us."
    )
    page.get_by_role("button", name="Send for authorisation").click()
    assert_accessible(page)


def review_closure(page: Page, pathway: Pathway) -> None:
    open_episode(page, pathway)
    next_step(page, "Review the proposed closure")
    choose(page, "decision", "authorise")
    page.get_by_role("button", name="Save").click()
    assert_accessible(page)


def test_a_child_from_referral_to_closure(page: Page, pathway: Pathway) -> None:
    icpc = weekday_on_or_before(today() - timedelta(days=20))
    review = weekday_on_or_before(today() - timedelta(days=5))

    sign_in(page, pathway.manager)
    manager_allocates_with_direction(page, pathway)
    page.goto("/caseloads/")
    expect(page.get_by_role("heading", name="Team caseloads", level=1)).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, pathway.worker)
    assessment = worker_assesses_the_child(page, pathway)
    # The worker cannot authorise their own work.
    page.goto(f"/assessments/{assessment.pk}/review/")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Review the assessment")
    sign_out(page)

    sign_in(page, pathway.manager)
    manager_authorises_the_assessment(page)
    sign_out(page)

    sign_in(page, pathway.worker)
    worker_holds_the_strategy_discussion(page, pathway)
    enquiry = Section47Enquiry.objects.get(child=pathway.child)
    assert enquiry.started_on == today() - timedelta(days=30)
    worker_completes_the_enquiry(page, pathway)
    worker_records_the_initial_conference(page, pathway, icpc)
    plan = ProtectionPlan.objects.get(child=pathway.child)
    assert (plan.started_on, plan.initial_category) == (icpc, "PHY")
    worker_writes_the_plan(page, pathway)
    worker_records_a_core_group(page, weekday_on_or_before(today() - timedelta(days=10)))
    screenshot(page, "pathway-cp-plan")
    worker_records_the_review_and_steps_down(page, pathway, review)
    plan.refresh_from_db()
    cin_plan = CINPlan.objects.get(child=pathway.child)
    assert (plan.ended_on, plan.end_reason) == (review, "stepped_down")
    assert cin_plan.started_on == review + timedelta(days=1)
    assert cin_plan.after_protection_plan == plan
    page.goto(f"/plans/{cin_plan.pk}/")
    assert_accessible(page)
    worker_proposes_closure(page, pathway)
    sign_out(page)

    # The team manager may not close a step-down plan before its three months are up.
    sign_in(page, pathway.manager)
    page.goto("/alerts/")
    expect(page.get_by_role("heading", name="Alerts", level=1)).to_be_visible()
    assert_accessible(page)
    review_closure(page, pathway)
    expect(page.locator(".govuk-error-summary")).to_contain_text("head of service")
    sign_out(page)

    sign_in(page, pathway.head_of_service)
    review_closure(page, pathway)
    pathway.referral.refresh_from_db()
    assert (pathway.referral.status, pathway.referral.closed_on) == ("closed", today())
    assert pathway.referral.closure_reason == "RC7"

    # The child's record holds each CIN census item the pathway produced.
    open_record_part(page, pathway.child, "Contacts and episodes")
    assert_accessible(page)
    episodes = page.locator("#episodes").locator("xpath=..")
    expect(episodes).to_contain_text("Services ceased for any other reason")
    expect(episodes).to_contain_text("3B")
    expect(episodes).to_contain_text("Physical abuse")
    screenshot(page, "pathway-child-record")
    sign_out(page)


def test_other_teams_and_partner_agencies_see_none_of_the_pathway(
    page: Page, pathway: Pathway
) -> None:
    episode = f"/episodes/{pathway.referral.pk}/"
    for user in (pathway.other_worker, pathway.police_user):
        sign_in(page, user)
        page.goto(episode)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Page not found")
        assert_accessible(page)
        page.goto(f"/people/{pathway.child.pk}/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Page not found")
        sign_out(page)

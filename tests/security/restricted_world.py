"""A borough in miniature around one restricted child whose name, date of birth and record number
are unique markers: a sibling and a parent in the same household, both relationships recorded, the
sibling assessed with them, a contact naming both, a check and a decision on it, a transfer, due
items (some overdue, so alerts), an assessment waiting for a manager, a closure waiting for one, a
child in need plan and a visit, a section 47 enquiry, a case note about both children, and the
access log rows all of it wrote.
items (some overdue, so alerts), tray items owned by a worker the record does not name (a directed
action, returned work, a note to read), an assessment waiting for a manager, a closure waiting for
one, a child in need plan and a visit, a section 47 enquiry, and the access log rows all of it
wrote.
items (some overdue, so alerts), warnings on the child and the parent, an assessment waiting for
a manager, a closure waiting for one, a child in need plan and a visit, a section 47 enquiry, and
the access log rows all of it wrote.

Staff of every role: a social worker named on the record (who must see it) and, not named, the
holding team's worker, advanced practitioner and manager, the receiving team's manager, a MASH
practitioner and a MASH manager, a head of service, a quality-assurance officer, a performance
analyst, an administrator, business support and a partner-agency user; and a likely duplicate pair
of the restricted child and its sibling."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.db.models import F

from opencsc.accounts.models import Role, Team, User
from opencsc.assessments.models import Assessment
from opencsc.assessments.services import start_assessment
from opencsc.casework.models import Allocation, DirectionAction, Referral, Transfer
from opencsc.casework.services import change_child_details, directions
from opencsc.casework.services.allocation import allocate
from opencsc.casework.services.referrals import open_referral
from opencsc.casework.services.warnings import set_warning
from opencsc.frontdoor.models import Contact, MeetingItem
from opencsc.frontdoor.services import tell_holders
from opencsc.missing import services as missing
from opencsc.notes.models import NoteKind
from opencsc.notes.services import NoteDetails, record_note
from opencsc.people.models import DuplicatePair, Person, PersonWarning, Relationship
from opencsc.people.services import AddressDetails, link_relative, record_move
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from tests.casework.factories import (
    CINPlanFactory,
    ClosureFactory,
    Section47EnquiryFactory,
    TeamTransferFactory,
    VisitFactory,
)
from tests.factories import (
    AgencyCheckFactory,
    AgencyFactory,
    ContactChildFactory,
    ContactDecisionFactory,
    ContactFactory,
    HouseholdFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)
from tests.frontdoor.helpers import london

FIRST_NAME = "Zqxmarkerfirst"
LAST_NAME = "Zqxmarkerlast"
PK = 7345691
BORN = date(2013, 2, 1)
# Every way a page could print the child: names, record number, the id in a URL, the date of birth.
MARKERS = (
    FIRST_NAME,
    LAST_NAME,
    "C7345691",
    "7345691",
    "1 February 2013",
    "1 Feb 2013",
    "01/02/2013",
    "2013-02-01",
    "Zqxmarkeraka",
    "9994570129",
    # Details with history: the name and date of birth before the worker corrected them.
    "Zqxmarkerold",
    "2 February 2013",
    "2 Feb 2013",
)
# A second restricted child, at the front door: referred, waiting for a team, on the MASH meeting's
# agenda and stepped down to early help, named only to a MASH practitioner.
FRONT_DOOR_PK = 7345692
FRONT_DOOR_MARKERS = (
    "Zqxfrontfirst",
    "Zqxfrontlast",
    "C7345692",
    "7345692",
    "5 March 2014",
    "5 Mar 2014",
    "05/03/2014",
    "2014-03-05",
)


@dataclass
class World:
    restricted: Person
    sibling: Person
    parent: Person
    named: User
    contact: Contact
    front_door_child: Person
    front_door_named: User
    staff: dict[str, User] = field(default_factory=dict)


def _staff(holding: Team, receiving: Team, mash: Team) -> dict[str, User]:
    agency = AgencyFactory()
    return {
        "named social worker": UserFactory(role=Role.SOCIAL_WORKER, team=holding),
        "holding team's social worker": UserFactory(role=Role.SOCIAL_WORKER, team=holding),
        "holding team's advanced practitioner": UserFactory(
            role=Role.ADVANCED_PRACTITIONER, team=holding
        ),
        "holding team's manager": UserFactory(role=Role.TEAM_MANAGER, team=holding),
        "receiving team's manager": UserFactory(role=Role.TEAM_MANAGER, team=receiving),
        "MASH practitioner": UserFactory(role=Role.MASH_PRACTITIONER, team=mash),
        "MASH manager": UserFactory(role=Role.TEAM_MANAGER, team=mash),
        "named MASH practitioner": UserFactory(role=Role.MASH_PRACTITIONER, team=mash),
        "head of service": UserFactory(role=Role.HEAD_OF_SERVICE),
        "quality assurance officer": UserFactory(role=Role.QUALITY_ASSURANCE),
        "performance analyst": UserFactory(role=Role.PERFORMANCE_ANALYST),
        "administrator": UserFactory(role=Role.ADMINISTRATOR),
        "business support": UserFactory(role=Role.BUSINESS_SUPPORT),
        "partner agency user": UserFactory(role=Role.PARTNER_AGENCY, agency=agency),
        "return interview officer": UserFactory(role=Role.RETURN_INTERVIEW_OFFICER),
    }


def build_world() -> World:
    """Build it through the services where they word what is stored (relationships, referrals,
    the assessment of siblings together), with factories for the rest."""
    holding = TeamFactory(name="Assessment team 1", kind=Team.Kind.ASSESSMENT)
    receiving = TeamFactory(name="Child protection team 2", kind=Team.Kind.CHILD_PROTECTION)
    mash = TeamFactory(name="MASH", kind=Team.Kind.MASH)
    staff = _staff(holding, receiving, mash)
    named = staff["named social worker"]
    worker = staff["holding team's social worker"]
    hos = staff["head of service"]
    household = HouseholdFactory()
    restricted = PersonFactory(
        pk=PK,
        first_name=FIRST_NAME,
        last_name="Zqxmarkerold",  # corrected below through the service, kept as a previous name
        date_of_birth=date(2013, 2, 2),
        household=household,
        other_names="Zqxmarkeraka",
        nhs_number="9994570129",
    )
    # Before any other record, so that the database's next id is not this one (SQLite).
    front_door_child = PersonFactory(
        pk=FRONT_DOOR_PK,
        first_name="Zqxfrontfirst",
        last_name="Zqxfrontlast",
        date_of_birth=date(2014, 3, 5),
        household=household,
        recording_team=mash,
    )
    sibling = PersonFactory(
        first_name="Amara", last_name="Okafor", household=household, date_of_birth=date(2016, 4, 3)
    )
    parent = PersonFactory(adult=True, first_name="Grace", last_name="Okafor", household=household)

    # A contact naming both children, with a check and a decision waiting for a manager.
    contact = ContactFactory(rated=True, team=mash)
    ContactChildFactory(contact=contact, child=restricted)
    ContactChildFactory(contact=contact, child=sibling)
    AgencyCheckFactory(contact=contact, agency=staff["partner agency user"].agency)
    ContactDecisionFactory(contact=contact)
    partner_contact = ContactFactory(
        from_partner=True,
        referrer_agency=staff["partner agency user"].agency,
        recorded_by=staff["partner agency user"],
        team=mash,
    )
    ContactChildFactory(contact=partner_contact, child=restricted)

    # Both referred (the service words the due items) and allocated to the holding team.
    referrals: dict[int, Referral] = {}
    for child, holder in ((restricted, named), (sibling, worker)):
        referral = open_referral(
            child=child,
            contact=contact,
            decision=None,
            referred_on=date(2026, 3, 2),
            referral_source="2A",
            primary_need="N1",
            by=hos,
        )
        allocation = allocate(
            child=child,
            team=holding,
            worker=holder,
            started_on=date(2026, 3, 2),
            by=hos,
            referral=referral,
        )
        # A directed action on each (its pages, and the due item the worker's tray shows).
        directions.direct(
            allocation=allocation,
            directed=[directions.NewAction("Visit at home", holder, date(2026, 6, 5))],
            by=hos,
            today=date(2026, 3, 2),
        )
        referrals[child.pk] = referral

    restricted.is_restricted = True
    restricted.save(update_fields=["is_restricted"])
    restricted.named_staff.add(named)

    # The family, recorded by the named worker (the service words both chronologies).
    link_relative(person=sibling, relative=restricted, kind=Relationship.Kind.SIBLING, by=named)
    link_relative(
        person=restricted,
        relative=parent,
        kind=Relationship.Kind.PARENT,
        has_parental_responsibility=True,
        by=named,
    )

    # The sibling assessed with the restricted child; the restricted child's sent to a manager.
    start_assessment(
        referral=referrals[sibling.pk],
        siblings=[referrals[restricted.pk]],
        started_on=date(2026, 3, 3),
        worker=named,
        by=named,
    )
    Assessment.objects.filter(child=restricted).update(
        status=Assessment.Status.PROPOSED, proposed_by=named, proposed_at=F("created_at")
    )

    # A transfer to another team, a closure waiting for a manager, plans, visits, an enquiry.
    TeamTransferFactory(
        referral=referrals[restricted.pk], from_team=holding, to_team=receiving, proposed_by=named
    )
    ClosureFactory(referral=referrals[restricted.pk], proposed_by=named)
    plan = CINPlanFactory(referral=referrals[restricted.pk], created_by=named)
    VisitFactory(cin_plan=plan, visited_by=named)
    Section47EnquiryFactory(
        strategy_discussion__referral=referrals[restricted.pk], recorded_by=named
    )
    front_door_child = _front_door(front_door_child, staff, mash, sibling)
    # A case note about both children, finalised, and one about the sibling alone, which the
    # holding team's worker and manager (not named on the record) are asked to read. The first is
    # held back from everyone the record does not name; the second names the restricted child
    # only in the sibling's chronology line, by key.
    record_note(
        children=[restricted, sibling],
        details=NoteDetails(
            kind=NoteKind.objects.get(code="home-visit"),
            happened_at=datetime(2026, 3, 4, 10, 30, tzinfo=UTC),
            present="Both children and their mother",
            text="Saw both children at home.",
        ),
        finalise=True,
        by=named,
    )
    record_note(
        children=[sibling],
        details=NoteDetails(
            kind=NoteKind.objects.get(code="phone-call"),
            happened_at=datetime(2026, 3, 5, 9, 0, tzinfo=UTC),
            present="",
            text="Mother called about the sibling's school place.",
        ),
        finalise=True,
        readers=[worker, staff["holding team's manager"]],
        by=named,
    )
    # Issue 12: the holding team told of the contact about the restricted child (their trays).
    tell_holders(contact=contact, child=restricted, by=staff["MASH practitioner"])
    # Warnings: on the restricted child (its banner and history only for the named worker) and on
    # the parent in the household (on the sibling's banner too).
    set_warning(
        person=restricted,
        kind=PersonWarning.Kind.RISK_OF_VIOLENCE,
        details="Violent outbursts towards adults; see the safety plan.",
        review_on=date(2026, 9, 1),
        by=named,
    )
    set_warning(
        person=parent,
        kind=PersonWarning.Kind.RISK_TO_STAFF,
        details="Threatened a visiting worker; visit in pairs.",
        review_on=date(2026, 9, 1),
        by=worker,
    )
    # The named worker corrects the child's name and date of birth (a previous name kept, the
    # holding manager alerted) and records the household's move (old address kept).
    change_child_details(
        person=restricted,
        changes={"last_name": LAST_NAME, "date_of_birth": BORN},
        reason="Birth certificate seen",
        by=named,
    )
    restricted.refresh_from_db()
    record_move(
        person=restricted,
        address=AddressDetails(line_1="5 Moved Road", postcode="N9 0PZ"),
        moved_on=date(2026, 4, 1),
        with_household=True,
        by=named,
    )
    restricted.refresh_from_db()
    # Work due on the restricted child for the team (overdue: an alert) and for the worker.
    timescales.open_due_item(
        rules.STRATEGY_DISCUSSION,
        child=restricted,
        record=referrals[restricted.pk],
        start=date(2026, 3, 2),
        team=holding,
        owner=named,
        summary="Strategy discussion",
    )
    _tray_items(restricted, worker=worker, team=holding, by=staff["holding team's manager"])
    _missing_episode(restricted, worker=named, officer=staff["return interview officer"])
    # A likely duplicate pair with the restricted child, waiting for review: listed to business
    # support, the MASH manager, heads of service and the holding team's manager.
    low, high = DuplicatePair.ordered(restricted.pk, sibling.pk)
    DuplicatePair.objects.create(person_a_id=low, person_b_id=high, found_on=date(2026, 3, 4))
    return World(
        restricted=restricted,
        sibling=sibling,
        parent=parent,
        named=named,
        contact=contact,
        front_door_child=front_door_child,
        front_door_named=staff["named MASH practitioner"],
        staff=staff,
    )


def _front_door(child: Person, staff: dict[str, User], mash: Team, sibling: Person) -> Person:
    """The second restricted child: a contact naming them with the sibling, on today's MASH
    meeting, a referral waiting for a team, a step down to early help."""
    contact = ContactFactory(rated=True, team=mash)
    ContactChildFactory(contact=contact, child=child)
    ContactChildFactory(contact=contact, child=sibling)
    MeetingItem.objects.create(
        contact=contact, meeting_on=date(2026, 6, 1), added_by=staff["MASH manager"]
    )
    open_referral(
        child=child,
        contact=contact,
        decision=None,
        referred_on=date(2026, 5, 29),
        referral_source="2A",
        primary_need="N1",
        by=staff["head of service"],
    )
    Transfer.objects.create(
        child=child,
        kind=Transfer.Kind.STEP_DOWN,
        from_team=mash,
        to_team=TeamFactory(name="Early help 1", kind=Team.Kind.EARLY_HELP),
        transferred_on=date(2026, 5, 28),
        reason="Needs family support, not social work.",
        contact=contact,
        recorded_by=staff["MASH manager"],
    )
    child.is_restricted = True
    child.save(update_fields=["is_restricted"])
    child.named_staff.add(staff["named MASH practitioner"])
    return child


def _tray_items(restricted: Person, *, worker: User, team: Team, by: User) -> None:
    """Tray items about the restricted child owned by a worker the record does not name
    (issue 12): an overdue directed action (so the team tray and an alert), work returned to them,
    and a note to read."""
    allocation = Allocation.objects.get(child=restricted, ended_on=None)
    action = DirectionAction.objects.create(
        allocation=allocation,
        action="Visit Zqxmarkerfirst at home",
        assignee=worker,
        due_on=date(2026, 5, 28),
    )
    timescales.open_due_item(
        rules.DIRECTED_ACTION,
        child=restricted,
        record=action,
        start=date(2026, 5, 28),
        owner=worker,
        team=team,
    )
    assessment = Assessment.objects.get(child=restricted)
    timescales.open_due_item(
        rules.RETURNED_TO_WORKER,
        child=restricted,
        record=assessment,
        start=date(2026, 5, 29),
        owner=worker,
        team=team,
    )
    timescales.open_due_item(
        rules.NOTE_TO_READ,
        child=restricted,
        record=restricted,
        start=date(2026, 5, 29),
        owner=worker,
        team=team,
    )


def _missing_episode(child: Person, *, worker: User, officer: User) -> None:
    """Issue 14: the restricted child went missing on a Friday evening and came back the next
    morning (the holding team told, the 72-hour item open); the return interview officer offered
    the interview, the child accepted, and the interview agreed an action for the worker."""
    episode = missing.record_episode(
        details=missing.EpisodeDetails(
            reported_at=london(2026, 5, 29, 19, 0),
            reported_by="Foster carer",
            absence="missing",
            police_risk="medium",
            missing_from="care_placement",
            missing_since=london(2026, 5, 29, 18, 0),
        ),
        child=child,
        by=worker,
    )
    missing.record_return(
        episode=episode, returned_at=london(2026, 5, 30, 10, 0), found_where="A park", by=worker
    )
    missing.record_attempt(
        episode=episode,
        attempted_at=london(2026, 5, 30, 12, 0),
        method="phone",
        outcome="accepted",
        by=officer,
    )
    interview = missing.record_interview(
        episode=episode,
        details=missing.InterviewDetails(
            held_at=london(2026, 5, 31, 11, 0), method="in_person", why_went="A row at home."
        ),
        by=officer,
    )
    missing.add_action(
        interview=interview,
        action="Talk to the school",
        owner=worker,
        due_on=date(2026, 6, 10),
        by=officer,
    )

"""The pathway's design shares (tuned to shared/domain/rates.yaml) and the records it plans for
each group of children referred together, before the apps' demo modules save them."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from opencsc.accounts.models import Team, User
from opencsc.demo.build import Case
from opencsc.demo.frontdoor import (
    Episode,
)
from opencsc.people.models import Person
from opencsc.plans.models import Visit
from opencsc.protection.models import (
    Section47Enquiry,
)

ONE_DAY = timedelta(days=1)
PRONOUNS = {"M": ("he", "him", "his"), "F": ("she", "her", "her")}
CP, CIN = Visit.PlanType.CHILD_PROTECTION.value, Visit.PlanType.CHILD_IN_NEED.value
CHILD_PROTECTION = Team.Kind.CHILD_PROTECTION
DISABLED_CHILDREN = Team.Kind.DISABLED_CHILDREN
CHILDREN_IN_CARE = Team.Kind.CHILDREN_IN_CARE
ASSESSMENT_TEAM = Team.Kind.ASSESSMENT
EnquiryOutcome = Section47Enquiry.Outcome

# Working days from the strategy discussion to the initial conference (CIN-2025 table C4 bands:
# 81.4% within 15).
ICPC_DAYS = {(8, 10): 6_240, (11, 15): 52_430, (16, 20): 6_430, (21, 30): 6_990}
# Initial category of abuse of plans started (rates.yaml shares.cp_initial_category).
CATEGORY_WEIGHTS = {"NEG": 0.50, "EMO": 0.33, "SAB": 0.035, "PHY": 0.09, "MUL": 0.045}
# The assessment factor that goes with each category (a plan's child has it recorded).
CATEGORY_FACTOR = {"NEG": "16A", "EMO": "17A", "PHY": "18C", "SAB": "19C"}
# Days an open plan has lasted (CIN-2025 table D5 bands), and an ended plan lasted (table D7).
OPEN_PLAN_DAYS = {
    (10, 91): 0.315,
    (92, 182): 0.255,
    (183, 365): 0.263,
    (366, 730): 0.144,
    (731, 850): 0.023,
}
ENDED_PLAN_DAYS = {
    (45, 91): 0.159,
    (92, 182): 0.110,
    (183, 365): 0.435,
    (366, 730): 0.252,
    (731, 850): 0.044,
}
# Assessment factors and the share of assessments recording each (CIN-2025 table C3); "8B-8F"
# stands for the private fostering codes, drawn as 8E.
FACTOR_SHARES = {
    "4B": 0.335,
    "3B": 0.317,
    "17A": 0.190,
    "4A": 0.176,
    "16A": 0.176,
    "20": 0.163,
    "1B": 0.143,
    "2B": 0.141,
    "5A": 0.123,
    "18C": 0.120,
    "3A": 0.113,
    "14A": 0.070,
    "6B": 0.054,
    "3C": 0.050,
    "15A": 0.050,
    "2A": 0.048,
    "6A": 0.047,
    "4C": 0.046,
    "7A": 0.037,
    "19C": 0.037,
    "10A": 0.033,
    "24A": 0.032,
    "2C": 0.031,
    "18B": 0.030,
    "5B": 0.030,
    "19B": 0.025,
    "11A": 0.024,
    "1C": 0.023,
    "1A": 0.021,
    "13A": 0.017,
    "5C": 0.015,
    "9A": 0.012,
    "6C": 0.010,
    "12A": 0.004,
    "23A": 0.004,
    "8E": 0.004,
    "22A": 0.002,
}
# Working days from an assessment's authorisation to the long-term team accepting the case.
TRANSFER_WAIT = {(1, 5): 50, (6, 10): 35, (11, 15): 10, (16, 25): 5}
# What a child protection team's episode holds now (design, tuned so that `la` lands near its
# targets: 270 open plans, 310 plans and 390 initial conferences a year): by whether the front
# door decided on a section 47.
LONG_TERM_STATES = {
    True: {"protection": 0.23, "stepped_down": 0.31, "in_need": 0.46},
    False: {"protection": 0.10, "stepped_down": 0.0, "in_need": 0.90},
}
# A plan starting long after the episode did was a second plan (the first stepped down) this often.
REPEAT_SHARE = 1.0
# Days needed between the first enquiry and the later one for a first plan and a step-down between.
REPEAT_ROOM_DAYS = 180
# Outcomes of an enquiry that called no conference, and of the conferences held outside a
# child protection team (no plan: the child stayed with the assessment team or left).
ENQUIRY_OUTCOMES = {EnquiryOutcome.NOT_SUBSTANTIATED: 55, EnquiryOutcome.NO_CONFERENCE: 45}
# Share of enquiries in an episode that stays on a child in need plan that went to a conference
# which made no plan.
NO_PLAN_CONFERENCE_SHARE = 0.25
# Share of other enquiries (assessment teams) that went to a conference which made no plan.
ASSESSMENT_CONFERENCE_SHARE = 0.05
# Strategy discussions that agreed no section 47 enquiry.
NO_ENQUIRY_SHARE = 0.05
# Episodes an assessment team closed without a section 47 decision that had a strategy discussion
# during the assessment.
ESCALATION_SHARE = 0.09
# How an open assessment team's assessment stands once its day has come: awaiting the manager,
# authorised with the child waiting for a long-term team, or authorised with closure proposed.
ASSESSED_STATES = {"submitted": 40, "waiting": 35, "closing": 25}
# Closed after an assessment: referred to early help (RC9) or no further action (RC8).
EARLY_HELP_AFTER_ASSESSMENT = 0.35
# Children seen alone during the assessment, seen with a reason recorded, or (only lately
# authorised, so the manager's alert is open) neither.
SEEN_ALONE = {"alone": 85, "reason": 12, "neither": 3}
# Disabled children: how many disabilities each; other children in need recorded with none.
DISABILITIES_PER_CHILD = {1: 50, 2: 35, 3: 15}
NO_DISABILITY_SHARE = 0.7
OTHER_DISABILITY_SHARE = 0.03
# An assessment team's case held longer than this closed a while after its assessment ended.
LONG_ASSESSMENT_CASE_DAYS = 100
# Updated assessments of children on long-term plans, a year after the last.
REASSESS_AFTER_DAYS = (270, 390)


@dataclass(slots=True)
class PlannedAssessment:
    """One assessment of a group of siblings: what they share."""

    started_on: date
    worker: User
    team: Team
    status: str
    outcome: str = ""
    submitted_on: date | None = None
    authorised_on: date | None = None
    authorised_by: User | None = None
    due_on: date | None = None


@dataclass(slots=True)
class PlannedConference:
    held_on: date
    kind: str
    outcome: str
    category: str = ""


@dataclass(slots=True)
class PlannedProtectionPlan:
    started_on: date
    category: str
    ended_on: date | None = None
    end_reason: str = ""
    reviews: list[PlannedConference] = field(default_factory=list)
    core_groups: list[date] = field(default_factory=list)
    visits: list[date] = field(default_factory=list)


@dataclass(slots=True)
class PlannedEnquiry:
    started_on: date
    due_on: date
    completed_on: date | None = None
    outcome: str = ""
    conference: PlannedConference | None = None
    plan: PlannedProtectionPlan | None = None


@dataclass(slots=True)
class PlannedStrategy:
    held_at: datetime
    worker: User
    harm_alleged: bool
    start_section_47: bool
    enquiry: PlannedEnquiry | None = None


@dataclass(slots=True)
class PlannedChildInNeedPlan:
    started_on: date
    created_by: User
    ended_on: date | None = None
    end_reason: str = ""
    after: PlannedProtectionPlan | None = None
    keep_open_until: date | None = None
    reviews: list[date] = field(default_factory=list)
    visits: list[date] = field(default_factory=list)
    actions: list[tuple[str, str, date, str]] = field(default_factory=list)
    texts: tuple[str, str, str] = ("", "", "")


@dataclass(slots=True)
class PlannedTeamTransfer:
    from_team: Team
    to_team: Team
    reason: str
    completed_on: date
    requested_on: date
    requested_by: User
    answered_on: date | None = None
    answered_by: User | None = None


@dataclass(slots=True)
class PlannedClosure:
    closed_on: date
    reason: str
    summary: str
    status: str
    proposed_by: User
    proposed_at: datetime
    reviewed_by: User | None = None
    reviewed_at: datetime | None = None


@dataclass
class GroupPath:
    """The pathway of one group of children referred together: the same events on the same days."""

    episodes: list[Episode]
    cases: list[Case]
    assessments: list[PlannedAssessment] = field(default_factory=list)
    strategies: list[PlannedStrategy] = field(default_factory=list)
    protection_plans: list[PlannedProtectionPlan] = field(default_factory=list)
    cin_plans: list[PlannedChildInNeedPlan] = field(default_factory=list)
    transfer: PlannedTeamTransfer | None = None
    closure: PlannedClosure | None = None
    # Set while a strategy discussion the front door asked for is still to be held.
    strategy_due_from: date | None = None


@dataclass(slots=True)
class ChildAssessment:
    """One child's part of an assessment."""

    child: Person
    episode: Episode
    assessment: PlannedAssessment
    seen_on: date | None
    seen_alone_on: date | None
    not_seen_alone_reason: str
    factors: list[str]
    texts: tuple[str, str, str, str]


@dataclass
class PathwayPlan:
    """Everything the pathway will save."""

    paths: list[GroupPath] = field(default_factory=list)
    child_assessments: list[ChildAssessment] = field(default_factory=list)
    disabilities: list[tuple[Person, str, User | None]] = field(default_factory=list)

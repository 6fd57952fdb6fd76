"""The front door's design shares and the records it plans, before they are saved."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from opencsc.accounts.models import Agency, Team, User
from opencsc.casework.models import Referral, Transfer
from opencsc.demo.build import Case
from opencsc.frontdoor.codes import (
    Disclosure,
    Outcome,
    Rating,
)
from opencsc.frontdoor.models import (
    Contact,
)
from opencsc.people.models import Person
from opencsc.timescales import rules

CUT_OFF = time(7, 30)
DAY_START, DAY_END, LAST_CALL = time(8, 30), time(18, 0), time(17, 45)
MEETING_AT = time(10, 0)
RED_UNTIL = time(21, 0)
MANAGERS_UNTIL = time(19, 0)
ONE_DAY = timedelta(days=1)
NEVER = date.max

RED, AMBER, GREEN = Rating.RED.value, Rating.AMBER.value, Rating.GREEN.value
NFA, ADVICE, EARLY_HELP = (
    Outcome.NO_FURTHER_ACTION,
    Outcome.INFORMATION_AND_ADVICE,
    Outcome.EARLY_HELP,
)
SECTION_17, SECTION_47 = Outcome.SECTION_17, Outcome.SECTION_47
DECISION_RULES = {
    RED: rules.CONTACT_DECISION_RED,
    AMBER: rules.CONTACT_DECISION_AMBER,
    GREEN: rules.CONTACT_DECISION_GREEN,
}
LONG_TERM = (Team.Kind.CHILD_PROTECTION, Team.Kind.CHILDREN_IN_CARE, Team.Kind.DISABLED_CHILDREN)

# Design shares (rates.yaml `shares`): RAG ratings, consent, outcomes not opening a referral.
RATING_WEIGHTS = {RED: 10, AMBER: 35, GREEN: 55}
# How much likelier a red or amber contact is to open a referral than the average contact.
STATUTORY_BY_RATING = {RED: 3.2, AMBER: 1.5, GREEN: 0.3}
SECTION_47_SHARE = {RED: 0.45, AMBER: 0.08, GREEN: 0.0}
OTHER_OUTCOMES = {
    RED: {NFA: 10, ADVICE: 25, EARLY_HELP: 65},
    AMBER: {NFA: 30, ADVICE: 22, EARLY_HELP: 48},
    GREEN: {NFA: 45, ADVICE: 28, EARLY_HELP: 27},
}
CONSENT_WEIGHTS = {"given": 70, "refused": 8, "override": 12, "not_sought": 10}
POLICE_CONSENT_WEIGHTS = {"given": 40, "refused": 5, "override": 20, "not_sought": 35}
REFUSED_OVERRIDDEN_SHARE = 0.4
DISCLOSURE_SHARE = {
    "physical_abuse": (0.35, Disclosure.PHYSICAL),
    "sexual_abuse": (0.4, Disclosure.SEXUAL),
    "emotional_abuse": (0.2, Disclosure.EMOTIONAL),
    "neglect": (0.06, Disclosure.NEGLECT),
    "criminal_exploitation": (0.1, Disclosure.OTHER),
}
# Minutes from a contact arriving (in working hours) to its triage, by rating.
TRIAGE_MINUTES = {RED: (5, 40), AMBER: (15, 150), GREEN: (30, 320)}
RE_RATED_SHARE = 0.06
RE_RATED_FROM = {RED: (AMBER,), AMBER: (GREEN, RED), GREEN: (AMBER,)}
CHECK_COUNTS = {
    RED: {2: 30, 3: 45, 4: 25},
    AMBER: {0: 10, 1: 35, 2: 40, 3: 15},
    GREEN: {0: 55, 1: 30, 2: 15},
}
LATE_CHECK_SHARE = 0.06
# Working days from the (last) rating to the proposed decision; due: red 0, amber 1, green 3.
DECISION_DAYS = {
    RED: {0: 88, 1: 9, 2: 3},
    AMBER: {0: 32, 1: 60, 2: 5, 3: 2, 5: 1},
    GREEN: {0: 12, 1: 28, 2: 28, 3: 22, 4: 6, 6: 3, 9: 1},
}
QUICK_DECISION_DAYS = {RED: {0: 1}, AMBER: {0: 1, 1: 1}, GREEN: {0: 1, 1: 1}}
RETURNED_SHARE = 0.04
RETURNED_AS = {SECTION_47: SECTION_17, SECTION_17: EARLY_HELP, EARLY_HELP: ADVICE}
STALLS = ("check", "authorisation", "check", "returned", "undecided")
# Referral outcomes: closed with no further action (Enfield 2025: 16%), or after an assessment
# lasting this many working days (CIN-2025 table C2 bands, counts).
REFERRAL_NFA_SHARE = 0.16
ASSESSMENT_DAYS = {
    (0, 0): 11_680,
    (1, 10): 75_590,
    (11, 20): 112_180,
    (21, 30): 102_260,
    (31, 40): 131_380,
    (41, 45): 122_730,
    (46, 50): 37_640,
    (51, 60): 27_860,
    (61, 90): 27_500,
}
SECTION_17_NEEDS = {
    "N1": 40,
    "N2": 8,
    "N3": 8,
    "N4": 16,
    "N5": 14,
    "N6": 6,
    "N7": 2,
    "N8": 4,
    "N9": 2,
}
SECTION_47_NEEDS = {"N1": 90, "N4": 5, "N5": 5}
# Chance that a statutory contact is about a child referred in the last 12 months (tuned so that
# about la.re_referral_share of the year's referrals are re-referrals).
RE_REFERRAL_PICK = 0.6
STEP_UP_SHARE = 0.08
# At least this share of the other contacts is decided statutory, even when the cases already
# account for the year's referrals (as at `small`, where most children hold a case).
MIN_STATUTORY_SHARE = 0.05
# Share of a team's cases whose referral went to a strategy discussion (section 47).
SECTION_47_BY_TEAM: dict[str, float] = {
    Team.Kind.CHILD_PROTECTION: 0.75,
    Team.Kind.CHILDREN_IN_CARE: 0.4,
    Team.Kind.DISABLED_CHILDREN: 0.03,
}


@dataclass
class Check:
    agency: Agency
    requested_at: datetime
    due_on: date
    due_at: datetime | None
    deadline: datetime
    returned_at: datetime | None
    chases: list[datetime]


@dataclass
class Timeline:
    """One contact's events up to the cut-off."""

    ratings: list[tuple[str, datetime, str]] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    # (proposed at, reviewed at or None, returned for more work)
    versions: list[tuple[datetime, datetime | None, bool]] = field(default_factory=list)
    meetings: list[tuple[date, datetime | None]] = field(default_factory=list)
    authorised_at: datetime | None = None


@dataclass(slots=True)
class CheckRow:
    """An agency check, as saved (plain values: the rows are inserted without model instances)."""

    agency: Agency
    status: str
    requested_at: datetime
    requested_by: User
    due_on: date
    due_at: datetime | None
    chased_at: datetime | None
    chase_count: int
    returned_at: datetime | None
    returned_by: User | None
    information: str


@dataclass(slots=True)
class DecisionRow:
    """A version of the threshold decision, as saved."""

    version: int
    status: str
    outcome: str
    threshold_level: str
    rationale: str
    primary_need: str
    early_help_team: Team | None
    proposed_by: User
    proposed_at: datetime
    reviewed_by: User | None
    reviewed_at: datetime | None
    manager_comment: str
    no_strategy_discussion_reason: str
    # What the checks stood at when proposed, why it went ahead without them, and what the
    # authorising manager did with any still outstanding (issue 13).
    checks_at_proposal: str = ""
    checks_reason: str = ""
    open_checks: str = ""


# (child or None while unmatched, given name, given date of birth, given address)
Link = tuple[Person | None, str, date | None, str]
# (rating, reason, rated by, rated at, decision due on)
RatingRow = tuple[str, str, User, datetime, date]
# (meeting on, added by, agreed, agreed by, agreed at)
MeetingRow = tuple[date, User, str, User | None, datetime | None]


@dataclass
class Planned:
    """One contact's rows, as they stand at the cut-off."""

    contact: Contact
    children: list[Person]
    links: list[Link]
    ratings: list[RatingRow]
    checks: list[CheckRow]
    meetings: list[MeetingRow]
    decisions: list[DecisionRow]
    authorised: DecisionRow | None
    due_rule: rules.Rule | None
    due_start: date | None
    due_on: date


@dataclass
class Episode:
    """A referral: one child's episode of need."""

    child: Person
    referred_on: date
    closed_on: date | None
    source: str
    primary_need: str
    created_by: User
    contact: Contact | None = None
    decision: DecisionRow | None = None
    nfa: bool = False
    section_47: bool = False
    is_re_referral: bool = False
    previous: "Episode | None" = None
    referral: Referral | None = None
    # The cases that hold the episode, in order: an assessment team's, then (if the episode went
    # on) a long-term team's; none for a referral closed with no further action.
    cases: list[Case] = field(default_factory=list)
    # Children referred together (one contact, or one anchor of siblings) share a group number:
    # their pathway runs on the same days.
    group: int = 0
    # The CIN census reason a closed episode ended, set when its pathway is planned.
    reason: str = ""

    def closure_reason(self) -> str:
        """The CIN census reason a closed episode ended: the pathway's, or with no further action
        at the referral RC7 (8825Q expects an assessment before RC8), else RC8."""
        if self.closed_on is None:
            return ""
        return self.reason or ("RC7" if self.nfa else "RC8")


@dataclass
class Anchor:
    """Cases of one family that started together, and the front-door work that led to them."""

    cases: list[Case]
    outcome: str
    end: date | None
    follow: list[Case] = field(default_factory=list)


@dataclass
class FrontDoorPlan:
    """Everything the front door will save."""

    contacts: list[Planned] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    transfers: list[Transfer] = field(default_factory=list)

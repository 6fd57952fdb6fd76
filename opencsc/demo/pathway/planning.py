"""Planning each episode's pathway in memory: what happened, on which days, for each group of
children referred together (see the package's docstring for the rules it keeps)."""

import time as timer
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from opencsc.accounts.models import Role, Team, User
from opencsc.assessments.models import Assessment, Outcome
from opencsc.casework.models import Closure
from opencsc.demo import vocabulary as words
from opencsc.demo.build import Build, Case
from opencsc.demo.frontdoor import (
    ASSESSMENT_DAYS,
    LONG_TERM,
    Episode,
    FrontDoorPlan,
    WorkingDays,
)
from opencsc.frontdoor.codes import PHYSICAL_OR_SEXUAL
from opencsc.people.models import Disability, Person
from opencsc.plans.models import PlanAction, Visit
from opencsc.protection.models import (
    Conference,
    ProtectionPlan,
    Section47Enquiry,
)
from opencsc.timescales import rules

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


class _Planner:
    """Plans every episode's pathway, drawing from the build's random source in order."""

    def __init__(self, build: Build, front_door: FrontDoorPlan) -> None:
        self.build = build
        self.front_door = front_door
        self.r = build.random
        self.today = build.today
        self.yesterday = build.today - ONE_DAY
        self.year_start = build.front_door_from
        self.zone = build.zone
        self.days = WorkingDays(self.today - timedelta(days=2400), self.today + timedelta(days=400))
        self.due_cache: dict[tuple[str, date], date] = {}
        self.managers: dict[int, User | None] = {}
        self.stand_ins: dict[int, User] = {}
        for teams in build.teams.values():
            for team in teams:
                members = build.members.get(team.pk, {})
                managers = members.get(Role.TEAM_MANAGER, [])
                self.managers[team.pk] = managers[0] if managers else None
                # Who does a case's work while it waits for a worker: the team's advanced
                # practitioner, else its first worker, else its manager.
                for role in (Role.ADVANCED_PRACTITIONER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER):
                    if members.get(role):
                        self.stand_ins[team.pk] = members[role][0]
                        break
        self.long_term_teams = {
            kind: build.teams.get(kind, []) for kind in (CHILD_PROTECTION, CHILDREN_IN_CARE)
        }
        self.plan = PathwayPlan()

    # Time

    def due(self, rule: rules.Rule, day: date) -> date:
        key = (rule.code, day)
        if key not in self.due_cache:
            self.due_cache[key] = rule.due_on(day)
        return self.due_cache[key]

    def working_on_or_before(self, day: date) -> date:
        return day if self.days.is_working(day) else self.days.back(day, 1)

    def at(self, day: date) -> datetime:
        """A moment in working hours on `day`, in London."""
        minute = self.r.randint(9 * 60, 17 * 60 + 30)
        return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=self.zone)

    def weighted(self, weights: Mapping[Any, float]) -> Any:
        left = self.r.random() * sum(weights.values())
        for key, weight in weights.items():
            left -= weight
            if left < 0:
                return key
        return key

    def between(self, weights: Mapping[tuple[int, int], float]) -> int:
        low, high = self.weighted(weights)
        return self.r.randint(low, high)

    # Who

    def case_on(self, path: GroupPath, day: date) -> Case:
        """The case holding the group's episode on `day` (the first, before it started)."""
        holding = path.cases[0]
        for case in path.cases[1:]:
            if case.started_on <= day:
                holding = case
        return holding

    def worker_on(self, path: GroupPath, day: date) -> User:
        case = self.case_on(path, day)
        return case.worker or self.stand_ins[case.team.pk]

    def manager_on(self, path: GroupPath, day: date) -> User:
        team = self.case_on(path, day).team
        return self.managers[team.pk] or self.stand_ins[team.pk]

    # Planning

    def run(self) -> PathwayPlan:
        groups: dict[int, list[Episode]] = {}
        for episode in self.front_door.episodes:
            groups.setdefault(episode.group, []).append(episode)
        for episodes in groups.values():
            path = self.plan_group(episodes)
            self.plan.paths.append(path)
            for episode in episodes:
                if episode.closed_on is not None and path.closure is not None:
                    episode.reason = path.closure.reason
            self.plan_children(path)
        self.let_visits_slip()
        self.plan_disabilities()
        self.plan_direction()
        return self.plan

    def plan_group(self, episodes: list[Episode]) -> GroupPath:
        lead = episodes[0]
        path = GroupPath(episodes, lead.cases)
        if lead.nfa or not lead.cases:
            path.closure = self.closure(path, lead.closed_on or lead.referred_on, "RC7", nfa=True)
            return path
        referred, closed = lead.referred_on, lead.closed_on
        last = closed if closed is not None else self.yesterday
        kind = path.cases[-1].team.kind
        decided = referred
        if lead.contact is not None and lead.contact.decided_on is not None:
            decided = max(referred, lead.contact.decided_on)
        first_strategy = self.days.add(decided, 0)

        assessment = self.assess(path, referred, closed)
        authorised = assessment.authorised_on if assessment else None
        enquiry: PlannedEnquiry | None = None
        if lead.section_47 and not (closed is not None and first_strategy > closed):
            last_working_day = self.days.back(self.today, 1)
            if first_strategy > last or (
                closed is None and decided == last_working_day and self.r.random() < 0.5
            ):
                path.strategy_due_from = decided
            else:
                enquiry = self.strategy(path, first_strategy, lead)

        if closed is not None:
            self.closed_after_assessment(path, enquiry, assessment, closed)
        elif kind == ASSESSMENT_TEAM:
            self.with_assessment_team(path, enquiry, assessment, last)
        elif kind == CHILD_PROTECTION:
            self.with_protection_team(path, enquiry, assessment, first_strategy, lead.section_47)
        elif kind == DISABLED_CHILDREN:
            if enquiry is not None:
                self.conclude(enquiry, last, conference=False)
            if assessment is not None and authorised is not None:
                assessment.outcome = Outcome.CIN_PLAN
                self.child_in_need_plan(path, self.cin_plan_start(authorised), None)
        else:  # looked after
            if enquiry is not None:
                self.conclude(enquiry, last, conference=False, outcome=EnquiryOutcome.NO_CONFERENCE)
            if assessment is not None:
                assessment.outcome = Outcome.LOOKED_AFTER
        for each in path.assessments:
            if each.status != Assessment.Status.IN_PROGRESS:
                each.outcome = each.outcome or Outcome.CIN_PLAN
        if kind in (CHILD_PROTECTION, DISABLED_CHILDREN) and closed is None:
            self.keep_on_a_plan(path)
        self.transfer(path)
        if kind in (CHILD_PROTECTION, DISABLED_CHILDREN) and closed is None:
            self.reassess(path)
        if path.strategies:
            path.strategy_due_from = None
        return path

    def assess(
        self, path: GroupPath, referred: date, closed: date | None
    ) -> PlannedAssessment | None:
        """The group's assessment: started when the case was allocated, authorised when the
        assessment team's case ended, or after a drawn number of working days."""
        first = path.cases[0]
        waiting = closed is None and len(path.cases) == 1 and first.worker is None
        if waiting and first.team.kind == ASSESSMENT_TEAM:
            return None  # waiting for a worker: not started yet
        started = max(referred, first.started_on)
        if started > self.yesterday:
            return None
        if len(path.cases) == 2:
            wait = self.between(TRANSFER_WAIT)
            authorised: date | None = self.days.back(path.cases[1].started_on, wait)
        elif closed is not None:
            # Closed when the assessment ended; a case held longer closed a while after it.
            authorised = self.working_on_or_before(closed - timedelta(days=self.r.randint(0, 2)))
            if (closed - referred).days > LONG_ASSESSMENT_CASE_DAYS:
                authorised = self.days.add(referred, self.between(ASSESSMENT_DAYS))
        else:
            authorised = self.days.add(referred, self.between(ASSESSMENT_DAYS))
        assert authorised is not None  # noqa: S101 - narrows the type
        authorised = max(authorised, started)
        if closed is not None:
            authorised = min(authorised, closed)
        assessment = PlannedAssessment(
            started_on=started,
            worker=self.worker_on(path, started),
            team=self.case_on(path, started).team,
            status=Assessment.Status.AUTHORISED,
            due_on=self.due(rules.ASSESSMENT, referred),
        )
        if authorised > self.yesterday:
            assessment.status = Assessment.Status.IN_PROGRESS
        else:
            self.authorise(path, assessment, authorised)
        path.assessments.append(assessment)
        return assessment

    def authorise(self, path: GroupPath, assessment: PlannedAssessment, day: date) -> None:
        assessment.status = Assessment.Status.AUTHORISED
        assessment.submitted_on = max(
            assessment.started_on, self.days.back(day, self.r.choice((0, 0, 1, 2, 3)))
        )
        assessment.authorised_on = day
        assessment.authorised_by = self.manager_on(path, day)

    def strategy(
        self, path: GroupPath, day: date, lead: Episode | None = None
    ) -> PlannedEnquiry | None:
        """A strategy discussion on `day`; the enquiry it started, if it agreed one."""
        harm = self.r.random() < 0.35
        if lead is not None and lead.contact is not None:
            harm = lead.contact.disclosure in PHYSICAL_OR_SEXUAL or harm
        start = self.r.random() >= NO_ENQUIRY_SHARE
        strategy = PlannedStrategy(
            held_at=self.at(day),
            worker=self.worker_on(path, day),
            harm_alleged=harm,
            start_section_47=start,
        )
        path.strategies.append(strategy)
        if not start:
            return None
        strategy.enquiry = PlannedEnquiry(started_on=day, due_on=self.due(rules.ICPC, day))
        return strategy.enquiry

    def conclude(
        self,
        enquiry: PlannedEnquiry,
        last: date,
        *,
        conference: bool,
        outcome: str = "",
        plan_on_conference: bool = False,
        closing: bool = False,
    ) -> date | None:
        """End the enquiry: without a conference after 5 to 15 working days, or with an initial
        conference (a plan or not). Returns the conference's day, which may be after `last` (then
        it is still to be held, and the enquiry may still be open). When the episode is
        `closing` on `last`, the enquiry ends by then, without a conference if none was held."""
        if conference:
            held = self.days.add(enquiry.started_on, self.between(ICPC_DAYS))
            if held > last and closing:
                conference = False
        if conference:
            if held <= last:
                enquiry.completed_on = max(
                    enquiry.started_on, self.days.back(held, self.r.randint(0, 3))
                )
                enquiry.outcome = EnquiryOutcome.CONFERENCE
                result = (
                    Conference.Outcome.PLAN if plan_on_conference else Conference.Outcome.NO_PLAN
                )
                enquiry.conference = PlannedConference(held, Conference.Kind.INITIAL, result)
            elif self.days.add(enquiry.started_on, 8) <= last:
                enquiry.completed_on = min(last, self.days.back(held, self.r.randint(1, 3)))
                enquiry.completed_on = max(enquiry.started_on, enquiry.completed_on)
                enquiry.outcome = EnquiryOutcome.CONFERENCE
            return held
        completed = self.days.add(enquiry.started_on, self.r.randint(5, 15))
        if completed > last:
            if not closing:
                return None
            completed = last
        enquiry.completed_on = completed
        enquiry.outcome = outcome or self.weighted(ENQUIRY_OUTCOMES)
        return None

    def closed_after_assessment(
        self,
        path: GroupPath,
        enquiry: PlannedEnquiry | None,
        assessment: PlannedAssessment | None,
        closed: date,
    ) -> None:
        """An episode an assessment team closed: perhaps an enquiry during the assessment."""
        lead = path.episodes[0]
        escalates = self.r.random() < ESCALATION_SHARE
        if enquiry is None and not path.strategies and not lead.section_47 and escalates:
            span = (closed - assessment.started_on).days if assessment is not None else 0
            if assessment is not None and span > 14:
                day = self.days.add(
                    assessment.started_on + timedelta(days=self.r.randint(3, span // 2)), 0
                )
                if day < closed:
                    enquiry = self.strategy(path, day)
        if enquiry is not None:
            conference = self.r.random() < ASSESSMENT_CONFERENCE_SHARE
            self.conclude(enquiry, closed, conference=conference, closing=True)
        early_help = self.r.random() < EARLY_HELP_AFTER_ASSESSMENT
        reason = "RC7" if path.strategies else "RC9" if early_help else "RC8"
        if assessment is not None:
            assessment.outcome = Outcome.EARLY_HELP if early_help else Outcome.NO_FURTHER_ACTION
        path.closure = self.closure(path, closed, reason)

    def with_assessment_team(
        self,
        path: GroupPath,
        enquiry: PlannedEnquiry | None,
        assessment: PlannedAssessment | None,
        last: date,
    ) -> None:
        """An open episode still with the assessment team: an enquiry under way or concluded,
        a conference to come, and an assessment in progress, awaiting the manager, or done with
        the child waiting for a long-term team or the closure awaiting authorisation."""
        if enquiry is not None:
            self.conclude(enquiry, last, conference=self.r.random() < 0.3)
        if assessment is None or assessment.authorised_on is None:
            return
        state = self.weighted(ASSESSED_STATES)
        if state == "waiting" and self.days.add(assessment.authorised_on, 12) < self.today:
            state = "submitted"
        if state == "submitted" or (state == "closing" and _pending(enquiry)):
            assessment.status = Assessment.Status.PROPOSED
            assessment.authorised_on = None
            assessment.authorised_by = None
            return
        if state == "waiting":
            looked_after = self.r.random() < 0.15
            kind = CHILDREN_IN_CARE if looked_after else CHILD_PROTECTION
            assessment.outcome = Outcome.LOOKED_AFTER if looked_after else Outcome.CIN_PLAN
            to_team = self.r.choice(self.long_term_teams[kind])
            day = assessment.authorised_on
            path.transfer = PlannedTeamTransfer(
                from_team=path.cases[0].team,
                to_team=to_team,
                reason=words.TRANSFER_REASONS["looked_after" if looked_after else "cin_plan"],
                completed_on=day,
                requested_on=min(self.yesterday, self.days.add(day, self.r.randint(0, 1))),
                requested_by=self.manager_on(path, day),
            )
            return
        early_help = self.r.random() < EARLY_HELP_AFTER_ASSESSMENT
        assessment.outcome = Outcome.EARLY_HELP if early_help else Outcome.NO_FURTHER_ACTION
        reason = "RC7" if path.strategies else ("RC9" if early_help else "RC8")
        proposed = min(self.yesterday, self.days.add(assessment.authorised_on, 1))
        path.closure = self.closure(path, proposed, reason, proposed_only=True)

    def with_protection_team(
        self,
        path: GroupPath,
        enquiry: PlannedEnquiry | None,
        assessment: PlannedAssessment | None,
        first_strategy: date,
        section_47: bool,
    ) -> None:
        """An open episode held by a child protection team: on a plan, stepped down to a child in
        need plan, or on a child in need plan (perhaps after an enquiry or a conference)."""
        last = self.yesterday
        state = self.weighted(LONG_TERM_STATES[section_47 and enquiry is not None])
        authorised = assessment.authorised_on if assessment is not None else None
        if authorised is None:
            state = "protection" if enquiry is not None else "in_need"
        if state == "in_need":
            if enquiry is not None:
                no_plan = self.r.random() < NO_PLAN_CONFERENCE_SHARE
                self.conclude(enquiry, last, conference=no_plan)
            if authorised is not None:
                self.child_in_need_plan(path, self.cin_plan_start(authorised), None)
            return
        if state == "stepped_down":
            assert enquiry is not None  # noqa: S101
            held = self.conclude(enquiry, last, conference=True, plan_on_conference=True)
            if enquiry.conference is None or held is None:
                return
            plan = self.protection_plan(path, enquiry, held)
            end = self.working_on_or_before(held + timedelta(days=self.between(ENDED_PLAN_DAYS)))
            if end < last - timedelta(days=10):
                self.end_plan(plan, end, stepped_down=True)
            self.schedule_plan(path, plan)
            if plan.ended_on is not None:
                self.child_in_need_plan(path, plan.ended_on + ONE_DAY, None, after=plan)
            return
        # On a plan now: from the first enquiry, or (when the plan began long after) a later one.
        target = self.today - timedelta(days=self.between(OPEN_PLAN_DAYS))
        if enquiry is not None:
            earliest = self.days.add(enquiry.started_on, 15)
        else:
            earliest = self.days.add(authorised or first_strategy, 10)
        if target <= earliest + timedelta(days=60) or authorised is None:
            if enquiry is None:
                enquiry = self.escalate(path, assessment, max(earliest, target))
                if enquiry is None:
                    return
            held = self.conclude(enquiry, last, conference=True, plan_on_conference=True)
            if enquiry.conference is not None and held is not None:
                self.schedule_plan(path, self.protection_plan(path, enquiry, held))
            return
        self.later_plan(path, enquiry, assessment, authorised, target)

    def keep_on_a_plan(self, path: GroupPath) -> None:
        """A long-term team's child with nothing pending is on a plan: a child in need plan
        after the last thing that ended, if none is open."""
        if any(plan.ended_on is None for plan in path.protection_plans) or any(
            plan.ended_on is None for plan in path.cin_plans
        ):
            return
        ended = [a.authorised_on for a in path.assessments[:1] if a.authorised_on is not None]
        if not ended:
            return
        for strategy in path.strategies:
            enquiry = strategy.enquiry
            if enquiry is None:
                continue
            if enquiry.completed_on is None or (
                enquiry.outcome == EnquiryOutcome.CONFERENCE and enquiry.conference is None
            ):
                return  # an enquiry or a conference still to come
            ended.append(enquiry.conference.held_on if enquiry.conference else enquiry.completed_on)
        ended.extend(plan.ended_on for plan in path.protection_plans if plan.ended_on)
        ended.extend(plan.ended_on for plan in path.cin_plans if plan.ended_on)
        start = max(self.cin_plan_start(max(ended)), max(ended) + ONE_DAY)
        self.child_in_need_plan(path, start, None)

    def later_plan(
        self,
        path: GroupPath,
        enquiry: PlannedEnquiry | None,
        assessment: PlannedAssessment | None,
        authorised: date,
        target: date,
    ) -> None:
        """A plan that began long after the episode did: a first plan ended and stepped down, or
        a child in need plan, then a strategy discussion that led back to a conference."""
        last = self.yesterday
        escalation = self.days.back(target, self.between(ICPC_DAYS))
        in_need_from = self.cin_plan_start(authorised)
        earlier_plan: PlannedProtectionPlan | None = None
        repeat = self.r.random() < REPEAT_SHARE
        if enquiry is None and repeat:
            day = self.days.add(authorised, self.r.randint(3, 10))
            if (escalation - day).days > REPEAT_ROOM_DAYS:
                enquiry = self.escalate(path, assessment, day)
        if enquiry is not None:
            room = (escalation - enquiry.started_on).days
            if room > REPEAT_ROOM_DAYS and repeat:
                held = self.conclude(enquiry, last, conference=True, plan_on_conference=True)
                assert held is not None  # noqa: S101
                earlier_plan = self.protection_plan(path, enquiry, held)
                # Leave the step-down plan its 3 months before the new strategy discussion.
                length = min(self.between(ENDED_PLAN_DAYS), (escalation - held).days - 100)
                end = self.working_on_or_before(held + timedelta(days=max(45, length)))
                self.end_plan(earlier_plan, end, stepped_down=True)
                self.schedule_plan(path, earlier_plan)
                assert earlier_plan.ended_on is not None  # noqa: S101
                in_need_from = earlier_plan.ended_on + ONE_DAY
            else:
                self.conclude(enquiry, last, conference=False)
                if enquiry.completed_on is None:
                    return
                in_need_from = max(in_need_from, enquiry.completed_on + ONE_DAY)
        if in_need_from >= escalation:
            return
        second = self.escalate(path, None, escalation)
        in_need = self.child_in_need_plan(path, in_need_from, None, after=earlier_plan)
        if second is None:
            return
        held = self.conclude(second, last, conference=True, plan_on_conference=True)
        if second.conference is None or held is None:
            return
        if in_need is not None:
            in_need.ended_on = held - ONE_DAY
            in_need.end_reason = words.CIN_PLAN_ENDED_FOR_PROTECTION
            self.schedule_cin_plan(path, in_need)
        self.schedule_plan(path, self.protection_plan(path, second, held))
        if assessment is not None and assessment.outcome == "":
            assessment.outcome = Outcome.CIN_PLAN

    def escalate(
        self, path: GroupPath, assessment: PlannedAssessment | None, day: date
    ) -> PlannedEnquiry | None:
        """A strategy discussion on `day` (the next working day) after new concerns."""
        day = self.days.add(day, 0)
        if day > self.yesterday:
            return None
        authorised = assessment.authorised_on if assessment is not None else None
        if assessment is not None and authorised is not None and (day - authorised).days <= 7:
            assessment.outcome = Outcome.STRATEGY_DISCUSSION
        return self.strategy(path, day)

    def protection_plan(
        self, path: GroupPath, enquiry: PlannedEnquiry, held: date
    ) -> PlannedProtectionPlan:
        category = self.weighted(CATEGORY_WEIGHTS)
        assert enquiry.conference is not None  # noqa: S101
        enquiry.conference.category = category
        plan = PlannedProtectionPlan(started_on=held, category=category)
        enquiry.plan = plan
        path.protection_plans.append(plan)
        return plan

    def end_plan(self, plan: PlannedProtectionPlan, day: date, *, stepped_down: bool) -> None:
        plan.ended_on = max(day, self.days.add(plan.started_on + timedelta(days=30), 0))
        plan.end_reason = (
            ProtectionPlan.EndReason.STEPPED_DOWN
            if stepped_down
            else ProtectionPlan.EndReason.NO_LONGER_AT_RISK
        )

    def schedule_plan(self, path: GroupPath, plan: PlannedProtectionPlan) -> None:
        """Review conferences (the last ending the plan), core groups and visits."""
        until = plan.ended_on or self.yesterday
        previous = plan.started_on
        due = self.due(rules.FIRST_RCPC, plan.started_on)
        while True:
            held = self.days.back(due, self.r.randint(1, 10))
            held = max(held, self.days.add(previous, 5))
            if plan.ended_on is not None and held >= plan.ended_on:
                break
            if held > self.yesterday:
                break
            plan.reviews.append(
                PlannedConference(held, Conference.Kind.REVIEW, Conference.Outcome.CONTINUE)
            )
            previous = held
            due = self.due(rules.LATER_RCPC, held)
        if plan.ended_on is not None:
            plan.ended_on = max(plan.ended_on, self.days.add(previous, 1))
            plan.reviews.append(
                PlannedConference(plan.ended_on, Conference.Kind.REVIEW, Conference.Outcome.END)
            )
            until = plan.ended_on
        day = self.days.add(
            plan.started_on, self.r.randint(5, 10) if self.r.random() < 0.94 else 12
        )
        while day < until or (plan.ended_on is None and day <= until):
            plan.core_groups.append(day)
            gap = self.r.randint(28, 42) if self.r.random() < 0.95 else self.r.randint(43, 52)
            day = self.days.add(day + timedelta(days=gap), 0)
        day = self.days.add(plan.started_on, self.r.randint(1, 5))
        while day < until or (plan.ended_on is None and day <= until):
            plan.visits.append(day)
            gap = self.r.randint(6, 10) if self.r.random() < 0.9 else self.r.randint(11, 14)
            day = self.days.add(day, gap)

    def cin_plan_start(self, authorised: date) -> date:
        """A child in need plan within 10 working days of the assessment, a few later."""
        gap = self.r.randint(2, 10) if self.r.random() < 0.9 else self.r.randint(11, 18)
        return self.days.add(authorised, gap)

    def child_in_need_plan(
        self,
        path: GroupPath,
        start: date,
        end: date | None,
        *,
        after: PlannedProtectionPlan | None = None,
    ) -> PlannedChildInNeedPlan | None:
        if start > self.yesterday:
            return None
        plan = PlannedChildInNeedPlan(
            started_on=start,
            created_by=self.worker_on(path, start),
            ended_on=end,
            after=after,
            texts=(
                self.r.choice(words.CIN_OUTCOMES),
                self.r.choice(words.CHILD_VIEWS),
                self.r.choice(words.CIN_CONTINGENCIES),
            ),
        )
        if after is not None:
            plan.keep_open_until = self.due(rules.CIN_PLAN_AFTER_CP_PLAN, start)
        for action, who in self.r.sample(words.PLAN_ACTIONS, 3):
            due_on = start + timedelta(days=self.r.randint(14, 90))
            if due_on > self.today:
                status = self.r.choice(
                    (PlanAction.Status.NOT_STARTED, PlanAction.Status.IN_PROGRESS)
                )
            else:
                status = (
                    PlanAction.Status.DONE if self.r.random() < 0.8 else PlanAction.Status.NOT_DONE
                )
            plan.actions.append((action, who, due_on, status))
        path.cin_plans.append(plan)
        if end is None:
            self.schedule_cin_plan(path, plan)
        return plan

    def schedule_cin_plan(self, path: GroupPath, plan: PlannedChildInNeedPlan) -> None:
        """Reviews at most 3 months apart and visits about every 20 working days, to its end."""
        until = plan.ended_on or self.yesterday
        plan.reviews, plan.visits = [], []
        previous = plan.started_on
        while True:
            due = self.due(rules.CIN_PLAN_REVIEW, previous)
            held = self.working_on_or_before(due - timedelta(days=self.r.randint(0, 20)))
            if held > until or held <= previous:
                break
            plan.reviews.append(held)
            previous = held
        day = self.days.add(plan.started_on, self.r.randint(2, 10))
        while day <= until:
            plan.visits.append(day)
            gap = self.r.randint(10, 20) if self.r.random() < 0.9 else self.r.randint(21, 26)
            day = self.days.add(day, gap)

    def reassess(self, path: GroupPath) -> None:
        """Update the assessment of a child on a long-term plan each year."""
        while path.assessments:
            previous = path.assessments[-1]
            if previous.authorised_on is None:
                return
            start = self.days.add(
                previous.authorised_on + timedelta(days=self.r.randint(*REASSESS_AFTER_DAYS)), 0
            )
            if start > self.yesterday:
                return
            assessment = PlannedAssessment(
                started_on=start,
                worker=self.worker_on(path, start),
                team=self.case_on(path, start).team,
                status=Assessment.Status.IN_PROGRESS,
                outcome=Outcome.CIN_PLAN,
                due_on=self.due(rules.ASSESSMENT, start),
            )
            done = self.days.add(start, self.between(ASSESSMENT_DAYS))
            if done <= self.yesterday:
                self.authorise(path, assessment, done)
            path.assessments.append(assessment)

    def transfer(self, path: GroupPath) -> None:
        """The move from the assessment team to the long-term team, accepted the day it took the
        case, waiting the working days since the assessment was authorised."""
        if len(path.cases) < 2 or not path.assessments:
            return
        before, after = path.cases
        completed = path.assessments[0].authorised_on or before.ended_on or after.started_on
        accepted = after.started_on
        requested = min(self.days.add(completed, self.r.randint(0, 1)), accepted)
        if after.team.kind == CHILDREN_IN_CARE:
            reason = words.TRANSFER_REASONS["looked_after"]
        elif any(plan.started_on < accepted for plan in path.protection_plans):
            reason = words.TRANSFER_REASONS["protection"]
        else:
            reason = words.TRANSFER_REASONS["cin_plan"]
        path.transfer = PlannedTeamTransfer(
            from_team=before.team,
            to_team=after.team,
            reason=reason,
            completed_on=completed,
            requested_on=requested,
            requested_by=self.managers[before.team.pk] or self.stand_ins[before.team.pk],
            answered_on=accepted,
            answered_by=self.managers[after.team.pk] or self.stand_ins[after.team.pk],
        )

    def closure(
        self,
        path: GroupPath,
        day: date,
        reason: str,
        *,
        nfa: bool = False,
        proposed_only: bool = False,
    ) -> PlannedClosure:
        if nfa:
            mash = self.build.teams[Team.Kind.MASH][0]
            members = self.build.members.get(mash.pk, {})
            proposer = self.r.choice(members.get(Role.MASH_PRACTITIONER) or self.build.mash_staff)
            manager = path.episodes[0].created_by
            summary = words.NFA_CLOSURE_SUMMARY
        else:
            proposer, manager = self.worker_on(path, day), self.manager_on(path, day)
            summary = words.CLOSURE_SUMMARIES[reason]
        proposed = max(path.episodes[0].referred_on, self.days.back(day, self.r.randint(0, 2)))
        if proposed > day:
            proposed = day
        closure = PlannedClosure(
            closed_on=day,
            reason=reason,
            summary=summary,
            status=Closure.Status.PROPOSED if proposed_only else Closure.Status.AUTHORISED,
            proposed_by=proposer,
            proposed_at=self.at(proposed if not proposed_only else day),
        )
        if not proposed_only:
            closure.reviewed_by = manager
            closure.reviewed_at = max(closure.proposed_at, self.at(day))
        return closure

    # Each child's own part

    def plan_children(self, path: GroupPath) -> None:
        """Each child's seen dates and factors for each of the group's assessments."""
        categories = [plan.category for plan in path.protection_plans]
        for assessment in path.assessments:
            family_texts = (
                self.r.choice(words.CHILD_VIEWS),
                self.r.choice(words.LIVED_EXPERIENCE),
                self.r.choice(words.RISK_ANALYSIS),
                self.r.choice(words.PROTECTIVE_FACTORS),
            )
            for episode in path.episodes:
                seen_on, alone_on, reason = self.seen(episode.child, assessment)
                factors: list[str] = []
                if assessment.status == Assessment.Status.AUTHORISED:
                    factors = self.factors(assessment.outcome, categories)
                self.plan.child_assessments.append(
                    ChildAssessment(
                        child=episode.child,
                        episode=episode,
                        assessment=assessment,
                        seen_on=seen_on,
                        seen_alone_on=alone_on,
                        not_seen_alone_reason=reason,
                        factors=factors,
                        texts=family_texts,
                    )
                )

    def seen(
        self, child: Person, assessment: PlannedAssessment
    ) -> tuple[date | None, date | None, str]:
        """When the child was seen, and seen alone, or why not."""
        end = assessment.authorised_on or assessment.submitted_on or self.yesterday
        born = child.date_of_birth
        seen = self.days.add(assessment.started_on, self.r.choice((0, 0, 1, 1, 2, 3, 5, 8)))
        if born is None or born > end:
            return None, None, words.UNBORN_NOT_SEEN
        seen = max(seen, born)
        if seen > end:
            if assessment.status == Assessment.Status.AUTHORISED:
                seen = max(assessment.started_on, born)
            else:
                return None, None, ""
        if (seen - born).days < 2 * 365:
            return seen, None, words.TOO_YOUNG_TO_BE_SEEN_ALONE
        how = self.weighted(SEEN_ALONE)
        recent = (
            assessment.authorised_on is not None
            and (self.today - assessment.authorised_on).days <= 20
        )
        if how == "neither" and not (recent or assessment.status != Assessment.Status.AUTHORISED):
            how = "alone"
        if how == "alone":
            alone = seen if self.r.random() < 0.7 else self.days.add(seen, self.r.randint(1, 5))
            return seen, min(alone, end), ""
        if how == "reason":
            return seen, None, self.r.choice(words.NOT_SEEN_ALONE_REASONS)
        return seen, None, ""

    def factors(self, outcome: str, categories: list[str]) -> list[str]:
        """The assessment factors recorded (CIN-2025 table C3 shares); 21 alone for none."""
        chosen = [code for code, share in FACTOR_SHARES.items() if self.r.random() < share]
        for category in categories:
            code = CATEGORY_FACTOR.get(category)
            if code is not None and code not in chosen:
                chosen.append(code)
        if not chosen:
            if outcome in (Outcome.NO_FURTHER_ACTION, Outcome.EARLY_HELP):
                return ["21"]
            chosen = [self.weighted(FACTOR_SHARES)]
        return chosen

    def let_visits_slip(self) -> None:
        """Make sure each child protection team has an open plan whose visit is overdue (the
        manager's alert), dropping the plan's last visits."""
        overdue_teams: set[int] = set()
        candidates: dict[int, PlannedProtectionPlan] = {}
        for path in self.plan.paths:
            if path.episodes[0].closed_on is not None:
                continue
            case = path.cases[-1]
            for plan in path.protection_plans:
                if plan.ended_on is not None:
                    continue
                last_visit = plan.visits[-1] if plan.visits else plan.started_on
                if self.due(rules.CP_VISIT, last_visit) < self.today:
                    overdue_teams.add(case.team.pk)
                elif len(plan.visits) > 3:
                    candidates.setdefault(case.team.pk, plan)
        for team_pk, plan in candidates.items():
            if team_pk in overdue_teams:
                continue
            while plan.visits and self.due(rules.CP_VISIT, plan.visits[-1]) >= self.today:
                plan.visits.pop()

    def plan_disabilities(self) -> None:
        """Disabilities of children held by disabled children's teams; none recorded for most
        other children in need, a disability for a few."""
        seen: set[int] = set()
        for path in self.plan.paths:
            if path.episodes[0].nfa or not path.cases:
                continue
            kind = path.cases[-1].team.kind
            for episode in path.episodes:
                child = episode.child
                if id(child) in seen or child.date_of_birth is None:
                    continue
                seen.add(id(child))
                by = path.assessments[0].worker if path.assessments else None
                if kind == DISABLED_CHILDREN or self.r.random() < OTHER_DISABILITY_SHARE:
                    count = self.weighted(DISABILITIES_PER_CHILD)
                    codes: set[str] = set()
                    while len(codes) < count:
                        codes.add(self.weighted(words.DISABILITY_WEIGHTS))
                    for code in sorted(codes):
                        self.plan.disabilities.append((child, code, by))
                elif self.r.random() < NO_DISABILITY_SHARE:
                    self.plan.disabilities.append((child, Disability.NONE, by))

    def plan_direction(self) -> None:
        """The manager's direction on each case of an episode."""
        for path in self.plan.paths:
            for episode in path.episodes:
                for case in episode.cases:
                    if case.team.kind == ASSESSMENT_TEAM:
                        key = "assessment"
                    elif case.team.kind == CHILDREN_IN_CARE:
                        key = "looked_after"
                    elif any(plan.ended_on is None for plan in path.protection_plans):
                        key = "child_protection"
                    elif case.team.kind in LONG_TERM:
                        key = "cin"
                    else:
                        key = "other"
                    pronoun = PRONOUNS.get(episode.child.sex, ("they", "them", "their"))[1]
                    case.direction = words.DIRECTION[key].format(
                        name=episode.child.first_name or "the baby", them=pronoun
                    )


def _pending(enquiry: PlannedEnquiry | None) -> bool:
    """Whether an enquiry is still under way, or its initial conference still to be held."""
    if enquiry is None:
        return False
    return enquiry.completed_on is None or (
        enquiry.outcome == EnquiryOutcome.CONFERENCE and enquiry.conference is None
    )


def plan_pathway(build: Build, front_door: FrontDoorPlan) -> PathwayPlan:
    """Plan each episode's pathway (in memory): call after `frontdoor.plan_front_door`."""
    started = timer.perf_counter()
    plan = _Planner(build, front_door).run()
    build.planned("pathway (planned)", started)
    return plan

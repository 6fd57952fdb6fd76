"""The demo's private fostering arrangements (issue 14, part 7; docs/private-fostering.md, "The
demo's arrangements"): a year of notifications at a large borough's rate, and some older
arrangements still running, held by the fostering teams, with the household, the suitability
checks, the visits, the suitability decisions authorised (or returned) by the team's manager, the
ends, and what the services (opencsc/privatefostering/services.py) would have written: each
arrangement's next visit due from the visit rules (privatefostering.deadlines), each check due
within PF_SUITABILITY_CHECKS of the notification, and the chronology lines.

Rates, copied from shared/domain/rates.yaml (the project never reads that file at run time):

- children in need: "privately fostered" (assessment factors 8B to 8F together) was recorded for
  0.4% of the episodes with factors, 1,950 in England (`england.children_in_need.factor_share
  ["8B-8F"]`, CIN-2025 C3).

The DfE's private fostering statistics are not in rates.yaml; the design figures below say what
is assumed (docs/private-fostering.md lists them): a large London borough hears of about 20
arrangements a year, most already running when notified. Everything is drawn from a random
source of its own, seeded from the build's, and the stage runs after the missing stage, so adding
it left every earlier stage of a seed's authority as it was. The rows are bulk-inserted as the
rest of the demo is: no access-log rows and no simple_history rows.
"""

import random
import time as timer
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from faker import Faker

from opencsc.accounts.models import Role, Team, User
from opencsc.chronology.models import ChronologyEntry
from opencsc.chronology.services import new_entry
from opencsc.core import approvals
from opencsc.demo.build import CHRONOLOGY_COLUMNS, Build, chronology_row
from opencsc.people.models import Person
from opencsc.privatefostering.codes import CheckKind, CheckResult, EndReason, Notifier, Outcome
from opencsc.privatefostering.deadlines import next_visit, next_visit_due
from opencsc.privatefostering.models import (
    Arrangement,
    FosteringVisit,
    HouseholdMember,
    SuitabilityCheck,
    SuitabilityDecision,
)
from opencsc.privatefostering.services import HOUSEHOLD_CHECKS
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

PF_SEED = 0x8B8F  # the assessment factors "privately fostered"

# Published (rates.yaml, see the module's docstring): 1,950 of England's children in need.
IN_NEED_SHARE = 0.004  # CIN-2025 C3: factors 8B-8F

# Assumed (docs/private-fostering.md, "The demo's arrangements"): nothing in rates.yaml.
# Notifications a year per child record in the demo: 20 at `la` (20,000 children), a large London
# borough's 15 to 25; at least MINIMUM_A_YEAR at any size.
NOTIFICATIONS_PER_RECORD = 20 / 20_000
MINIMUM_A_YEAR = 6
OLDER_RUNNING_SHARE = 0.4  # arrangements notified 1 to 3 years ago and still running, per new one
MINIMUM_OLDER = 2
# The benchmark's arrangement with many visits: notified 3 years and 7 months ago, visited every
# 4 weeks (more often than the rules ask), held by the `pf.worker` login's team.
MANY_VISITS_DAYS = 1_310
MANY_VISITS_EVERY = 28
RUNNING_SHARE = 0.8  # already running when notified (most notifications are late)
SHORT_NOTICE_SHARE = 0.5  # of proposed arrangements, notified less than 6 weeks before the start
NOTIFIERS: dict[str, int] = {
    Notifier.SCHOOL: 30,
    Notifier.CARER: 20,
    Notifier.PARENT: 20,
    Notifier.HEALTH: 15,
    Notifier.OTHER_COUNCIL: 10,
    Notifier.OTHER: 5,
}
NOTIFIER_NAMES: dict[str, str] = {
    Notifier.SCHOOL: "Designated safeguarding lead",
    Notifier.HEALTH: "School nurse",
    Notifier.OTHER_COUNCIL: "Children's services, another council",
}
LATE_VISIT_SHARE = 0.1  # of visits, after the day they were due (the rest on time)
SEEN_ALONE_SHARE = 0.9
CHECKS_OUTSTANDING_SHARE = 0.2  # of arrangements, one or two checks not back yet (overdue)
OVERDUE_VISIT_SHARE = 0.15  # of open arrangements, the latest visit due not made yet
CHECK_CONCERNS_SHARE = 0.05
RETURNED_SHARE = 0.15  # of first proposals, returned by the manager for more work
REQUIREMENTS_SHARE = 0.25  # of decisions, suitable with requirements (the rest suitable)
ENDED_SHARE = 0.3  # of the year's arrangements, ended by now
END_REASONS: dict[str, int] = {
    EndReason.RETURNED_HOME: 55,
    EndReason.MOVED: 20,
    EndReason.LOOKED_AFTER: 10,
    EndReason.OTHER: 15,
}
AGES = (4, 14)  # the child's age when notified

EXPECTED = (
    "Until the end of the school year",
    "About six months",
    "A year or more",
    "While the mother is abroad for work",
    "Not known",
)
PARENTS = (
    "Mother: {mother}, working abroad in {place}. Father: not in contact.",
    "Mother: {mother} and father: {father}, living in {place}.",
    "Father: {father}, in hospital in {place}; mother deceased.",
    "Mother: {mother}, living in {place}; father's whereabouts not known.",
)
PLACES = ("Lagos, Nigeria", "Accra, Ghana", "Dublin", "Birmingham", "Kingston, Jamaica", "Kent")
RELATIONSHIPS = ("Family friend", "Great-aunt", "Cousin of the mother", "Church friend")
VISIT_RECORDS = (
    "Saw the child at the carers' home. Settled, attending school, bedroom seen.",
    "Child spoken to alone; says they are happy and talks to mum on the phone weekly.",
    "Home clean and warm. Carer managing well; discussed contact with the parents.",
    "Child quieter than usual; worried about exams. Agreed to talk to the school.",
)
CONCERNS = (
    "A previous caution for the carer's adult son: discussed and risk assessed.",
    "The referee knew the carer only a short time; a second reference asked for.",
)
REASONS = (
    "Checks complete with no concerns; the child is settled and the parents agree.",
    "The carers meet the child's needs; school and health report well.",
)
REQUIREMENTS = (
    "The child to have their own bedroom by the next visit.",
    "The carer to register the child with a GP within a month.",
)
PROHIBITION = (
    "The carer's household member refused a DBS check and the home is overcrowded: the "
    "arrangement is not suitable."
)
RETURN_COMMENTS = ("Please add the school's view before I authorise.",)
END_DETAILS = ("The child moved with the carer to another council's area.",)


@dataclass
class _Member:
    name: str
    relationship: str
    is_carer: bool
    is_adult: bool


@dataclass
class _Check:
    kind: str
    member: int | None  # index of the household member (a DBS check)
    due_on: date
    completed_on: date | None = None
    result: str = ""
    notes: str = ""


@dataclass
class _Decision:
    outcome: str
    proposed_at: datetime
    status: str
    reviewed_at: datetime | None = None
    comment: str = ""
    requirements: str = ""
    reasons: str = ""


@dataclass
class _Arrangement:
    """One planned arrangement and what followed it up to now."""

    child: Person
    team: Team
    worker: User
    manager: User
    notified_on: date
    starts_on: date
    notifier: str
    members: list[_Member] = field(default_factory=list)
    checks: list[_Check] = field(default_factory=list)
    visits: list[tuple[date, date, bool]] = field(default_factory=list)  # visited, due, alone
    decisions: list[_Decision] = field(default_factory=list)
    next_due: date | None = None
    ended_on: date | None = None
    end_reason: str = ""
    prohibited: bool = False
    benchmark: bool = False  # the arrangement with many visits: every check back, authorised


class _PrivateFostering:
    """Plans the arrangements, then saves them with what the services would have written."""

    def __init__(self, build: Build) -> None:
        self.build = build
        source = random.Random()
        source.setstate(build.random.getstate())
        self.r = random.Random(source.getrandbits(32) ^ PF_SEED)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(self.r.getrandbits(32))
        self.zone = build.zone
        self.today = build.today
        self.horizon = min(timezone.now(), datetime.combine(self.today, time(0), tzinfo=self.zone))
        self.teams = build.teams[Team.Kind.FOSTERING]
        self.arrangements: list[_Arrangement] = []

    def staff(self, team: Team) -> tuple[User, User]:
        members = self.build.members.get(team.pk, {})
        workers = sorted(members.get(Role.SOCIAL_WORKER, []), key=lambda u: u.pk)
        managers = sorted(members.get(Role.TEAM_MANAGER, []), key=lambda u: u.pk)
        return self.r.choice(workers), managers[0]

    # Planning.

    def candidates(self) -> list[Person]:
        """Children no team has held, of age, unrestricted, in a fixed order."""
        held = {case.child.pk for case in self.build.cases}
        children = [
            child
            for family in self.build.families
            for child in family.children
            if child.pk not in held
            and not child.is_restricted
            and child.kind == Person.Kind.CHILD
            and child.date_of_birth is not None
        ]
        return sorted(children, key=lambda child: child.pk)

    def age_on(self, child: Person, day: date) -> int:
        born = child.date_of_birth or day  # candidates all have one
        return (day - born).days // 365

    def plan(self) -> None:
        children = self.candidates()
        self.r.shuffle(children)
        used: set[int] = set()
        new = max(MINIMUM_A_YEAR, round(self.build.size.children * NOTIFICATIONS_PER_RECORD))
        older = max(MINIMUM_OLDER, round(new * OLDER_RUNNING_SHARE))

        def child_for(notified_on: date, until: date) -> Person | None:
            for child in children:
                if child.pk in used:
                    continue
                if AGES[0] <= self.age_on(child, notified_on) <= AGES[1] and (
                    self.age_on(child, until) < 16
                ):
                    used.add(child.pk)
                    return child
            return None

        # The benchmark's arrangement first, in the first team, with the `pf.worker` login.
        notified = self.today - timedelta(days=MANY_VISITS_DAYS)
        child = child_for(notified, self.today)
        if child is not None:
            self.add(child, notified, self.teams[0], running=True, every=MANY_VISITS_EVERY)
        for _ in range(older):
            notified = self.today - timedelta(days=self.r.randint(380, 1_000))
            child = child_for(notified, self.today)
            if child is not None:
                self.add(child, notified, self.r.choice(self.teams), running=True)
        notified_days = sorted(self.r.randint(1, 364) for _ in range(new))
        # One prohibition, among the year's oldest third (its checks are back by now).
        prohibited = new - 1 - self.r.randrange(max(1, new // 3))
        for number, days in enumerate(notified_days):
            notified = self.today - timedelta(days=days)
            child = child_for(notified, self.today)
            if child is None:
                continue
            team = self.teams[0] if number < 3 else self.r.choice(self.teams)
            self.add(
                child,
                notified,
                team,
                running=self.r.random() < RUNNING_SHARE,
                ends=self.r.random() < ENDED_SHARE,
                prohibited=number == prohibited,
            )

    def add(
        self,
        child: Person,
        notified_on: date,
        team: Team,
        *,
        running: bool,
        every: int | None = None,
        ends: bool = False,
        prohibited: bool = False,
    ) -> None:
        worker, manager = self.staff(team)
        if team == self.teams[0] and every is not None:
            workers = self.build.members[team.pk][Role.SOCIAL_WORKER]
            worker = next((u for u in workers if u.username == "pf.worker"), worker)
        if running:
            starts_on = notified_on - timedelta(days=self.r.randint(10, 200))
        elif self.r.random() < SHORT_NOTICE_SHARE:
            starts_on = notified_on + timedelta(days=self.r.randint(3, 40))
        else:
            starts_on = notified_on + timedelta(days=self.r.randint(43, 70))
        plan = _Arrangement(
            child=child,
            team=team,
            worker=worker,
            manager=manager,
            notified_on=notified_on,
            starts_on=starts_on,
            notifier=self.r.choices(list(NOTIFIERS), weights=list(NOTIFIERS.values()))[0],
            prohibited=prohibited,
        )
        self.household(plan)
        plan.benchmark = every is not None
        if ends and not prohibited:
            plan.ended_on = notified_on + timedelta(
                days=self.r.randint(30, max(31, (self.today - notified_on).days - 1))
            )
            if plan.ended_on >= self.today:
                plan.ended_on = None
        self.checks(plan)
        self.decide(plan)
        self.visit(plan, every)
        if plan.ended_on is not None:
            plan.end_reason = (
                EndReason.RETURNED_HOME
                if prohibited
                else self.r.choices(list(END_REASONS), weights=list(END_REASONS.values()))[0]
            )
        self.arrangements.append(plan)

    def household(self, plan: _Arrangement) -> None:
        surname = self.fake.last_name()
        plan.members.append(
            _Member(f"{self.fake.first_name()} {surname}", "Carer", is_carer=True, is_adult=True)
        )
        if self.r.random() < 0.5:
            name = f"{self.fake.first_name()} {surname}"
            plan.members.append(_Member(name, "Carer's partner", is_carer=True, is_adult=True))
        if self.r.random() < 0.3:
            name = f"{self.fake.first_name()} {surname}"
            plan.members.append(_Member(name, "Carer's adult son", is_carer=False, is_adult=True))
        if self.r.random() < 0.4:
            name = f"{self.fake.first_name()} {surname}"
            plan.members.append(_Member(name, "Carer's daughter", is_carer=False, is_adult=False))

    def checks(self, plan: _Arrangement) -> None:
        """A DBS check of each adult and the household checks, as `notify` and `add_member` open
        them; most answered, a few late or still open."""
        due = rules.PF_SUITABILITY_CHECKS.due_on(plan.notified_on)
        kinds: list[tuple[str, int | None]] = [
            (CheckKind.DBS, index) for index, member in enumerate(plan.members) if member.is_adult
        ]
        kinds += [(kind, None) for kind in HOUSEHOLD_CHECKS]
        last = plan.ended_on or self.today - timedelta(days=1)
        outstanding: list[int] = []
        if not plan.prohibited and self.r.random() < CHECKS_OUTSTANDING_SHARE:
            outstanding = self.r.sample(range(len(kinds)), self.r.randint(1, 2))
        if plan.benchmark:
            outstanding = []
        for number, (kind, member) in enumerate(kinds):
            check = _Check(kind=kind, member=member, due_on=due)
            back = plan.notified_on + timedelta(days=self.r.randint(5, 55))
            if back <= last and number not in outstanding:
                check.completed_on = back
                concerns = self.r.random() < CHECK_CONCERNS_SHARE
                check.result = CheckResult.CONCERNS if concerns else CheckResult.NO_CONCERNS
                check.notes = self.r.choice(CONCERNS) if concerns else ""
            plan.checks.append(check)

    def moment(self, day: date) -> datetime:
        at = time(self.r.randint(9, 17), self.r.randint(0, 59))
        return datetime.combine(day, at, tzinfo=self.zone)

    def decide(self, plan: _Arrangement) -> None:
        """Once every check is back the worker proposes; the team's manager answers."""
        done = [check.completed_on for check in plan.checks]
        if not done or any(day is None for day in done):
            return
        proposed = self.moment(
            max(d for d in done if d is not None) + timedelta(self.r.randint(2, 14))
        )
        if plan.prohibited:
            outcome = Outcome.PROHIBITED
        elif self.r.random() < REQUIREMENTS_SHARE:
            outcome = Outcome.REQUIREMENTS
        else:
            outcome = Outcome.SUITABLE
        end = datetime.combine(plan.ended_on, time(0), tzinfo=self.zone) if plan.ended_on else None
        limit = min(self.horizon, end) if end else self.horizon
        if proposed >= limit:
            return
        if not plan.prohibited and self.r.random() < RETURNED_SHARE:
            reviewed = proposed + timedelta(days=self.r.randint(1, 4), hours=1)
            if reviewed >= limit:
                plan.decisions.append(self.decision(plan, outcome, proposed, approvals.PROPOSED))
                return
            plan.decisions.append(
                self.decision(plan, outcome, proposed, approvals.RETURNED, reviewed)
            )
            proposed = reviewed + timedelta(days=self.r.randint(3, 10))
            if proposed >= limit:
                return
        reviewed = proposed + timedelta(days=self.r.randint(1, 5), hours=1)
        if reviewed >= limit:
            plan.decisions.append(self.decision(plan, outcome, proposed, approvals.PROPOSED))
            return
        plan.decisions.append(
            self.decision(plan, outcome, proposed, approvals.AUTHORISED, reviewed)
        )
        if plan.prohibited:
            ended = timezone.localtime(reviewed, self.zone).date() + timedelta(days=7)
            plan.ended_on = ended if ended < self.today else None

    def decision(
        self,
        plan: _Arrangement,
        outcome: str,
        proposed: datetime,
        status: str,
        reviewed: datetime | None = None,
    ) -> _Decision:
        reasons = PROHIBITION if outcome == Outcome.PROHIBITED else self.r.choice(REASONS)
        return _Decision(
            outcome=outcome,
            proposed_at=proposed,
            status=status,
            reviewed_at=reviewed,
            comment=self.r.choice(RETURN_COMMENTS) if status == approvals.RETURNED else "",
            requirements=self.r.choice(REQUIREMENTS) if outcome == Outcome.REQUIREMENTS else "",
            reasons=reasons,
        )

    def visit(self, plan: _Arrangement, every: int | None) -> None:
        """Visits from the first, each due as `record_visit` works it out; most on time."""
        proposed = plan.starts_on > plan.notified_on
        last_day = plan.ended_on or self.today - timedelta(days=1)
        overdue = plan.ended_on is None and every is None and self.r.random() < OVERDUE_VISIT_SHARE
        last: date | None = None
        while True:
            due = next_visit_due(aware_on=plan.notified_on, proposed=proposed, last_visit_on=last)
            if every is not None and last is not None:
                on = min(due, last + timedelta(days=every))
            elif self.r.random() < LATE_VISIT_SHARE:
                on = due + timedelta(days=self.r.randint(1, 14))
            else:
                on = due - timedelta(days=self.r.randint(0, min(10, (due - plan.notified_on).days)))
            on = max(on, plan.notified_on, last or plan.notified_on)
            if on > last_day:
                plan.next_due = due
                if overdue and plan.visits and plan.visits[-1][1] < self.today:
                    # The latest visit due has not been made: it is overdue.
                    plan.next_due = plan.visits.pop()[1]
                return
            plan.visits.append((on, due, self.r.random() < SEEN_ALONE_SHARE))
            last = on

    # Saving.

    def save(self) -> None:
        build = self.build
        plans = self.arrangements
        rows = build.save("pf arrangements", Arrangement, [self.arrangement_row(p) for p in plans])
        members = [
            (row, plan, index, member)
            for row, plan in zip(rows, plans, strict=True)
            for index, member in enumerate(plan.members)
        ]
        saved_members = build.save(
            "pf household members",
            HouseholdMember,
            [
                HouseholdMember(
                    arrangement=row,
                    name=member.name,
                    relationship=member.relationship,
                    is_carer=member.is_carer,
                    is_adult=member.is_adult,
                    recorded_by=plan.worker,
                )
                for row, plan, _, member in members
            ],
        )
        member_of = {
            (row.pk, index): saved
            for (row, _, index, _), saved in zip(members, saved_members, strict=True)
        }
        build.save(
            "pf checks",
            SuitabilityCheck,
            [
                SuitabilityCheck(
                    arrangement=row,
                    kind=check.kind,
                    member=member_of[(row.pk, check.member)] if check.member is not None else None,
                    due_on=check.due_on,
                    completed_on=check.completed_on,
                    result=check.result,
                    notes=check.notes,
                    completed_by=plan.worker if check.completed_on else None,
                )
                for row, plan in zip(rows, plans, strict=True)
                for check in plan.checks
            ],
        )
        visits = build.save(
            "pf visits",
            FosteringVisit,
            [
                FosteringVisit(
                    arrangement=row,
                    visited_on=on,
                    due_on=due,
                    child_seen=True,
                    seen_alone=alone,
                    home_seen=True,
                    carer_seen=True,
                    household_seen=self.r.random() < 0.8,
                    record=self.r.choice(VISIT_RECORDS),
                    visited_by=plan.worker,
                )
                for row, plan in zip(rows, plans, strict=True)
                for on, due, alone in plan.visits
            ],
        )
        decisions = build.save(
            "pf decisions",
            SuitabilityDecision,
            [
                SuitabilityDecision(
                    arrangement=row,
                    outcome=d.outcome,
                    requirements=d.requirements,
                    reasons=d.reasons,
                    status=d.status,
                    proposed_by=plan.worker,
                    proposed_at=d.proposed_at,
                    reviewed_by=plan.manager if d.reviewed_at else None,
                    reviewed_at=d.reviewed_at,
                    manager_comment=d.comment,
                )
                for row, plan in zip(rows, plans, strict=True)
                for d in plan.decisions
            ],
        )
        self.visits_due(rows, plans)
        build.insert(
            "pf chronology",
            ChronologyEntry,
            CHRONOLOGY_COLUMNS,
            self.chronology(rows, plans, visits, decisions),
        )
        build.summary.figures["private fostering arrangements"] = len(rows)

    def visits_due(self, rows: list[Arrangement], plans: list[_Arrangement]) -> None:
        """Each open arrangement's next visit as its due item (as `services.record_visit`
        leaves it), on the tray of the worker who took the notification."""
        arrangement_type = ContentType.objects.get_for_model(Arrangement).pk
        items = []
        for row, plan in zip(rows, plans, strict=True):
            if plan.ended_on is not None:
                continue
            last = plan.visits[-1][0] if plan.visits else None
            rule, start = next_visit(
                aware_on=plan.notified_on,
                proposed=plan.starts_on > plan.notified_on,
                last_visit_on=last,
            )
            items.append(
                timescales.due_item_row(
                    rule,
                    child_id=plan.child.pk,
                    record_type_id=arrangement_type,
                    record_id=row.pk,
                    start=start,
                    opened_at=self.moment(last or plan.notified_on),
                    owner_id=plan.worker.pk,
                    team_id=plan.team.pk,
                    summary=f"Private fostering visit ({row.reference})",
                )
            )
        self.build.save_through("pf visit due items", timescales.save_due_items, items)

    def arrangement_row(self, plan: _Arrangement) -> Arrangement:
        mother, father = self.fake.name_female(), self.fake.name_male()
        parents = self.r.choice(PARENTS).format(
            mother=mother, father=father, place=self.r.choice(PLACES)
        )
        notifier_name = NOTIFIER_NAMES.get(plan.notifier, "")
        return Arrangement(
            child=plan.child,
            team=plan.team,
            notified_on=plan.notified_on,
            notifier=plan.notifier,
            notifier_name=notifier_name,
            starts_on=plan.starts_on,
            expected_length=self.r.choice(EXPECTED),
            carers_address=self.fake.address().replace("\n", ", ")[:300],
            parents=parents,
            next_visit_due_on=None if plan.ended_on else plan.next_due,
            ended_on=plan.ended_on,
            end_reason=plan.end_reason,
            end_details=self.r.choice(END_DETAILS) if plan.end_reason == EndReason.OTHER else "",
            recorded_by=plan.worker,
        )

    def chronology(
        self,
        rows: list[Arrangement],
        plans: list[_Arrangement],
        visits: list[FosteringVisit],
        decisions: list[SuitabilityDecision],
    ) -> list[tuple[object, ...]]:
        """The lines the services write (`notify`, `record_visit`, `authorise_decision`,
        `end_arrangement`)."""
        lines: list[ChronologyEntry] = []

        def line(row: Arrangement, on: date, summary: str, by: User) -> None:
            lines.append(
                new_entry(
                    row.child,
                    kind=ChronologyEntry.Kind.PRIVATE_FOSTERING,
                    happened_on=on,
                    summary=summary,
                    model=Arrangement,
                    record_id=row.pk,
                    by=by,
                )
            )

        for row, plan in zip(rows, plans, strict=True):
            line(
                row,
                row.notified_on,
                f"Private fostering notified ({row.get_notifier_display().lower()}):"
                f" arrangement {row.reference}",
                plan.worker,
            )
        by_pk = {row.pk: (row, plan) for row, plan in zip(rows, plans, strict=True)}
        for visit in visits:
            row, plan = by_pk[visit.arrangement_id]
            seen = "child seen alone" if visit.seen_alone else "child seen"
            line(
                row,
                visit.visited_on,
                f"Private fostering visit ({seen}): arrangement {row.reference}",
                plan.worker,
            )
        for decision in decisions:
            if decision.status != approvals.AUTHORISED or decision.reviewed_at is None:
                continue
            row, plan = by_pk[decision.arrangement_id]
            line(
                row,
                timezone.localtime(decision.reviewed_at, self.zone).date(),
                f"Private fostering suitability authorised: {decision.get_outcome_display()}"
                f" ({row.reference})",
                plan.manager,
            )
        for row, plan in zip(rows, plans, strict=True):
            if row.ended_on is not None:
                line(
                    row,
                    row.ended_on,
                    f"Private fostering ended: {row.get_end_reason_display().lower()}"
                    f" ({row.reference})",
                    plan.worker,
                )
        return [chronology_row(entry) for entry in lines]


def add_private_fostering(build: Build) -> None:
    """A year of private fostering arrangements, and older ones still running, with their
    households, checks, visits, decisions and ends."""
    started = timer.perf_counter()
    fostering = _PrivateFostering(build)
    fostering.plan()
    build.planned("private fostering (planned)", started)
    fostering.save()

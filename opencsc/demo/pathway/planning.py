"""Planning each episode's pathway in memory: what happened, on which days, for each group of
children referred together (see the package's docstring for the rules it keeps)."""

import time as timer
from collections.abc import Mapping
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
)
from opencsc.demo.pathway.records import (
    ASSESSED_STATES,
    ASSESSMENT_CONFERENCE_SHARE,
    ASSESSMENT_TEAM,
    CATEGORY_FACTOR,
    CATEGORY_WEIGHTS,
    CHILD_PROTECTION,
    CHILDREN_IN_CARE,
    DISABILITIES_PER_CHILD,
    DISABLED_CHILDREN,
    EARLY_HELP_AFTER_ASSESSMENT,
    ENDED_PLAN_DAYS,
    ENQUIRY_OUTCOMES,
    ESCALATION_SHARE,
    FACTOR_SHARES,
    ICPC_DAYS,
    LONG_ASSESSMENT_CASE_DAYS,
    LONG_TERM_STATES,
    NO_DISABILITY_SHARE,
    NO_ENQUIRY_SHARE,
    NO_PLAN_CONFERENCE_SHARE,
    ONE_DAY,
    OPEN_PLAN_DAYS,
    OTHER_DISABILITY_SHARE,
    PRONOUNS,
    REASSESS_AFTER_DAYS,
    REPEAT_ROOM_DAYS,
    REPEAT_SHARE,
    SEEN_ALONE,
    TRANSFER_WAIT,
    ChildAssessment,
    EnquiryOutcome,
    GroupPath,
    PathwayPlan,
    PlannedAssessment,
    PlannedChildInNeedPlan,
    PlannedClosure,
    PlannedConference,
    PlannedEnquiry,
    PlannedProtectionPlan,
    PlannedStrategy,
    PlannedTeamTransfer,
)
from opencsc.frontdoor.codes import PHYSICAL_OR_SEXUAL
from opencsc.people.models import Disability, Person
from opencsc.plans.models import PlanAction
from opencsc.protection.models import (
    Conference,
    ProtectionPlan,
)
from opencsc.timescales import calendar, rules


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
        return calendar.subtract_working_days(day, 0)

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
        first_strategy = calendar.add_working_days(decided, 0)

        assessment = self.assess(path, referred, closed)
        authorised = assessment.authorised_on if assessment else None
        enquiry: PlannedEnquiry | None = None
        if lead.section_47 and not (closed is not None and first_strategy > closed):
            last_working_day = calendar.subtract_working_days(self.today, 1)
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
            authorised: date | None = calendar.subtract_working_days(path.cases[1].started_on, wait)
        elif closed is not None:
            # Closed when the assessment ended; a case held longer closed a while after it.
            authorised = self.working_on_or_before(closed - timedelta(days=self.r.randint(0, 2)))
            if (closed - referred).days > LONG_ASSESSMENT_CASE_DAYS:
                authorised = calendar.add_working_days(referred, self.between(ASSESSMENT_DAYS))
        else:
            authorised = calendar.add_working_days(referred, self.between(ASSESSMENT_DAYS))
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
            assessment.started_on,
            calendar.subtract_working_days(day, self.r.choice((0, 0, 1, 2, 3))),
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
            held = calendar.add_working_days(enquiry.started_on, self.between(ICPC_DAYS))
            if held > last and closing:
                conference = False
        if conference:
            if held <= last:
                enquiry.completed_on = max(
                    enquiry.started_on, calendar.subtract_working_days(held, self.r.randint(0, 3))
                )
                enquiry.outcome = EnquiryOutcome.CONFERENCE
                result = (
                    Conference.Outcome.PLAN if plan_on_conference else Conference.Outcome.NO_PLAN
                )
                enquiry.conference = PlannedConference(held, Conference.Kind.INITIAL, result)
            elif calendar.add_working_days(enquiry.started_on, 8) <= last:
                enquiry.completed_on = min(
                    last, calendar.subtract_working_days(held, self.r.randint(1, 3))
                )
                enquiry.completed_on = max(enquiry.started_on, enquiry.completed_on)
                enquiry.outcome = EnquiryOutcome.CONFERENCE
            return held
        completed = calendar.add_working_days(enquiry.started_on, self.r.randint(5, 15))
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
                day = calendar.add_working_days(
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
        if (
            state == "waiting"
            and calendar.add_working_days(assessment.authorised_on, 12) < self.today
        ):
            state = "submitted"
        if state == "submitted" or (state == "closing" and _pending(enquiry)):
            assessment.status = Assessment.Status.SUBMITTED
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
                requested_on=min(
                    self.yesterday, calendar.add_working_days(day, self.r.randint(0, 1))
                ),
                requested_by=self.manager_on(path, day),
            )
            return
        early_help = self.r.random() < EARLY_HELP_AFTER_ASSESSMENT
        assessment.outcome = Outcome.EARLY_HELP if early_help else Outcome.NO_FURTHER_ACTION
        reason = "RC7" if path.strategies else ("RC9" if early_help else "RC8")
        proposed = min(self.yesterday, calendar.add_working_days(assessment.authorised_on, 1))
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
            earliest = calendar.add_working_days(enquiry.started_on, 15)
        else:
            earliest = calendar.add_working_days(authorised or first_strategy, 10)
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
        escalation = calendar.subtract_working_days(target, self.between(ICPC_DAYS))
        in_need_from = self.cin_plan_start(authorised)
        earlier_plan: PlannedProtectionPlan | None = None
        repeat = self.r.random() < REPEAT_SHARE
        if enquiry is None and repeat:
            day = calendar.add_working_days(authorised, self.r.randint(3, 10))
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
        day = calendar.add_working_days(day, 0)
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
        plan.ended_on = max(day, calendar.add_working_days(plan.started_on + timedelta(days=30), 0))
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
            held = calendar.subtract_working_days(due, self.r.randint(1, 10))
            held = max(held, calendar.add_working_days(previous, 5))
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
            plan.ended_on = max(plan.ended_on, calendar.add_working_days(previous, 1))
            plan.reviews.append(
                PlannedConference(plan.ended_on, Conference.Kind.REVIEW, Conference.Outcome.END)
            )
            until = plan.ended_on
        day = calendar.add_working_days(
            plan.started_on, self.r.randint(5, 10) if self.r.random() < 0.94 else 12
        )
        while day < until or (plan.ended_on is None and day <= until):
            plan.core_groups.append(day)
            gap = self.r.randint(28, 42) if self.r.random() < 0.95 else self.r.randint(43, 52)
            day = calendar.add_working_days(day + timedelta(days=gap), 0)
        day = calendar.add_working_days(plan.started_on, self.r.randint(1, 5))
        while day < until or (plan.ended_on is None and day <= until):
            plan.visits.append(day)
            gap = self.r.randint(6, 10) if self.r.random() < 0.9 else self.r.randint(11, 14)
            day = calendar.add_working_days(day, gap)

    def cin_plan_start(self, authorised: date) -> date:
        """A child in need plan within 10 working days of the assessment, a few later."""
        gap = self.r.randint(2, 10) if self.r.random() < 0.9 else self.r.randint(11, 18)
        return calendar.add_working_days(authorised, gap)

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
        day = calendar.add_working_days(plan.started_on, self.r.randint(2, 10))
        while day <= until:
            plan.visits.append(day)
            gap = self.r.randint(10, 20) if self.r.random() < 0.9 else self.r.randint(21, 26)
            day = calendar.add_working_days(day, gap)

    def reassess(self, path: GroupPath) -> None:
        """Update the assessment of a child on a long-term plan each year."""
        while path.assessments:
            previous = path.assessments[-1]
            if previous.authorised_on is None:
                return
            start = calendar.add_working_days(
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
            done = calendar.add_working_days(start, self.between(ASSESSMENT_DAYS))
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
        requested = min(calendar.add_working_days(completed, self.r.randint(0, 1)), accepted)
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
        proposed = max(
            path.episodes[0].referred_on, calendar.subtract_working_days(day, self.r.randint(0, 2))
        )
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
        seen = calendar.add_working_days(
            assessment.started_on, self.r.choice((0, 0, 1, 1, 2, 3, 5, 8))
        )
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
            alone = (
                seen
                if self.r.random() < 0.7
                else calendar.add_working_days(seen, self.r.randint(1, 5))
            )
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

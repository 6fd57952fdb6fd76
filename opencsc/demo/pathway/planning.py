"""Planning each episode's pathway in memory: what happened, on which days, for each group of
children referred together (see the package's docstring for the rules it keeps)."""

import time as timer
from datetime import date, timedelta

from opencsc.assessments.models import Assessment, Outcome
from opencsc.demo import vocabulary as words
from opencsc.demo.assessments import AssessmentPlanner
from opencsc.demo.build import Build
from opencsc.demo.casework import CaseworkPlanner
from opencsc.demo.families import DisabilityPlanner
from opencsc.demo.frontdoor import (
    Episode,
    FrontDoorPlan,
)
from opencsc.demo.pathway.records import (
    ASSESSED_STATES,
    ASSESSMENT_CONFERENCE_SHARE,
    ASSESSMENT_TEAM,
    CHILD_PROTECTION,
    CHILDREN_IN_CARE,
    DISABLED_CHILDREN,
    EARLY_HELP_AFTER_ASSESSMENT,
    ENDED_PLAN_DAYS,
    ESCALATION_SHARE,
    ICPC_DAYS,
    LONG_TERM_STATES,
    NO_PLAN_CONFERENCE_SHARE,
    ONE_DAY,
    OPEN_PLAN_DAYS,
    REPEAT_ROOM_DAYS,
    REPEAT_SHARE,
    EnquiryOutcome,
    GroupPath,
    PathwayPlan,
    PlannedAssessment,
    PlannedEnquiry,
    PlannedProtectionPlan,
    PlannedTeamTransfer,
)
from opencsc.demo.plans import PlanPlanner
from opencsc.demo.protection import ProtectionPlanner
from opencsc.timescales import calendar


class _Planner(
    AssessmentPlanner, ProtectionPlanner, PlanPlanner, CaseworkPlanner, DisabilityPlanner
):
    """Plans each group's story, from its referral to today: the apps' planners say how each step
    goes."""

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

"""The demo's child protection work: strategy discussions (and their attendees), section 47
enquiries, child protection plans, conferences and core groups, with their chronology.
`ProtectionPlanner` plans them (its part of the pathway's planner); the `save_` functions save
them."""

from datetime import date, timedelta
from typing import Any

from opencsc.accounts.models import Role
from opencsc.assessments.models import Outcome
from opencsc.demo import plan_content
from opencsc.demo import vocabulary as words
from opencsc.demo.frontdoor import (
    Episode,
)
from opencsc.demo.pathway.base import PlannerBase
from opencsc.demo.pathway.records import (
    CATEGORY_WEIGHTS,
    ENQUIRY_OUTCOMES,
    ICPC_DAYS,
    NO_ENQUIRY_SHARE,
    ONE_DAY,
    EnquiryOutcome,
    GroupPath,
    PlannedAssessment,
    PlannedConference,
    PlannedEnquiry,
    PlannedProtectionPlan,
    PlannedStrategy,
)
from opencsc.demo.pathway.saving import PathwaySaver
from opencsc.frontdoor.codes import PHYSICAL_OR_SEXUAL
from opencsc.protection import entries as protection_entries
from opencsc.protection.models import (
    Conference,
    CoreGroupMeeting,
    MedicalNotHeld,
    ProtectionMedical,
    ProtectionPlan,
    Section47Enquiry,
    StrategyAttendee,
    StrategyDiscussion,
)
from opencsc.timescales import calendar, rules


def _disclosure(episode: Episode) -> str:
    """The physical or sexual abuse the child disclosed on the contact that led to the referral."""
    contact = episode.contact
    if contact is None or contact.disclosure not in PHYSICAL_OR_SEXUAL:
        return ""
    return contact.disclosure


# Of the medicals decided needed: recorded, not held (reason authorised, or waiting), outstanding.
MEDICAL_RECORDED_SHARE = 0.75
MEDICAL_NOT_HELD_SHARE = 0.1
# A medical is held within this many working days of its strategy discussion.
MEDICAL_DAYS = 2
# Only a discussion this recent (calendar days) may still have its medical outstanding.
RECENT_DAYS = 45


def save_medicals(saver: PathwaySaver) -> None:
    """The child protection medicals the strategy discussions decided were needed: most held
    and recorded (when, by whom, the outcome), a few not held with a manager's authorised reason
    or one waiting, and a few recent ones outstanding with their due item (overdue ones are on
    the manager's alerts). Drawn after every earlier stage, so their draws stay as they were."""
    build = saver.build
    medicals: list[tuple[Any, ...]] = []
    medical_planned: list[tuple[Any, ...]] = []
    not_held: list[tuple[Any, ...]] = []
    not_held_planned: list[tuple[Any, ...]] = []
    # The first one in an open episode is always outstanding, so every size shows one.
    shown_outstanding = False
    for path, strategy, episode, key in saver.medicals_needed:
        child, case = episode.child, episode.cases[-1]
        day = strategy.held_at.astimezone(saver.zone).date()
        still_open = path.episodes[0].closed_on is None
        draw = saver.r.random()
        recent = (build.today - day).days <= RECENT_DAYS
        if still_open and not shown_outstanding:
            draw, recent, shown_outstanding = 1.0, True, True
        examined_on = calendar.add_working_days(day, saver.r.randint(0, MEDICAL_DAYS))
        if (draw < MEDICAL_RECORDED_SHARE or not still_open or not recent) and (
            examined_on < build.today
        ):
            examiner = saver.r.choice(saver.names)
            role = saver.r.choice(words.MEDICAL_EXAMINERS)
            medicals.append(
                (
                    key,
                    child.pk,
                    examined_on,
                    examiner,
                    role,
                    saver.r.choice(words.MEDICAL_OUTCOMES),
                    strategy.worker.pk,
                    saver.midday(examined_on),
                )
            )
            medical_planned.append((child, strategy, examined_on, f"{examiner}, {role}"))
            continue
        if not still_open:
            continue  # held on the day, with nothing left to record
        manager = _manager_other_than(saver, case, strategy.worker)
        if draw < MEDICAL_RECORDED_SHARE + MEDICAL_NOT_HELD_SHARE and manager is not None:
            waiting = saver.r.random() < 0.4
            proposed_at = saver.midday(min(calendar.add_working_days(day, 1), build.today))
            not_held.append(
                (
                    key,
                    child.pk,
                    saver.r.choice(words.MEDICAL_NOT_HELD_REASONS),
                    "proposed" if waiting else "authorised",
                    strategy.worker.pk,
                    proposed_at,
                    None if waiting else manager.pk,
                    None if waiting else proposed_at,
                    "",
                )
            )
            not_held_planned.append((child, strategy, waiting, manager, proposed_at))
            if not waiting:
                continue
        saver.open_item(
            rules.PROTECTION_MEDICAL,
            child,
            StrategyDiscussion,
            key,
            day,
            case,
            "Child protection medical: record when, who and the outcome",
        )
    keys = build.insert(
        "child protection medicals",
        ProtectionMedical,
        (
            "discussion_id",
            "child_id",
            "examined_on",
            "examined_by_name",
            "examined_by_role",
            "outcome",
            "recorded_by_id",
            "recorded_at",
        ),
        medicals,
        keys=True,
    )
    for (child, strategy, examined_on, examiner), key in zip(medical_planned, keys, strict=True):
        saver.entry(
            protection_entries.medical_recorded(
                child, medical_id=key, examined_by=examiner, on=examined_on, by=strategy.worker
            )
        )
    keys = build.insert(
        "medicals not held",
        MedicalNotHeld,
        (
            "discussion_id",
            "child_id",
            "reason",
            "status",
            "proposed_by_id",
            "proposed_at",
            "reviewed_by_id",
            "reviewed_at",
            "manager_comment",
        ),
        not_held,
        keys=True,
    )
    for (child, _, waiting, manager, proposed_at), key in zip(not_held_planned, keys, strict=True):
        if not waiting:
            saver.entry(
                protection_entries.medical_not_held(
                    child, approval_id=key, on=proposed_at.astimezone(saver.zone).date(), by=manager
                )
            )


def _manager_other_than(saver: PathwaySaver, case: Any, worker: Any) -> Any:
    """A team manager of the team holding `case` who is not `worker`, or None."""
    managers = saver.build.members.get(case.team.pk, {}).get(Role.TEAM_MANAGER, [])
    return next((manager for manager in managers if manager.pk != worker.pk), None)


def save_strategies(saver: PathwaySaver) -> None:
    """Strategy discussions (the police always there), their attendees, and the enquiries
    they started."""
    build = saver.build
    rows: list[tuple[Any, ...]] = []
    planned: list[Any] = []
    for path in saver.plan.paths:
        for strategy in path.strategies:
            for episode in path.episodes:
                planned.append((path, strategy, episode))
                harm = strategy.harm_alleged
                needed = harm and saver.r.random() < 0.45
                # The child's own contact's disclosure travels to the discussion (no new draw:
                # the demo's later draws stay as they were).
                disclosure = _disclosure(episode)
                change_reason = ""
                decision: str
                if disclosure and not harm:
                    change_reason = words.HARM_NOT_ALLEGED_REASON
                    decision = StrategyDiscussion.Medical.NOT_NEEDED
                    reason = words.MEDICAL_NOT_NEEDED[0]
                elif not harm:
                    decision, reason = "", ""
                elif needed:
                    decision = StrategyDiscussion.Medical.NEEDED
                    reason = saver.r.choice(words.MEDICAL_NEEDED)
                else:
                    decision = StrategyDiscussion.Medical.NOT_NEEDED
                    reason = saver.r.choice(words.MEDICAL_NOT_NEEDED)
                kind = StrategyDiscussion.Kind.DISCUSSION
                if saver.r.random() < 0.2:
                    kind = StrategyDiscussion.Kind.MEETING
                rows.append(
                    (
                        episode.child.pk,
                        saver.referral_key(episode),
                        kind,
                        strategy.held_at,
                        saver.r.choice(words.STRATEGY_INFORMATION),
                        harm,
                        True if decision else None,
                        decision,
                        reason,
                        disclosure,
                        change_reason,
                        strategy.start_section_47,
                        saver.r.choice(
                            words.STRATEGY_YES if strategy.start_section_47 else words.STRATEGY_NO
                        ),
                        strategy.worker.pk,
                    )
                )
    keys = build.insert(
        "strategy discussions",
        StrategyDiscussion,
        (
            "child_id",
            "referral_id",
            "kind",
            "held_at",
            "information_shared",
            "harm_alleged",
            "medical_considered",
            "medical_decision",
            "medical_reason",
            "contact_disclosure",
            "harm_alleged_change_reason",
            "start_section_47",
            "decision_reason",
            "recorded_by_id",
        ),
        rows,
        keys=True,
    )
    attendees: list[tuple[int, str, str, str]] = []
    enquiries: list[tuple[Any, ...]] = []
    enquiry_planned = []
    kinds = dict(StrategyDiscussion.Kind.choices)
    for (path, strategy, episode), key, row in zip(planned, keys, rows, strict=True):
        child = episode.child
        day = strategy.held_at.astimezone(saver.zone).date()
        if row[7] == StrategyDiscussion.Medical.NEEDED:
            saver.medicals_needed.append((path, strategy, episode, key))
        attendees.append(
            (
                key,
                StrategyAttendee.Agency.SOCIAL_CARE.value,
                strategy.worker.display_name,
                "Social worker",
            )
        )
        for agency in ("police", "health", "education"):
            if agency == "education" and (child.date_of_birth is None or saver.r.random() < 0.3):
                continue
            attendees.append(
                (key, agency, saver.r.choice(saver.names), words.STRATEGY_ATTENDEES[agency])
            )
        saver.entry(
            protection_entries.strategy_held(
                child,
                discussion_id=key,
                kind=kinds[row[2]],
                agreed=strategy.start_section_47,
                on=day,
                by=strategy.worker,
            )
        )
        enquiry = strategy.enquiry
        if enquiry is None:
            continue
        born = child.date_of_birth
        seen_on = None
        if born is not None:
            seen_on = max(
                calendar.add_working_days(enquiry.started_on, saver.r.randint(0, 2)), born
            )
            if seen_on > (enquiry.completed_on or build.today - ONE_DAY):
                seen_on = None
        enquiry_planned.append((path, strategy, episode))
        enquiries.append(
            (
                child.pk,
                saver.referral_key(episode),
                key,
                enquiry.started_on,
                enquiry.due_on,
                strategy.worker.pk if seen_on else None,
                seen_on,
                enquiry.completed_on,
                enquiry.outcome,
                words.ENQUIRY_OUTCOME_REASONS.get(enquiry.outcome, ""),
                strategy.worker.pk,
            )
        )
    build.insert(
        "strategy attendees",
        StrategyAttendee,
        ("discussion_id", "agency", "name", "role"),
        attendees,
    )
    keys = build.insert(
        "section 47 enquiries",
        Section47Enquiry,
        (
            "child_id",
            "referral_id",
            "strategy_discussion_id",
            "started_on",
            "conference_due_on",
            "seen_by_id",
            "seen_on",
            "completed_on",
            "outcome",
            "outcome_reason",
            "recorded_by_id",
        ),
        enquiries,
        keys=True,
    )
    outcomes = dict(EnquiryOutcome.choices)
    for (_, strategy, episode), key in zip(enquiry_planned, keys, strict=True):
        enquiry = strategy.enquiry
        assert enquiry is not None  # noqa: S101
        saver.child_keys[(id(enquiry), episode.child.pk)] = key
        saver.entry(
            protection_entries.enquiry_started(
                episode.child,
                enquiry_id=key,
                conference_due_on=enquiry.due_on,
                on=enquiry.started_on,
                by=strategy.worker,
            )
        )
        if enquiry.completed_on is not None:
            saver.entry(
                protection_entries.enquiry_completed(
                    episode.child,
                    enquiry_id=key,
                    outcome=outcomes[enquiry.outcome],
                    on=enquiry.completed_on,
                    by=strategy.worker,
                )
            )


def save_protection_plans(saver: PathwaySaver) -> None:
    """Child protection plans, each counting the child's earlier plans (NumberOfPreviousCPP)."""
    earlier: dict[int, int] = {}
    rows: list[tuple[Any, ...]] = []
    planned: list[Any] = []
    paths = sorted(saver.plan.paths, key=lambda path: path.episodes[0].referred_on)
    for path in paths:
        for plan in sorted(path.protection_plans, key=lambda plan: plan.started_on):
            for episode in path.episodes:
                child = episode.child
                previous = earlier.get(child.pk, 0)
                earlier[child.pk] = previous + 1
                planned.append((path, plan, episode))
                saver.plan_starts.append((plan.started_on, previous, plan.ended_on))
                rows.append(
                    (
                        child.pk,
                        saver.referral_key(episode),
                        plan.started_on,
                        plan.category,
                        plan.category,
                        previous,
                        plan.ended_on,
                        plan.end_reason,
                        *plan_content.plan_content(
                            f"{child.pk}-{plan.started_on}",
                            saver.worker(path, plan.started_on).pk,
                        ),
                    )
                )
    keys = saver.build.insert(
        "protection plans",
        ProtectionPlan,
        (
            "child_id",
            "referral_id",
            "started_on",
            "initial_category",
            "latest_category",
            "previous_plans",
            "ended_on",
            "end_reason",
            "outcomes",
            "what_must_change",
            "contingency",
            "child_views",
            "parents_views",
            "lead_social_worker_id",
        ),
        rows,
        keys=True,
    )
    plan_content.save_plan_actions_and_members(
        saver.build,
        [(key, plan.started_on) for (_, plan, _), key in zip(planned, keys, strict=True)],
        saver.names,
    )
    ends = dict(ProtectionPlan.EndReason.choices)
    for (path, plan, episode), key, row in zip(planned, keys, rows, strict=True):
        saver.child_keys[(id(plan), episode.child.pk)] = key
        saver.entry(
            protection_entries.plan_started(
                episode.child,
                plan_id=key,
                category=saver.categories[plan.category],
                previous=row[5],
                on=plan.started_on,
                by=saver.worker(path, plan.started_on),
            )
        )
        if plan.ended_on is not None:
            saver.entry(
                protection_entries.plan_ended(
                    episode.child,
                    plan_id=key,
                    end_reason=ends[plan.end_reason],
                    on=plan.ended_on,
                    by=saver.worker(path, plan.ended_on),
                )
            )


def save_conferences(saver: PathwaySaver) -> None:
    """Initial conferences (from their enquiries), review conferences, and core groups."""
    rows: list[tuple[Any, ...]] = []
    planned: list[Any] = []
    core_groups: list[tuple[Any, ...]] = []
    for path in saver.plan.paths:
        for strategy in path.strategies:
            enquiry = strategy.enquiry
            if enquiry is None or enquiry.conference is None:
                continue
            conference = enquiry.conference
            for episode in path.episodes:
                child = episode.child.pk
                plan_key = saver.child_keys[(id(enquiry.plan), child)] if enquiry.plan else None
                planned.append((path, conference, episode, plan_key))
                rows.append(
                    (
                        child,
                        saver.referral_key(episode),
                        conference.kind,
                        saver.child_keys[(id(enquiry), child)],
                        plan_key,
                        conference.held_on,
                        saver.r.choice(saver.chairs),
                        conference.outcome,
                        conference.category,
                        words.CONFERENCE_SUMMARIES[conference.outcome],
                        saver.worker(path, conference.held_on).pk,
                        *plan_content.conference_record(
                            f"{child}-{conference.held_on}-initial",
                            _age(episode, conference.held_on),
                        ),
                    )
                )
        for plan in path.protection_plans:
            for episode in path.episodes:
                child = episode.child.pk
                plan_key = saver.child_keys[(id(plan), child)]
                for review in plan.reviews:
                    planned.append((path, review, episode, plan_key))
                    rows.append(
                        (
                            child,
                            saver.referral_key(episode),
                            review.kind,
                            None,
                            plan_key,
                            review.held_on,
                            saver.r.choice(saver.chairs),
                            review.outcome,
                            "",
                            words.CONFERENCE_SUMMARIES[review.outcome],
                            saver.worker(path, review.held_on).pk,
                            *plan_content.conference_record(
                                f"{child}-{review.held_on}-review", _age(episode, review.held_on)
                            ),
                        )
                    )
                for day in plan.core_groups:
                    by = saver.worker(path, day)
                    core_groups.append(
                        (
                            plan_key,
                            day,
                            saver.r.choice(words.CORE_GROUP_ATTENDEES),
                            saver.r.choice(words.CORE_GROUP_PROGRESS),
                            by.pk,
                        )
                    )
                    saver.entry(
                        protection_entries.core_group_held(
                            episode.child, plan_id=plan_key, on=day, by=by
                        )
                    )
    keys = saver.build.insert(
        "conferences",
        Conference,
        (
            "child_id",
            "referral_id",
            "kind",
            "enquiry_id",
            "plan_id",
            "held_on",
            "chair",
            "outcome",
            "category",
            "summary",
            "recorded_by_id",
            "parents_participation",
            "child_participation",
            "dissented_by",
            "dissent_reason",
        ),
        rows,
        keys=True,
    )
    plan_content.save_conference_attendance(saver.build, keys, saver.names)
    outcomes = dict(Conference.Outcome.choices)
    for (path, conference, episode, _), key in zip(planned, keys, strict=True):
        saver.entry(
            protection_entries.conference_held(
                episode.child,
                conference_id=key,
                initial=conference.kind == Conference.Kind.INITIAL,
                outcome=outcomes[conference.outcome],
                on=conference.held_on,
                by=saver.worker(path, conference.held_on),
            )
        )
    meeting_keys = saver.build.insert(
        "core group meetings",
        CoreGroupMeeting,
        ("plan_id", "held_on", "attendees", "progress", "recorded_by_id"),
        core_groups,
        keys=True,
    )
    plan_content.save_core_group_progress(
        saver.build,
        [(key, row[0], row[1]) for key, row in zip(meeting_keys, core_groups, strict=True)],
    )


def _age(episode: Episode, on: date) -> int | None:
    """The child's age in years on `on`, or None when not known."""
    born = getattr(episode.child, "date_of_birth", None)
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class ProtectionPlanner(PlannerBase):
    """Plans strategy discussions, section 47 enquiries and their conferences, and child
    protection plans with their reviews and core groups."""

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

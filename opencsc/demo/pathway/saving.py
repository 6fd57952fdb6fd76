"""Saving the planned pathway: plain rows inserted table by table, keys read back where a later
table needs them, then the open episodes' due items and every event's chronology entry."""

import time as timer
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from opencsc.accounts.models import Role, User
from opencsc.assessments.models import Assessment, AssessmentFactor, FamilyAssessment, Outcome
from opencsc.casework.models import Allocation, Closure, DirectionAction, Referral, TeamTransfer
from opencsc.chronology.models import ChronologyEntry
from opencsc.core.codes import cin_code_list
from opencsc.demo import vocabulary as words
from opencsc.demo.build import Build, Case
from opencsc.demo.frontdoor import (
    CHRONOLOGY_COLUMNS,
    DUE_ITEM_COLUMNS,
    Episode,
    WorkingDays,
)
from opencsc.demo.pathway.planning import (
    CIN,
    CP,
    ONE_DAY,
    PRONOUNS,
    EnquiryOutcome,
    GroupPath,
    PathwayPlan,
    PlannedAssessment,
    PlannedChildInNeedPlan,
    PlannedEnquiry,
    PlannedProtectionPlan,
)
from opencsc.people.models import Disability, Person
from opencsc.plans.models import CINPlan, PlanAction, PlanReview, Visit
from opencsc.protection.models import (
    Conference,
    CoreGroupMeeting,
    ProtectionPlan,
    Section47Enquiry,
    StrategyAttendee,
    StrategyDiscussion,
)
from opencsc.timescales import calendar, rules
from opencsc.timescales.models import DueItem


class _Saver:
    """Writes the planned pathway, table by table, keys first where later tables need them."""

    def __init__(self, build: Build, plan: PathwayPlan) -> None:
        self.build = build
        self.plan = plan
        self.r = build.random
        self.today = build.today
        self.zone = build.zone
        self.types: dict[type[models.Model], int] = {
            model: ContentType.objects.get_for_model(model).pk
            for model in (
                Referral,
                Assessment,
                StrategyDiscussion,
                Section47Enquiry,
                Conference,
                ProtectionPlan,
                CINPlan,
                Visit,
                TeamTransfer,
                Closure,
            )
        }
        self.days = WorkingDays(build.today - timedelta(days=2400), build.today)
        self.categories = cin_code_list("category_of_abuse")
        self.reasons = cin_code_list("reason_for_closure")
        self.chairs = [
            user.display_name
            for users in build.members.values()
            for user in users.get(Role.QUALITY_ASSURANCE, [])
        ] or ["Independent chair"]
        self.names = [f"{build.fake.first_name()} {build.fake.last_name()}" for _ in range(200)]
        # A planned assessment's family assessment, by id(planned assessment).
        self.keys: dict[int, int] = {}
        # Each child's row of a planned record, by (id(planned record), the child's key).
        self.child_keys: dict[tuple[int, int], int] = {}
        self.plan_starts: list[tuple[date, int, date | None]] = []
        self.chronology: list[tuple[Any, ...]] = []
        self.due_items: list[tuple[Any, ...]] = []

    def midday(self, day: date | None) -> datetime | None:
        """The time an approval was sent or reviewed on `day` (the plan keeps days only)."""
        return None if day is None else datetime.combine(day, time(12), tzinfo=self.zone)

    def entry(
        self,
        child: Person,
        kind: str,
        day: date,
        summary: str,
        model: type[models.Model],
        key: int,
        by: User | None,
    ) -> None:
        self.chronology.append(
            (child.pk, kind, day, summary[:200], self.types[model], key, by.pk if by else None)
        )

    def open_item(
        self,
        rule: rules.Rule,
        child: Person,
        model: type[models.Model],
        key: int,
        start: date,
        case: Case,
        summary: str,
        due_on: date | None = None,
    ) -> None:
        allocation = self.build.allocation_of[id(case)]
        self.due_items.append(
            (
                rule.code,
                child.pk,
                self.types[model],
                key,
                summary[:200],
                allocation.worker_id,
                allocation.team_id,
                start,
                due_on or rule.due_on(start),
                None,
                datetime.combine(start, time(12), tzinfo=self.zone),
                "",
            )
        )

    def run(self) -> None:
        self.assessments()
        self.strategies()
        self.plans()
        self.conferences()
        self.cin_plans()
        self.visits()
        self.transfers_and_closures()
        self.disabilities()
        self.direction()
        self.open_items()
        self.seen_alone_items()
        self.build.insert("pathway due items", DueItem, DUE_ITEM_COLUMNS, self.due_items)
        self.build.insert(
            "pathway chronology", ChronologyEntry, CHRONOLOGY_COLUMNS, self.chronology
        )
        self.figures()

    def referral_key(self, episode: Episode) -> int:
        assert episode.referral is not None  # noqa: S101
        return episode.referral.pk

    def assessments(self) -> None:
        build = self.build
        families: list[PlannedAssessment] = []
        for child_assessment in self.plan.child_assessments:
            if id(child_assessment.assessment) not in self.keys:
                self.keys[id(child_assessment.assessment)] = 0
                families.append(child_assessment.assessment)
        family_keys = build.insert(
            "family assessments",
            FamilyAssessment,
            ("family_history", "parenting_capacity"),
            [
                (self.r.choice(words.FAMILY_HISTORY), self.r.choice(words.PARENTING_CAPACITY))
                for _ in families
            ],
            keys=True,
        )
        for assessment, key in zip(families, family_keys, strict=True):
            self.keys[id(assessment)] = key
        rows = []
        for item in self.plan.child_assessments:
            a = item.assessment
            views, lived, risk, protective = item.texts
            done = a.status != Assessment.Status.IN_PROGRESS
            rows.append(
                (
                    item.child.pk,
                    self.referral_key(item.episode),
                    self.keys[id(a)],
                    a.status,
                    a.started_on,
                    a.due_on,
                    a.worker.pk,
                    item.seen_on,
                    item.seen_alone_on,
                    item.not_seen_alone_reason,
                    views if item.seen_on else "",
                    lived,
                    risk if done else "",
                    protective if done else "",
                    a.outcome if done else "",
                    words.ASSESSMENT_OUTCOME_REASONS.get(a.outcome, "") if done else "",
                    a.worker.pk if a.submitted_on else None,
                    self.midday(a.submitted_on),
                    a.authorised_by.pk if a.authorised_by else None,
                    self.midday(a.authorised_on),
                    a.authorised_on,
                    "",
                )
            )
        keys = build.insert(
            "assessments",
            Assessment,
            (
                "child_id",
                "referral_id",
                "family_id",
                "status",
                "started_on",
                "due_on",
                "worker_id",
                "seen_on",
                "seen_alone_on",
                "not_seen_alone_reason",
                "child_views",
                "lived_experience",
                "risk_analysis",
                "protective_factors",
                "outcome",
                "outcome_reason",
                "proposed_by_id",
                "proposed_at",
                "reviewed_by_id",
                "reviewed_at",
                "authorised_on",
                "manager_comment",
            ),
            rows,
            keys=True,
        )
        factors: list[tuple[int, str]] = []
        outcomes = dict(Outcome.choices)
        for item, key in zip(self.plan.child_assessments, keys, strict=True):
            a = item.assessment
            self.child_keys[(id(a), item.child.pk)] = key
            factors.extend((key, code) for code in item.factors)
            self.entry(
                item.child,
                ChronologyEntry.Kind.ASSESSMENT,
                a.started_on,
                f"Child and family assessment started by {a.worker.display_name}",
                Assessment,
                key,
                a.worker,
            )
            if a.authorised_on is not None:
                self.entry(
                    item.child,
                    ChronologyEntry.Kind.ASSESSMENT,
                    a.authorised_on,
                    f"Assessment authorised by {_name(a.authorised_by)}: {outcomes[a.outcome]}",
                    Assessment,
                    key,
                    a.authorised_by,
                )
        build.insert("assessment factors", AssessmentFactor, ("assessment_id", "code"), factors)

    def strategies(self) -> None:
        """Strategy discussions (the police always there), their attendees, and the enquiries
        they started."""
        build = self.build
        rows: list[tuple[Any, ...]] = []
        planned: list[Any] = []
        for path in self.plan.paths:
            for strategy in path.strategies:
                for episode in path.episodes:
                    planned.append((path, strategy, episode))
                    harm = strategy.harm_alleged
                    needed = harm and self.r.random() < 0.45
                    if not harm:
                        decision, reason = "", ""
                    elif needed:
                        decision = StrategyDiscussion.Medical.NEEDED
                        reason = self.r.choice(words.MEDICAL_NEEDED)
                    else:
                        decision = StrategyDiscussion.Medical.NOT_NEEDED
                        reason = self.r.choice(words.MEDICAL_NOT_NEEDED)
                    kind = StrategyDiscussion.Kind.DISCUSSION
                    if self.r.random() < 0.2:
                        kind = StrategyDiscussion.Kind.MEETING
                    rows.append(
                        (
                            episode.child.pk,
                            self.referral_key(episode),
                            kind,
                            strategy.held_at,
                            self.r.choice(words.STRATEGY_INFORMATION),
                            harm,
                            True if harm else None,
                            decision,
                            reason,
                            strategy.start_section_47,
                            self.r.choice(
                                words.STRATEGY_YES
                                if strategy.start_section_47
                                else words.STRATEGY_NO
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
        for (path, strategy, episode), key in zip(planned, keys, strict=True):
            child = episode.child
            day = strategy.held_at.astimezone(self.zone).date()
            attendees.append(
                (
                    key,
                    StrategyAttendee.Agency.SOCIAL_CARE.value,
                    strategy.worker.display_name,
                    "Social worker",
                )
            )
            for agency in ("police", "health", "education"):
                if agency == "education" and (child.date_of_birth is None or self.r.random() < 0.3):
                    continue
                attendees.append(
                    (key, agency, self.r.choice(self.names), words.STRATEGY_ATTENDEES[agency])
                )
            decided = (
                "section 47 enquiry agreed"
                if strategy.start_section_47
                else ("no section 47 enquiry")
            )
            self.entry(
                child,
                ChronologyEntry.Kind.STRATEGY,
                day,
                f"Strategy discussion: {decided}",
                StrategyDiscussion,
                key,
                strategy.worker,
            )
            enquiry = strategy.enquiry
            if enquiry is None:
                continue
            born = child.date_of_birth
            seen_on = None
            if born is not None:
                seen_on = max(self.days.add(enquiry.started_on, self.r.randint(0, 2)), born)
                if seen_on > (enquiry.completed_on or build.today - ONE_DAY):
                    seen_on = None
            enquiry_planned.append((path, strategy, episode))
            enquiries.append(
                (
                    child.pk,
                    self.referral_key(episode),
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
            self.child_keys[(id(enquiry), episode.child.pk)] = key
            self.entry(
                episode.child,
                ChronologyEntry.Kind.SECTION_47,
                enquiry.started_on,
                "Section 47 enquiry started",
                Section47Enquiry,
                key,
                strategy.worker,
            )
            if enquiry.completed_on is not None:
                self.entry(
                    episode.child,
                    ChronologyEntry.Kind.SECTION_47,
                    enquiry.completed_on,
                    f"Section 47 enquiry completed: {outcomes[enquiry.outcome].lower()}",
                    Section47Enquiry,
                    key,
                    strategy.worker,
                )

    def plans(self) -> None:
        """Child protection plans, each counting the child's earlier plans (NumberOfPreviousCPP)."""
        earlier: dict[int, int] = {}
        rows: list[tuple[Any, ...]] = []
        planned: list[Any] = []
        paths = sorted(self.plan.paths, key=lambda path: path.episodes[0].referred_on)
        for path in paths:
            for plan in sorted(path.protection_plans, key=lambda plan: plan.started_on):
                for episode in path.episodes:
                    child = episode.child
                    previous = earlier.get(child.pk, 0)
                    earlier[child.pk] = previous + 1
                    planned.append((path, plan, episode))
                    self.plan_starts.append((plan.started_on, previous, plan.ended_on))
                    rows.append(
                        (
                            child.pk,
                            self.referral_key(episode),
                            plan.started_on,
                            plan.category,
                            plan.category,
                            previous,
                            plan.ended_on,
                            plan.end_reason,
                        )
                    )
        keys = self.build.insert(
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
            ),
            rows,
            keys=True,
        )
        ends = dict(ProtectionPlan.EndReason.choices)
        repeat = " (a repeat plan)"
        for (path, plan, episode), key, row in zip(planned, keys, rows, strict=True):
            self.child_keys[(id(plan), episode.child.pk)] = key
            by = self.worker(path, plan.started_on)
            again = repeat if row[5] else ""
            self.entry(
                episode.child,
                ChronologyEntry.Kind.PLAN,
                plan.started_on,
                f"Child protection plan started: {self.categories[plan.category]}{again}",
                ProtectionPlan,
                key,
                by,
            )
            if plan.ended_on is not None:
                self.entry(
                    episode.child,
                    ChronologyEntry.Kind.PLAN,
                    plan.ended_on,
                    f"Child protection plan ended: {ends[plan.end_reason].lower()}",
                    ProtectionPlan,
                    key,
                    self.worker(path, plan.ended_on),
                )

    def worker(self, path: GroupPath, day: date) -> User:
        holding = path.cases[0]
        for case in path.cases[1:]:
            if case.started_on <= day:
                holding = case
        if holding.worker is not None:
            return holding.worker
        for role in (Role.ADVANCED_PRACTITIONER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER):
            members = self.build.members.get(holding.team.pk, {}).get(role)
            if members:
                return members[0]
        raise RuntimeError(f"{holding.team} has no staff.")

    def conferences(self) -> None:
        """Initial conferences (from their enquiries), review conferences, and core groups."""
        rows: list[tuple[Any, ...]] = []
        planned: list[Any] = []
        core_groups: list[tuple[Any, ...]] = []
        for path in self.plan.paths:
            for strategy in path.strategies:
                enquiry = strategy.enquiry
                if enquiry is None or enquiry.conference is None:
                    continue
                conference = enquiry.conference
                for episode in path.episodes:
                    child = episode.child.pk
                    plan_key = self.child_keys[(id(enquiry.plan), child)] if enquiry.plan else None
                    planned.append((path, conference, episode, plan_key))
                    rows.append(
                        (
                            child,
                            self.referral_key(episode),
                            conference.kind,
                            self.child_keys[(id(enquiry), child)],
                            plan_key,
                            conference.held_on,
                            self.r.choice(self.chairs),
                            conference.outcome,
                            conference.category,
                            words.CONFERENCE_SUMMARIES[conference.outcome],
                            self.worker(path, conference.held_on).pk,
                        )
                    )
            for plan in path.protection_plans:
                for episode in path.episodes:
                    child = episode.child.pk
                    plan_key = self.child_keys[(id(plan), child)]
                    for review in plan.reviews:
                        planned.append((path, review, episode, plan_key))
                        rows.append(
                            (
                                child,
                                self.referral_key(episode),
                                review.kind,
                                None,
                                plan_key,
                                review.held_on,
                                self.r.choice(self.chairs),
                                review.outcome,
                                "",
                                words.CONFERENCE_SUMMARIES[review.outcome],
                                self.worker(path, review.held_on).pk,
                            )
                        )
                    for day in plan.core_groups:
                        by = self.worker(path, day)
                        core_groups.append(
                            (
                                plan_key,
                                day,
                                self.r.choice(words.CORE_GROUP_ATTENDEES),
                                self.r.choice(words.CORE_GROUP_PROGRESS),
                                by.pk,
                            )
                        )
                        self.entry(
                            episode.child,
                            ChronologyEntry.Kind.PLAN,
                            day,
                            "Core group meeting",
                            ProtectionPlan,
                            plan_key,
                            by,
                        )
        keys = self.build.insert(
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
            ),
            rows,
            keys=True,
        )
        outcomes = dict(Conference.Outcome.choices)
        for (path, conference, episode, _), key in zip(planned, keys, strict=True):
            if conference.kind == Conference.Kind.INITIAL:
                what = "Initial child protection conference"
            else:
                what = "Review child protection conference"
            result = outcomes[conference.outcome].lower()
            if conference.category:
                result += f" ({self.categories[conference.category]})"
            self.entry(
                episode.child,
                ChronologyEntry.Kind.CONFERENCE,
                conference.held_on,
                f"{what}: {result}",
                Conference,
                key,
                self.worker(path, conference.held_on),
            )
        self.build.insert(
            "core group meetings",
            CoreGroupMeeting,
            ("plan_id", "held_on", "attendees", "progress", "recorded_by_id"),
            core_groups,
        )

    def cin_plans(self) -> None:
        """Child in need plans, with their actions and reviews."""
        rows: list[tuple[Any, ...]] = []
        planned: list[Any] = []
        for path in self.plan.paths:
            for plan in path.cin_plans:
                for episode in path.episodes:
                    child = episode.child.pk
                    after = self.child_keys[(id(plan.after), child)] if plan.after else None
                    planned.append((path, plan, episode))
                    outcomes, views, contingency = plan.texts
                    rows.append(
                        (
                            child,
                            self.referral_key(episode),
                            plan.started_on,
                            outcomes,
                            views,
                            contingency,
                            after,
                            plan.keep_open_until,
                            plan.ended_on,
                            plan.end_reason,
                            plan.created_by.pk,
                        )
                    )
        keys = self.build.insert(
            "child in need plans",
            CINPlan,
            (
                "child_id",
                "referral_id",
                "started_on",
                "outcomes",
                "child_views",
                "contingency",
                "after_protection_plan_id",
                "keep_open_until",
                "ended_on",
                "end_reason",
                "created_by_id",
            ),
            rows,
            keys=True,
        )
        actions: list[tuple[Any, ...]] = []
        reviews: list[tuple[Any, ...]] = []
        for (path, plan, episode), key in zip(planned, keys, strict=True):
            child = episode.child
            self.child_keys[(id(plan), child.pk)] = key
            started = "Child in need plan started"
            if plan.after is not None:
                started += " (stepped down from a child protection plan)"
            self.entry(
                child,
                ChronologyEntry.Kind.PLAN,
                plan.started_on,
                started,
                CINPlan,
                key,
                plan.created_by,
            )
            if plan.ended_on is not None:
                self.entry(
                    child,
                    ChronologyEntry.Kind.PLAN,
                    plan.ended_on,
                    f"Child in need plan ended: {plan.end_reason[:1].lower()}{plan.end_reason[1:]}",
                    CINPlan,
                    key,
                    self.worker(path, plan.ended_on),
                )
            actions.extend((key, *action) for action in plan.actions)
            for index, day in enumerate(plan.reviews):
                by = self.worker(path, day)
                following = plan.reviews[index + 1] if index + 1 < len(plan.reviews) else None
                if following is None and plan.ended_on is None:
                    following = rules.CIN_PLAN_REVIEW.due_on(day)
                reviews.append(
                    (
                        key,
                        day,
                        self.r.choice(words.CIN_REVIEW_PROGRESS),
                        self.r.choice(words.CHILD_VIEWS),
                        following if following and following > day else None,
                        by.pk,
                    )
                )
                self.entry(
                    child,
                    ChronologyEntry.Kind.PLAN,
                    day,
                    "Child in need plan reviewed",
                    CINPlan,
                    key,
                    by,
                )
        self.build.insert(
            "plan actions", PlanAction, ("plan_id", "action", "who", "due_on", "status"), actions
        )
        self.build.insert(
            "plan reviews",
            PlanReview,
            ("plan_id", "held_on", "progress", "child_views", "next_review_on", "recorded_by_id"),
            reviews,
        )

    def visits(self) -> None:
        """Visits to each child on a plan: seen (alone, mostly, once old enough), the bedroom seen
        on most home visits."""
        rows: list[tuple[Any, ...]] = []
        planned: list[Any] = []
        kinds = {
            Visit.Kind.HOME: 60,
            Visit.Kind.SCHOOL: 25,
            Visit.Kind.OFFICE: 5,
            Visit.Kind.OTHER: 10,
        }
        for path in self.plan.paths:
            plans: list[tuple[str, PlannedProtectionPlan | PlannedChildInNeedPlan]] = [
                *((CP, plan) for plan in path.protection_plans),
                *((CIN, plan) for plan in path.cin_plans),
            ]
            for plan_type, plan in plans:
                for day in plan.visits:
                    by = self.worker(path, day)
                    kind = _draw(self.r, kinds)
                    for episode in path.episodes:
                        child = episode.child
                        key = self.child_keys[(id(plan), child.pk)]
                        born = child.date_of_birth
                        seen = born is not None and born <= day and self.r.random() < 0.95
                        school_age = born is not None and (day - born).days >= 2 * 365
                        alone = seen and school_age and self.r.random() < 0.8
                        bedroom = (self.r.random() < 0.85) if kind == Visit.Kind.HOME else None
                        planned.append((child, day, plan_type, alone, seen, by))
                        rows.append(
                            (
                                child.pk,
                                self.referral_key(episode),
                                plan_type,
                                key if plan_type == CP else None,
                                key if plan_type == CIN else None,
                                day,
                                kind,
                                seen,
                                alone,
                                bedroom,
                                words.VISIT_PURPOSES[plan_type],
                                self.r.choice(words.VISIT_RECORDS),
                                self.r.choice(words.VISIT_OUTCOMES),
                                by.pk,
                            )
                        )
        keys = self.build.insert(
            "visits",
            Visit,
            (
                "child_id",
                "referral_id",
                "plan_type",
                "protection_plan_id",
                "cin_plan_id",
                "visited_on",
                "kind",
                "child_seen",
                "seen_alone",
                "bedroom_seen",
                "purpose",
                "record",
                "outcome",
                "visited_by_id",
            ),
            rows,
            keys=True,
        )
        names = {CP: "Child protection visit", CIN: "Child in need visit"}
        for (child, day, plan_type, alone, seen, by), key in zip(planned, keys, strict=True):
            how = "child seen alone" if alone else "child seen" if seen else "child not seen"
            self.entry(
                child, ChronologyEntry.Kind.VISIT, day, f"{names[plan_type]}: {how}", Visit, key, by
            )
        self.build.summary.figures["visits"] = len(rows)

    def transfers_and_closures(self) -> None:
        """Moves between teams (accepted, or waiting for the long-term team), and closures."""
        transfers: list[tuple[Any, ...]] = []
        closures: list[tuple[Any, ...]] = []
        transfer_planned: list[tuple[GroupPath, Episode]] = []
        closure_planned: list[tuple[GroupPath, Episode]] = []
        for path in self.plan.paths:
            transfer = path.transfer
            for episode in path.episodes:
                if transfer is not None:
                    waited = None
                    if transfer.answered_on is not None:
                        waited = max(
                            0,
                            calendar.working_days_between(
                                transfer.completed_on, transfer.answered_on
                            ),
                        )
                    transfer_planned.append((path, episode))
                    transfers.append(
                        (
                            episode.child.pk,
                            self.referral_key(episode),
                            transfer.from_team.pk,
                            transfer.to_team.pk,
                            transfer.reason,
                            transfer.completed_on,
                            TeamTransfer.Status.AUTHORISED
                            if transfer.answered_on
                            else TeamTransfer.Status.PROPOSED,
                            self.midday(transfer.requested_on),
                            transfer.requested_by.pk,
                            self.midday(transfer.answered_on),
                            transfer.answered_by.pk if transfer.answered_by else None,
                            words.TRANSFER_ACCEPTED if transfer.answered_on else "",
                            waited,
                        )
                    )
                closure = path.closure
                if closure is not None:
                    closure_planned.append((path, episode))
                    closures.append(
                        (
                            self.referral_key(episode),
                            closure.closed_on,
                            closure.reason,
                            closure.summary,
                            "",
                            closure.status,
                            closure.proposed_by.pk,
                            closure.proposed_at,
                            closure.reviewed_by.pk if closure.reviewed_by else None,
                            closure.reviewed_at,
                            "",
                        )
                    )
        keys = self.build.insert(
            "team transfers",
            TeamTransfer,
            (
                "child_id",
                "referral_id",
                "from_team_id",
                "to_team_id",
                "reason",
                "assessment_completed_on",
                "status",
                "proposed_at",
                "proposed_by_id",
                "reviewed_at",
                "reviewed_by_id",
                "manager_comment",
                "working_days_waited",
            ),
            transfers,
            keys=True,
        )
        for (path, episode), key in zip(transfer_planned, keys, strict=True):
            transfer = path.transfer
            assert transfer is not None  # noqa: S101
            self.child_keys[(id(transfer), episode.child.pk)] = key
            if transfer.answered_on is not None:
                self.entry(
                    episode.child,
                    ChronologyEntry.Kind.TRANSFER,
                    transfer.answered_on,
                    f"Transferred from {transfer.from_team} to {transfer.to_team}",
                    TeamTransfer,
                    key,
                    transfer.answered_by,
                )
            else:
                self.entry(
                    episode.child,
                    ChronologyEntry.Kind.TRANSFER,
                    transfer.requested_on,
                    f"Transfer to {transfer.to_team} requested",
                    TeamTransfer,
                    key,
                    transfer.requested_by,
                )
        keys = self.build.insert(
            "closures",
            Closure,
            (
                "referral_id",
                "closed_on",
                "reason",
                "summary",
                "open_items_note",
                "status",
                "proposed_by_id",
                "proposed_at",
                "reviewed_by_id",
                "reviewed_at",
                "manager_comment",
            ),
            closures,
            keys=True,
        )
        for (path, episode), key in zip(closure_planned, keys, strict=True):
            closure = path.closure
            assert closure is not None  # noqa: S101
            if closure.status == Closure.Status.AUTHORISED and not episode.nfa:
                self.entry(
                    episode.child,
                    ChronologyEntry.Kind.CLOSURE,
                    closure.closed_on,
                    f"Episode closed: {self.reasons[closure.reason]}",
                    Closure,
                    key,
                    closure.reviewed_by,
                )
            elif closure.status == Closure.Status.PROPOSED:
                self.entry(
                    episode.child,
                    ChronologyEntry.Kind.CLOSURE,
                    closure.closed_on,
                    "Closure proposed, awaiting the manager",
                    Closure,
                    key,
                    closure.proposed_by,
                )

    def disabilities(self) -> None:
        self.build.insert(
            "disabilities",
            Disability,
            ("person_id", "code", "recorded_by_id"),
            [(child.pk, code, by.pk if by else None) for child, code, by in self.plan.disabilities],
        )

    def direction(self) -> None:
        """Each case of an episode works that episode; each current one has the manager's
        direction in a few actions, with who and by when."""
        build = self.build
        links: list[tuple[int, int]] = []
        actions = []
        for path in self.plan.paths:
            for episode in path.episodes:
                for case in episode.cases:
                    allocation = build.allocation_of[id(case)]
                    links.append((self.referral_key(episode), allocation.pk))
                    if allocation.ended_on is not None:
                        continue
                    assignee = case.worker or self.worker(path, build.today)
                    child = episode.child
                    names = {
                        "name": child.first_name or "the baby",
                        **dict(
                            zip(
                                ("they", "them", "their"),
                                PRONOUNS.get(child.sex, ("they", "them", "their")),
                                strict=True,
                            )
                        ),
                    }
                    for template in self.r.sample(words.DIRECTION_ACTIONS, 2):
                        text = template.format(**names)
                        due_on = allocation.started_on + timedelta(days=self.r.randint(5, 20))
                        done_on = None
                        if due_on < build.today and self.r.random() < 0.85:
                            done_on = min(
                                build.today - ONE_DAY,
                                due_on - timedelta(days=self.r.randint(0, 3)),
                            )
                            done_on = max(done_on, allocation.started_on)
                        actions.append((allocation.pk, text, assignee.pk, due_on, done_on))
        started = timer.perf_counter()
        table = connection.ops.quote_name(Allocation._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET referral_id = %s WHERE id = %s",  # noqa: S608
                links,
            )
        seconds = timer.perf_counter() - started
        build.say(f"  {'allocations (episodes)':<24} {len(links):>7,} rows  {seconds:5.1f} s")
        build.insert(
            "direction actions",
            DirectionAction,
            ("allocation_id", "action", "assignee_id", "due_on", "done_on"),
            actions,
        )

    def open_items(self) -> None:
        """The open episodes' due items, owned by whoever holds the case now."""
        for path in self.plan.paths:
            if path.episodes[0].closed_on is not None:
                continue
            for episode in path.episodes:
                self.open_items_of(path, episode)

    def open_items_of(self, path: GroupPath, episode: Episode) -> None:
        child, case = episode.child, episode.cases[-1]
        name = child.full_name
        referral = self.referral_key(episode)
        latest = path.assessments[-1] if path.assessments else None
        if latest is None or latest.status != Assessment.Status.AUTHORISED:
            start = episode.referred_on
            if latest is not None and len(path.assessments) > 1:
                start = latest.started_on
            self.open_item(
                rules.ASSESSMENT,
                child,
                Referral,
                referral,
                start,
                case,
                f"Child and family assessment for {name}",
            )
        if path.strategy_due_from is not None:
            self.open_item(
                rules.STRATEGY_DISCUSSION,
                child,
                Referral,
                referral,
                path.strategy_due_from,
                case,
                f"Strategy discussion for {name}",
            )
        enquiry_pending = False
        for strategy in path.strategies:
            enquiry = strategy.enquiry
            if enquiry is None or enquiry.conference is not None:
                continue
            if enquiry.completed_on is None or enquiry.outcome == EnquiryOutcome.CONFERENCE:
                enquiry_pending = True
                self.open_item(
                    rules.ICPC,
                    child,
                    Section47Enquiry,
                    self.child_keys[(id(enquiry), child.pk)],
                    enquiry.started_on,
                    case,
                    f"Initial child protection conference for {name}",
                    enquiry.due_on,
                )
        open_plans = [plan for plan in path.protection_plans if plan.ended_on is None]
        for plan in open_plans:
            key = self.child_keys[(id(plan), child.pk)]
            if plan.core_groups:
                core = (rules.CORE_GROUP, plan.core_groups[-1])
            else:
                core = (rules.FIRST_CORE_GROUP, plan.started_on)
            if plan.reviews:
                review = (rules.LATER_RCPC, plan.reviews[-1].held_on)
            else:
                review = (rules.FIRST_RCPC, plan.started_on)
            visit = (rules.CP_VISIT, plan.visits[-1] if plan.visits else plan.started_on)
            for rule, start in (visit, core, review):
                self.open_item(
                    rule, child, ProtectionPlan, key, start, case, f"{rule.label}: {name}"
                )
        open_cin = [plan for plan in path.cin_plans if plan.ended_on is None]
        for cin_plan in open_cin:
            key = self.child_keys[(id(cin_plan), child.pk)]
            visit = (
                rules.CIN_VISIT,
                cin_plan.visits[-1] if cin_plan.visits else cin_plan.started_on,
            )
            review = (
                rules.CIN_PLAN_REVIEW,
                cin_plan.reviews[-1] if cin_plan.reviews else cin_plan.started_on,
            )
            for rule, start in (visit, review):
                self.open_item(rule, child, CINPlan, key, start, case, f"{rule.label}: {name}")
        if latest is not None and latest.authorised_on is not None:
            assessment_key = self.child_keys[(id(latest), child.pk)]
            later_plans = [p for p in path.cin_plans if p.started_on >= latest.authorised_on]
            if (
                latest.outcome == Outcome.CIN_PLAN
                and not open_plans
                and not open_cin
                and not later_plans
                and not enquiry_pending
            ):
                self.open_item(
                    rules.CIN_PLAN,
                    child,
                    Assessment,
                    assessment_key,
                    latest.authorised_on,
                    case,
                    f"Child in need plan for {name}",
                )
        transfer = path.transfer
        if transfer is not None and transfer.answered_on is None and path.assessments:
            first = path.assessments[0]
            self.open_item(
                rules.TRANSFER_AFTER_ASSESSMENT,
                child,
                Assessment,
                self.child_keys[(id(first), child.pk)],
                transfer.completed_on,
                case,
                f"Transfer of {name} to {transfer.to_team}",
            )

    def seen_alone_items(self) -> None:
        """An alert for each assessment lately authorised without the child seen alone and with
        no reason why."""
        for item in self.plan.child_assessments:
            a = item.assessment
            if (
                item.episode.closed_on is None
                and a.authorised_on is not None
                and item.seen_alone_on is None
                and not item.not_seen_alone_reason
            ):
                self.open_item(
                    rules.SEEN_ALONE_REASON,
                    item.child,
                    Assessment,
                    self.child_keys[(id(a), item.child.pk)],
                    a.authorised_on,
                    item.episode.cases[-1],
                    f"Why {item.child.full_name} was not seen alone",
                )

    def figures(self) -> None:
        """The pathway's figures for the summary (and for checking `la` against its targets)."""
        start, today = self.build.front_door_from, self.today
        in_year = range(start.toordinal(), today.toordinal() + 1)
        authorised = [
            item.assessment
            for item in self.plan.child_assessments
            if item.assessment.authorised_on is not None
            and item.assessment.authorised_on.toordinal() in in_year
        ]
        on_time = sum(
            1
            for a in authorised
            if a.due_on is not None and a.authorised_on is not None and a.authorised_on <= a.due_on
        )
        enquiries: list[PlannedEnquiry] = []
        conferences: list[PlannedEnquiry] = []
        cin_open = 0
        for path in self.plan.paths:
            children = len(path.episodes)
            for strategy in path.strategies:
                enquiry = strategy.enquiry
                if enquiry is None or enquiry.started_on.toordinal() not in in_year:
                    continue
                enquiries.extend([enquiry] * children)
            for strategy in path.strategies:
                enquiry = strategy.enquiry
                if (
                    enquiry
                    and enquiry.conference
                    and enquiry.conference.held_on.toordinal() in in_year
                ):
                    conferences.extend([enquiry] * children)
            cin_open += children * sum(1 for plan in path.cin_plans if plan.ended_on is None)
        started = [item for item in self.plan_starts if item[0].toordinal() in in_year]
        open_plans = [item for item in self.plan_starts if item[2] is None]
        figures = {
            "assessments in the year": len(authorised),
            "assessments within 45 working days": round(on_time / max(1, len(authorised)), 3),
            "section 47 enquiries in the year": len(enquiries),
            "initial conferences in the year": len(conferences),
            "initial conferences within 15 working days": round(
                sum(
                    1
                    for enquiry in conferences
                    if enquiry.conference and enquiry.conference.held_on <= enquiry.due_on
                )
                / max(1, len(conferences)),
                3,
            ),
            "protection plans started in the year": len(started),
            "repeat plan share": round(
                sum(1 for item in started if item[1] > 0) / max(1, len(started)), 3
            ),
            "open protection plans": len(open_plans),
            "open child in need plans": cin_open,
        }
        self.build.summary.figures.update(figures)
        f = figures
        self.build.say(
            f"  pathway: {f['assessments in the year']:,} assessments in the year"
            f" ({f['assessments within 45 working days']:.1%} within 45 working days),"
            f" {f['section 47 enquiries in the year']:,} section 47 enquiries,"
            f" {f['initial conferences in the year']:,} initial conferences"
            f" ({f['initial conferences within 15 working days']:.1%} within 15 working days),"
            f" {f['protection plans started in the year']:,} protection plans started"
            f" ({f['repeat plan share']:.1%} repeat plans); {f['open protection plans']:,}"
            f" protection plans and {f['open child in need plans']:,} child in need plans open;"
            f" {self.build.summary.figures['visits']:,} visits"
        )


def _name(user: User | None) -> str:
    return user.display_name if user is not None else "a manager"


def _draw(random: Any, weights: Mapping[Any, float]) -> Any:
    return random.choices(list(weights), weights=list(weights.values()))[0]


def save_pathway(build: Build, plan: PathwayPlan) -> None:
    """Save the planned pathway, then its due items and chronology: call after
    `frontdoor.save_front_door` (the referrals' keys)."""
    saver = _Saver(build, plan)
    saver.run()

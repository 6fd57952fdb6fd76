"""The demo's child in need plans (their actions and reviews) and the visits to children on a
plan, with their chronology. `PlanPlanner` plans them (its part of the pathway's planner); the
`save_` functions save them."""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from opencsc.demo import vocabulary as words
from opencsc.demo.pathway.base import PlannerBase
from opencsc.demo.pathway.records import (
    CIN,
    CP,
    GroupPath,
    PlannedChildInNeedPlan,
    PlannedProtectionPlan,
)
from opencsc.demo.pathway.saving import PathwaySaver
from opencsc.plans import entries as plan_entries
from opencsc.plans.models import CINPlan, PlanAction, PlanReview, Visit
from opencsc.timescales import calendar, rules


def save_cin_plans(saver: PathwaySaver) -> None:
    """Child in need plans, with their actions and reviews."""
    rows: list[tuple[Any, ...]] = []
    planned: list[Any] = []
    for path in saver.plan.paths:
        for plan in path.cin_plans:
            for episode in path.episodes:
                child = episode.child.pk
                after = saver.child_keys[(id(plan.after), child)] if plan.after else None
                planned.append((path, plan, episode))
                outcomes, views, contingency = plan.texts
                rows.append(
                    (
                        child,
                        saver.referral_key(episode),
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
    keys = saver.build.insert(
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
        saver.child_keys[(id(plan), child.pk)] = key
        saver.entry(
            plan_entries.plan_started(
                child,
                plan_id=key,
                after_protection_plan=plan.after is not None,
                on=plan.started_on,
                by=plan.created_by,
            )
        )
        if plan.ended_on is not None:
            saver.entry(
                plan_entries.plan_ended(
                    child, plan_id=key, on=plan.ended_on, by=saver.worker(path, plan.ended_on)
                )
            )
        actions.extend((key, *action) for action in plan.actions)
        for index, day in enumerate(plan.reviews):
            by = saver.worker(path, day)
            following = plan.reviews[index + 1] if index + 1 < len(plan.reviews) else None
            if following is None and plan.ended_on is None:
                following = rules.CIN_PLAN_REVIEW.due_on(day)
            reviews.append(
                (
                    key,
                    day,
                    saver.r.choice(words.CIN_REVIEW_PROGRESS),
                    saver.r.choice(words.CHILD_VIEWS),
                    following if following and following > day else None,
                    by.pk,
                )
            )
            saver.entry(plan_entries.plan_reviewed(child, plan_id=key, on=day, by=by))
    saver.build.insert(
        "plan actions", PlanAction, ("plan_id", "action", "who", "due_on", "status"), actions
    )
    saver.build.insert(
        "plan reviews",
        PlanReview,
        ("plan_id", "held_on", "progress", "child_views", "next_review_on", "recorded_by_id"),
        reviews,
    )


def save_visits(saver: PathwaySaver) -> None:
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
    for path in saver.plan.paths:
        plans: list[tuple[str, PlannedProtectionPlan | PlannedChildInNeedPlan]] = [
            *((CP, plan) for plan in path.protection_plans),
            *((CIN, plan) for plan in path.cin_plans),
        ]
        for plan_type, plan in plans:
            for day in plan.visits:
                by = saver.worker(path, day)
                kind = _draw(saver.r, kinds)
                for episode in path.episodes:
                    child = episode.child
                    key = saver.child_keys[(id(plan), child.pk)]
                    born = child.date_of_birth
                    seen = born is not None and born <= day and saver.r.random() < 0.95
                    school_age = born is not None and (day - born).days >= 2 * 365
                    alone = seen and school_age and saver.r.random() < 0.8
                    bedroom = (saver.r.random() < 0.85) if kind == Visit.Kind.HOME else None
                    reason = _not_seen_alone_reason(seen=seen, alone=alone, old_enough=school_age)
                    planned.append((child, day, plan_type, alone, seen, by))
                    rows.append(
                        (
                            child.pk,
                            saver.referral_key(episode),
                            plan_type,
                            key if plan_type == CP else None,
                            key if plan_type == CIN else None,
                            day,
                            kind,
                            seen,
                            alone,
                            reason,
                            bedroom,
                            words.VISIT_PURPOSES[plan_type],
                            saver.r.choice(words.VISIT_RECORDS),
                            saver.r.choice(words.VISIT_OUTCOMES),
                            by.pk,
                        )
                    )
    keys = saver.build.insert(
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
            "not_seen_alone_reason",
            "bedroom_seen",
            "purpose",
            "record",
            "outcome",
            "visited_by_id",
        ),
        rows,
        keys=True,
    )
    visit_kinds = dict(Visit.Kind.choices)
    plan_types = dict(Visit.PlanType.choices)
    for (child, day, plan_type, alone, seen, by), key, row in zip(planned, keys, rows, strict=True):
        saver.entry(
            plan_entries.visit_made(
                child,
                visit_id=key,
                kind=visit_kinds[row[6]],
                plan_type=plan_types[plan_type],
                child_seen=seen,
                seen_alone=alone,
                on=day,
                by=by,
            )
        )
    saver.build.summary.figures["visits"] = len(rows)


def _not_seen_alone_reason(*, seen: bool, alone: bool, old_enough: bool) -> str:
    """Why a child was not seen alone on a visit (drawn from nothing, so the demo's other draws
    stay as they were)."""
    if alone:
        return ""
    if not seen:
        return "The child was not at home; a visit is booked for this week."
    if not old_enough:
        return "Too young to be seen alone: seen with the parent."
    return "The parent would not leave the room; I will see the child alone at school."


def _draw(random: Any, weights: Mapping[Any, float]) -> Any:
    return random.choices(list(weights), weights=list(weights.values()))[0]


class PlanPlanner(PlannerBase):
    """Plans child in need plans, their reviews, and the visits that slipped."""

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

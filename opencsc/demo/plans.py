"""The demo's child in need plans (their actions and reviews) and the visits to children on a
plan, with their chronology."""

from collections.abc import Mapping
from typing import Any

from opencsc.demo import vocabulary as words
from opencsc.demo.pathway.records import (
    CIN,
    CP,
    PlannedChildInNeedPlan,
    PlannedProtectionPlan,
)
from opencsc.demo.pathway.saving import PathwaySaver
from opencsc.plans import entries as plan_entries
from opencsc.plans.models import CINPlan, PlanAction, PlanReview, Visit
from opencsc.timescales import rules


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


def _draw(random: Any, weights: Mapping[Any, float]) -> Any:
    return random.choices(list(weights), weights=list(weights.values()))[0]

"""The demo's child protection work: strategy discussions (and their attendees), section 47
enquiries, child protection plans, conferences and core groups, with their chronology."""

from typing import Any

from opencsc.demo import vocabulary as words
from opencsc.demo.pathway.records import (
    ONE_DAY,
    EnquiryOutcome,
)
from opencsc.demo.pathway.saving import PathwaySaver
from opencsc.protection import entries as protection_entries
from opencsc.protection.models import (
    Conference,
    CoreGroupMeeting,
    ProtectionPlan,
    Section47Enquiry,
    StrategyAttendee,
    StrategyDiscussion,
)
from opencsc.timescales import calendar


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
                if not harm:
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
                        True if harm else None,
                        decision,
                        reason,
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
        ),
        rows,
        keys=True,
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
        ),
        rows,
        keys=True,
    )
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
    saver.build.insert(
        "core group meetings",
        CoreGroupMeeting,
        ("plan_id", "held_on", "attendees", "progress", "recorded_by_id"),
        core_groups,
    )

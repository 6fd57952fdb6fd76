"""Children in need plans: start, review and end (by hand, by the closure, or when a child
protection plan takes over)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.casework import services as casework
from opencsc.casework.models import Referral
from opencsc.chronology import services as chronology
from opencsc.chronology.models import ChronologyEntry
from opencsc.core.smart import vague_because
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.plans import entries
from opencsc.plans.models import CINPlan, PlanAction, PlanReview
from opencsc.plans.services._common import _d, close_child_items, lock_episode
from opencsc.protection.models import ProtectionPlan
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

# Children in need plans


@dataclass
class CINPlanDetails:
    """What a child in need plan says: when it starts, what it is for, the child's views, and
    what happens if it does not work."""

    started_on: date
    outcomes: str
    child_views: str
    contingency: str


class PlannedAction(NamedTuple):
    """A SMART action on a plan: what, who, by when."""

    action: str
    who: str
    due_on: date


def _check_actions(actions: Sequence[PlannedAction], *, not_before: date) -> str | None:
    """The first problem with a plan's actions, or None."""
    for row in actions:
        if not row.action.strip():
            return "Enter what each action is"
        if not row.who.strip():
            return "Enter who does each action"
        if len(row.action.strip()) > 300:
            return "An action must be 300 characters or fewer"
        if len(row.who.strip()) > 150:
            return "Who does an action must be 150 characters or fewer"
        if row.due_on < not_before:
            return f"An action cannot be due before {_d(not_before)}"
        if problem := vague_because(row.action):
            return problem
    return None


def _add_actions(plan: CINPlan, actions: Sequence[PlannedAction]) -> None:
    rows = [
        PlanAction(plan=plan, action=row.action.strip(), who=row.who.strip(), due_on=row.due_on)
        for row in actions
    ]
    for row in rows:
        row.full_clean(exclude=["plan"])
    PlanAction.objects.bulk_create(rows)


def cin_plan_clash(child: Person, *, starts_on: date) -> str | None:
    """Why a child in need plan cannot start on `starts_on` (another plan of the child is open or
    would overlap it), or None. Call with the child's plan rows locked."""
    for cp in ProtectionPlan.objects.filter(child=child).order_by("started_on"):
        if cp.ended_on is None:
            return (
                f"{child.full_name} is on a child protection plan from {_d(cp.started_on)}: a "
                "child in need plan cannot be open at the same time. A review conference ends "
                "the child protection plan and can step it down"
            )
        if cp.started_on >= starts_on or cp.ended_on >= starts_on:
            return (
                f"A child in need plan from {_d(starts_on)} would overlap the child protection "
                f"plan of {_d(cp.started_on)} to {_d(cp.ended_on)}: start it after "
                f"{_d(cp.ended_on)}"
            )
    for cin in CINPlan.objects.filter(child=child).order_by("started_on"):
        if cin.ended_on is None:
            return (
                f"{child.full_name} already has an open child in need plan from "
                f"{_d(cin.started_on)}: review it, or end it first"
            )
        if cin.started_on >= starts_on or cin.ended_on >= starts_on:
            return (
                f"A child in need plan from {_d(starts_on)} would overlap the plan of "
                f"{_d(cin.started_on)} to {_d(cin.ended_on)}: start it after {_d(cin.ended_on)}"
            )
    return None


def _check_plan(details: CINPlanDetails, actions: Sequence[PlannedAction]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not details.outcomes.strip():
        errors["outcomes"] = "Enter the outcomes the plan is for"
    if not details.child_views.strip():
        errors["child_views"] = "Enter the child's views, or why they could not be given"
    if not details.contingency.strip():
        errors["contingency"] = "Enter the contingency plan: what happens if the plan does not work"
    elif problem := vague_because(details.contingency, what="contingency"):
        errors["contingency"] = problem
    if not actions:
        errors["actions"] = "Add at least one action: what, who and by when"
    else:
        problem = _check_actions(actions, not_before=details.started_on)
        if problem:
            errors["actions"] = problem
    return errors


def _step_down_problem(step_down: ProtectionPlan, *, child: Person, starts_on: date) -> str | None:
    """Why a plan starting on `starts_on` cannot be the step-down from `step_down`, or None."""
    if step_down.child_id != child.pk or step_down.ended_on is None:
        return "A step-down follows an ended child protection plan of the child"
    if step_down.end_reason != ProtectionPlan.EndReason.STEPPED_DOWN:
        return "That child protection plan did not step down"
    if starts_on <= step_down.ended_on:
        return (
            f"The child in need plan must start after the child protection plan ended "
            f"({_d(step_down.ended_on)})"
        )
    return None


@transaction.atomic
def start_cin_plan(
    *,
    referral: Referral,
    details: CINPlanDetails,
    actions: Sequence[PlannedAction],
    by: User,
    after_protection_plan: ProtectionPlan | None = None,
) -> CINPlan:
    """Start a child in need plan with outcomes, SMART actions, the child's views and a
    contingency, and schedule its review and visits (Children Act 1989 s17).

    After a child protection plan steps down, the plan starts the day after the review conference
    that ended it and stays open at least CIN_PLAN_AFTER_CP_PLAN."""
    child = referral.child
    if after_protection_plan is not None and after_protection_plan.ended_on is not None:
        # The step-down starts the day after today's review: the episode takes the review's date.
        referral = lock_episode(referral, on=after_protection_plan.ended_on, field="started_on")
    else:
        referral = lock_episode(referral, on=details.started_on, field="started_on")
    permissions.require(by, Action.START_CIN_PLAN, child)
    errors = _check_plan(details, actions)
    if after_protection_plan is not None:
        problem = _step_down_problem(
            after_protection_plan, child=child, starts_on=details.started_on
        )
        if problem:
            errors["started_on"] = problem
    # Lock the child's plans so two plans cannot start side by side.
    list(ProtectionPlan.objects.select_for_update().filter(child=child))
    list(CINPlan.objects.select_for_update().filter(child=child))
    clash = cin_plan_clash(child, starts_on=details.started_on)
    if clash and "started_on" not in errors:
        errors["started_on"] = clash
    if errors:
        raise ValidationError(errors)

    plan = CINPlan(
        child=child,
        referral=referral,
        started_on=details.started_on,
        outcomes=details.outcomes.strip(),
        child_views=details.child_views.strip(),
        contingency=details.contingency.strip(),
        after_protection_plan=after_protection_plan,
        keep_open_until=(
            rules.CIN_PLAN_AFTER_CP_PLAN.due_on(details.started_on)
            if after_protection_plan is not None
            else None
        ),
        created_by=by,
    )
    plan.full_clean()
    plan.save()
    _add_actions(plan, actions)
    close_child_items(child, rules.CIN_PLAN, by=by, note="Child in need plan started")
    casework.open_pathway_due_item(
        rules.CIN_PLAN_REVIEW,
        child=child,
        record=plan,
        start=plan.started_on,
        summary="Child in need plan review",
    )
    casework.open_pathway_due_item(
        rules.CIN_VISIT,
        child=child,
        record=plan,
        start=plan.started_on,
        summary="Child in need visit",
    )
    step = " (step-down from a child protection plan)" if after_protection_plan else ""
    entries.plan_started(
        child,
        plan_id=plan.pk,
        after_protection_plan=after_protection_plan is not None,
        on=plan.started_on,
        by=by,
    ).save()
    audit.log_change(
        by=by, child=child, record=plan, action=Action.START_CIN_PLAN, summary=f"Started{step}"
    )
    return plan


def _locked_open_plan(plan: CINPlan) -> CINPlan:
    locked = CINPlan.objects.select_for_update().select_related("child").get(pk=plan.pk)
    if locked.ended_on is not None:
        raise ValidationError(f"This child in need plan ended on {_d(locked.ended_on)}.")
    return locked


def _review_date_problem(plan: CINPlan, *, held_on: date) -> str | None:
    last = plan.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
    if last is not None and held_on < last:
        return f"The review cannot be before the last review ({_d(last)})"
    if held_on < plan.started_on:
        return f"The review cannot be before the plan started ({_d(plan.started_on)})"
    return None


def _action_statuses_problem(
    actions: dict[int, PlanAction], action_statuses: dict[int, str]
) -> str | None:
    problem = None
    for pk, status in action_statuses.items():
        if pk not in actions:
            problem = "An action is not one of this plan's"
        elif status not in PlanAction.Status.values:
            problem = "Select how each action is going"
    return problem


def _next_review_problem(held_on: date, next_review_on: date | None) -> str | None:
    """The next review a review agrees is after it, and no later than the rule allows."""
    latest_review = rules.CIN_PLAN_REVIEW.due_on(held_on)
    if next_review_on is None:
        return None
    if next_review_on <= held_on:
        return "The next review must be after this one"
    if next_review_on > latest_review:
        return (
            f"The next review must be by {_d(latest_review)} "
            f"({rules.CIN_PLAN_REVIEW.effective_period()} after this one)"
        )
    return None


def _update_action_statuses(actions: dict[int, PlanAction], statuses: dict[int, str]) -> None:
    changed = [actions[pk] for pk, status in statuses.items() if actions[pk].status != status]
    for action in changed:
        action.status = statuses[action.pk]
        action.updated_at = timezone.now()
    if changed:
        PlanAction.objects.bulk_update(changed, ["status", "updated_at"])


@transaction.atomic
def review_cin_plan(
    *,
    plan: CINPlan,
    held_on: date,
    progress: str,
    child_views: str,
    action_statuses: dict[int, str],
    new_actions: Sequence[PlannedAction],
    next_review_on: date | None,
    by: User,
) -> PlanReview:
    """Review a child in need plan: the progress made, how each action is going, new actions, and
    the next review (by CIN_PLAN_REVIEW from this one, or earlier)."""
    lock_episode(plan.referral, on=held_on, field="held_on")
    permissions.require(by, Action.REVIEW_CIN_PLAN, plan.child)
    plan = _locked_open_plan(plan)
    actions = {action.pk: action for action in plan.actions.select_for_update()}
    problems = {
        "held_on": _review_date_problem(plan, held_on=held_on),
        "progress": "" if progress.strip() else "Enter the progress made against the plan",
        "actions": _action_statuses_problem(actions, action_statuses),
        "new_actions": _check_actions(new_actions, not_before=held_on),
        "next_review_on": _next_review_problem(held_on, next_review_on),
    }
    errors = {name: problem for name, problem in problems.items() if problem}
    if errors:
        raise ValidationError(errors)
    latest_review = rules.CIN_PLAN_REVIEW.due_on(held_on)

    next_on = next_review_on or latest_review
    review = PlanReview(
        plan=plan,
        held_on=held_on,
        progress=progress.strip(),
        child_views=child_views.strip(),
        next_review_on=next_on,
        recorded_by=by,
    )
    review.full_clean()
    review.save()
    _update_action_statuses(actions, action_statuses)
    _add_actions(plan, new_actions)
    timescales.close_due_items(
        record=plan, by=by, rule=rules.CIN_PLAN_REVIEW, note=f"Reviewed on {_d(held_on)}"
    )
    item = casework.open_pathway_due_item(
        rules.CIN_PLAN_REVIEW,
        child=plan.child,
        record=plan,
        start=held_on,
        summary="Child in need plan review",
    )
    if next_review_on is not None:
        # The review agreed the next review's date: a recount leaves it alone.
        timescales.agree_due_date(item=item, due_on=next_review_on, by=by)
    entries.plan_reviewed(plan.child, plan_id=plan.pk, on=held_on, by=by).save()
    audit.log_change(
        by=by,
        child=plan.child,
        record=plan,
        action=Action.REVIEW_CIN_PLAN,
        summary=f"Reviewed on {_d(held_on)}; next review by {_d(next_on)}",
    )
    return review


@transaction.atomic
def end_cin_plan(*, plan: CINPlan, ended_on: date, reason: str, by: User) -> CINPlan:
    """End a child in need plan with the reason. A plan that stepped down from a child protection
    plan stays open until `keep_open_until`: ending it earlier needs a head of service."""
    lock_episode(plan.referral, on=ended_on, field="ended_on")
    permissions.require(by, Action.END_CIN_PLAN, plan.child)
    plan = _locked_open_plan(plan)
    errors: dict[str, str] = {}
    if ended_on < plan.started_on:
        errors["ended_on"] = f"The plan cannot end before it started ({_d(plan.started_on)})"
    if not reason.strip():
        errors["reason"] = "Enter why the plan is ending"
    if errors:
        raise ValidationError(errors)
    keep_open_until = plan.keep_open_until
    early = keep_open_until is not None and ended_on < keep_open_until
    if (
        keep_open_until is not None
        and early
        and not permissions.can(by, Action.END_STEP_DOWN_PLAN_EARLY)
    ):
        raise PermissionDenied(
            "This plan stepped down from a child protection plan and stays open until "
            f"{_d(keep_open_until)}: only a head of service may end it earlier."
        )
    plan.ended_on = ended_on
    plan.end_reason = reason.strip()
    plan.early_end_authorised_by = by if early else None
    plan.full_clean()
    plan.save()
    timescales.close_due_items(record=plan, by=by, note=f"Plan ended on {_d(ended_on)}")
    authorised = f"; ended early, authorised by {by}" if early else ""
    entries.plan_ended(
        plan.child, plan_id=plan.pk, early_by=by if early else None, on=ended_on, by=by
    ).save()
    audit.log_change(
        by=by,
        child=plan.child,
        record=plan,
        action=Action.END_CIN_PLAN,
        summary=f"{reason.strip()}{authorised}",
    )
    return plan


def end_cin_plan_for_closure(plan: CINPlan, *, closed_on: date, reason: str, by: User) -> None:
    """End the child's open child in need plan on the day their episode closes, for the closure
    `reason`. Call with the episode locked: the closure closes the plan's deadlines with the rest
    of the episode's. A plan that stepped down from a child protection plan and must stay open
    past `closed_on` ends only with a head of service."""
    locked = _locked_open_plan(plan)
    early = locked.keep_open_until is not None and locked.keep_open_until > closed_on
    if early and locked.after_protection_plan_id is not None:
        if not permissions.can(by, Action.END_STEP_DOWN_PLAN_EARLY):
            raise PermissionDenied(
                "The child in need plan after the child protection plan stays open until "
                f"{locked.keep_open_until:%-d %B %Y}: only a head of service may authorise "
                "closing it earlier."
            )
    else:
        early = False
    locked.ended_on = closed_on
    locked.end_reason = reason
    locked.early_end_authorised_by = by if early else None
    locked.full_clean()
    locked.save()
    chronology.add_entry(
        locked.child,
        kind=ChronologyEntry.Kind.PLAN,
        happened_on=closed_on,
        summary="Child in need plan ended: the episode closed",
        record=locked,
        by=by,
    )
    audit.log_change(
        by=by, child=locked.child, record=locked, action=Action.END_CIN_PLAN, summary=reason
    )


def end_cin_plan_for_protection(plan: CINPlan, *, protection_starts_on: date, by: User) -> None:
    """End the child's open child in need plan the day before a child protection plan starts, so
    the two are never open together (CIN census 4001, 4017). Call with the episode locked."""
    locked = _locked_open_plan(plan)
    if locked.started_on >= protection_starts_on:
        raise ValidationError(
            f"{locked.child.full_name}'s child in need plan started on "
            f"{_d(locked.started_on)}: a child protection plan starting the same day would "
            "overlap it. End the child in need plan first, or hold the conference later"
        )
    locked.ended_on = protection_starts_on - timedelta(days=1)
    locked.end_reason = f"A child protection plan started on {_d(protection_starts_on)}"
    locked.full_clean()
    locked.save()
    timescales.close_due_items(record=locked, by=by, note="Child protection plan started")
    chronology.add_entry(
        locked.child,
        kind=ChronologyEntry.Kind.PLAN,
        happened_on=locked.ended_on,
        summary="Child in need plan ended: a child protection plan started",
        record=locked,
        by=by,
    )
    audit.log_change(
        by=by,
        child=locked.child,
        record=locked,
        action=Action.END_CIN_PLAN,
        summary=locked.end_reason,
    )

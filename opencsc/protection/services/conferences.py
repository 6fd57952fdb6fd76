"""Initial and review child protection conferences, and the plans they start, review and end
(a review may step the child down to a child in need plan)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.casework import services as casework
from opencsc.core.codes import cin_code_list
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.plans import services as plans
from opencsc.plans.models import CINPlan
from opencsc.protection import entries
from opencsc.protection.models import (
    Conference,
    ProtectionPlan,
    Section47Enquiry,
)
from opencsc.protection.services import signoff
from opencsc.protection.services._common import _d, _is_weekend, _locked_open_plan, discussion_day
from opencsc.protection.services.enquiries import _locked_enquiry
from opencsc.protection.services.plan_content import (
    ConferenceRecord,
    conference_record_problems,
    save_conference_record,
)
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

# Conferences and plans


def _check_conference(
    *, held_on: date, chair: str, summary: str, category: str, category_required: bool
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if _is_weekend(held_on):
        errors["held_on"] = "A child protection conference cannot be held on a Saturday or Sunday"
    if not chair.strip():
        errors["chair"] = "Enter the name of the conference chair"
    elif len(chair.strip()) > 150:
        errors["chair"] = "The chair's name must be 150 characters or fewer"
    if not summary.strip():
        errors["summary"] = "Enter a summary of the conference: the risks, and what was decided"
    if category and category not in cin_code_list("category_of_abuse"):
        errors["category"] = "Select a category of abuse"
    elif category_required and not category:
        errors["category"] = "Select the category of abuse the plan is under"
    return errors


def protection_plan_clash(child_plans: Sequence[ProtectionPlan], *, starts_on: date) -> str | None:
    """Why a child protection plan cannot start on `starts_on` given the child's other plans (one
    open plan per child, no overlaps: CIN census 8935, 8940), or None."""
    for plan in child_plans:
        if plan.ended_on is None:
            return f"The child is already on a child protection plan from {_d(plan.started_on)}"
        if plan.started_on >= starts_on or plan.ended_on > starts_on:
            return (
                f"A plan from {_d(starts_on)} would overlap the child protection plan of "
                f"{_d(plan.started_on)} to {_d(plan.ended_on)}"
            )
    return None


def _refuse_unless_conference_due(enquiry: Section47Enquiry) -> None:
    if Conference.objects.filter(enquiry=enquiry).exists():
        raise ValidationError("The initial conference of this enquiry is already recorded.")
    if enquiry.completed_on is not None and enquiry.outcome != Section47Enquiry.Outcome.CONFERENCE:
        raise ValidationError(
            f"This enquiry concluded that no conference was needed "
            f"({enquiry.get_outcome_display().lower()})."
        )
    problem = signoff.enquiry_outcome_problem(enquiry)
    if problem:
        raise ValidationError(problem)


def _initial_conference_date_problem(enquiry: Section47Enquiry, *, held_on: date) -> str | None:
    """An initial conference is held after the strategy discussion and the enquiry it follows."""
    discussed_on = discussion_day(enquiry.strategy_discussion)
    if held_on < discussed_on:
        return (
            f"The conference cannot be before the strategy discussion that started the enquiry "
            f"({_d(discussed_on)})"
        )
    if enquiry.completed_on is not None and held_on < enquiry.completed_on:
        return f"The conference cannot be before the enquiry completed ({_d(enquiry.completed_on)})"
    return None


def _lock_child_plans(
    child: Person, *, starts_on: date
) -> tuple[list[ProtectionPlan], CINPlan | None, str | None]:
    """Lock the child's plans so two conferences cannot both start one. Returns the child
    protection plans, the open child in need plan (which the new plan ends), and why a child
    protection plan cannot start on `starts_on` (None if it can)."""
    child_plans = list(ProtectionPlan.objects.select_for_update().filter(child=child))
    problem = protection_plan_clash(child_plans, starts_on=starts_on)
    cin_plans = list(CINPlan.objects.select_for_update().filter(child=child))
    open_cin = next((plan for plan in cin_plans if plan.ended_on is None), None)
    for cin in cin_plans:
        if cin.ended_on is not None and cin.ended_on >= starts_on:
            problem = (
                f"A plan from {_d(starts_on)} would overlap the child in need plan that ended "
                f"on {_d(cin.ended_on)}"
            )
    if open_cin is not None and open_cin.started_on >= starts_on:
        problem = (
            f"The child in need plan started on {_d(open_cin.started_on)}: a child "
            "protection plan from the same day would overlap it. End the child in need plan "
            "before the conference day"
        )
    return child_plans, open_cin, problem


@transaction.atomic
def hold_initial_conference(
    *,
    enquiry: Section47Enquiry,
    held_on: date,
    chair: str,
    outcome: str,
    category: str,
    summary: str,
    by: User,
    record: ConferenceRecord | None = None,
) -> Conference:
    """Record the initial child protection conference a section 47 enquiry called. A plan starts
    the day of the conference (CIN census 2885) under the category of abuse it sets, with the
    first core group, first review and visit clocks; the child's child in need plan ends the day
    before. `record` gives who attended for each agency, how the parents and child took part,
    the reports and any dissent."""
    plans.lock_episode(enquiry.referral, on=held_on, field="held_on")
    child = enquiry.child
    permissions.require(by, Action.HOLD_INITIAL_CONFERENCE, child)
    enquiry = _locked_enquiry(enquiry)
    _refuse_unless_conference_due(enquiry)
    errors = _check_conference(
        held_on=held_on,
        chair=chair,
        summary=summary,
        category=category,
        category_required=outcome == Conference.Outcome.PLAN,
    )
    problem = _initial_conference_date_problem(enquiry, held_on=held_on)
    if problem:
        errors["held_on"] = problem
    if outcome not in {Conference.Outcome.PLAN, Conference.Outcome.NO_PLAN}:
        errors["outcome"] = "Select whether the child needs a child protection plan"
    errors |= conference_record_problems(record)
    child_plans: list[ProtectionPlan] = []
    open_cin: CINPlan | None = None
    if outcome == Conference.Outcome.PLAN and "held_on" not in errors:
        child_plans, open_cin, problem = _lock_child_plans(child, starts_on=held_on)
        if problem:
            errors["outcome"] = problem
    if errors:
        raise ValidationError(errors)

    signoff.answer_returned_outcome(
        enquiry, by=by, note=f"Initial conference held on {_d(held_on)}"
    )
    if enquiry.completed_on is None:
        enquiry.completed_on = held_on
        enquiry.outcome = Section47Enquiry.Outcome.CONFERENCE
        enquiry.outcome_reason = "Concerns substantiated: the initial conference was held"
        enquiry.full_clean()
        enquiry.save()
    conference = Conference(
        child=child,
        referral=enquiry.referral,
        kind=Conference.Kind.INITIAL,
        enquiry=enquiry,
        held_on=held_on,
        chair=chair.strip(),
        outcome=outcome,
        category=category if outcome == Conference.Outcome.PLAN else "",
        summary=summary.strip(),
        recorded_by=by,
    )
    timescales.close_due_items(
        record=enquiry, by=by, rule=rules.ICPC, note=f"Initial conference held on {_d(held_on)}"
    )
    if outcome == Conference.Outcome.PLAN:
        if open_cin is not None:
            plans.end_cin_plan_for_protection(open_cin, protection_starts_on=held_on, by=by)
        conference.plan = _start_plan(
            enquiry, held_on=held_on, category=category, previous=len(child_plans), by=by
        )
    conference.full_clean()
    conference.save()
    save_conference_record(conference, record)
    entries.conference_held(
        child,
        conference_id=conference.pk,
        initial=True,
        outcome=conference.get_outcome_display(),
        on=held_on,
        by=by,
    ).save()
    audit.log_change(
        by=by,
        child=child,
        record=conference,
        action=Action.HOLD_INITIAL_CONFERENCE,
        summary=conference.get_outcome_display(),
    )
    return conference


def _start_plan(
    enquiry: Section47Enquiry, *, held_on: date, category: str, previous: int, by: User
) -> ProtectionPlan:
    """Start the child protection plan an initial conference decided, on the conference day."""
    child = enquiry.child
    plan = ProtectionPlan(
        child=child,
        referral=enquiry.referral,
        started_on=held_on,
        initial_category=category,
        latest_category=category,
        previous_plans=previous,
    )
    plan.full_clean()
    plan.save()
    for rule, what in (
        (rules.FIRST_CORE_GROUP, "First core group meeting"),
        (rules.FIRST_RCPC, "First review conference"),
        (rules.CP_VISIT, "Child protection visit"),
    ):
        casework.open_pathway_due_item(rule, child=child, record=plan, start=held_on, summary=what)
    repeat = f" (repeat plan: {previous} before)" if previous else ""
    entries.plan_started(
        child,
        plan_id=plan.pk,
        category=plan.get_initial_category_display(),
        previous=previous,
        on=held_on,
        by=by,
    ).save()
    audit.log_change(
        by=by,
        child=child,
        record=plan,
        action=Action.START_PROTECTION_PLAN,
        summary=f"{plan.get_initial_category_display()}{repeat}",
    )
    return plan


def _review_date_problem(plan: ProtectionPlan, *, held_on: date) -> str | None:
    """A review is after the day the plan started, and not before the last conference."""
    if held_on <= plan.started_on:
        return f"A review conference must be after the day the plan started ({_d(plan.started_on)})"
    last = plan.conferences.order_by("-held_on").values_list("held_on", flat=True).first()
    if last is not None and held_on < last:
        return f"The review cannot be before the last conference ({_d(last)})"
    return None


@dataclass
class StepDown:
    """The child in need plan a plan steps down to: what it is for, the child's views, the
    contingency, and its actions. It starts the day after the review conference."""

    outcomes: str
    child_views: str
    contingency: str
    actions: Sequence[plans.PlannedAction]


@transaction.atomic
def hold_review_conference(
    *,
    plan: ProtectionPlan,
    held_on: date,
    chair: str,
    outcome: str,
    summary: str,
    by: User,
    category: str = "",
    end_reason: str = "",
    step_down: StepDown | None = None,
    record: ConferenceRecord | None = None,
) -> Conference:
    """Record a review child protection conference. The plan continues (the next review within 6
    months, a new category if the conference changed it) or ends that day with its reason; a plan
    stepping down starts a child in need plan the next day."""
    referral = plans.lock_episode(plan.referral, on=held_on, field="held_on")
    child = plan.child
    permissions.require(by, Action.HOLD_REVIEW_CONFERENCE, child)
    plan = _locked_open_plan(plan)
    errors = _check_conference(
        held_on=held_on, chair=chair, summary=summary, category=category, category_required=False
    )
    if problem := _review_date_problem(plan, held_on=held_on):
        errors["held_on"] = problem
    if outcome not in {Conference.Outcome.CONTINUE, Conference.Outcome.END}:
        errors["outcome"] = "Select whether the plan continues or ends"
    if outcome == Conference.Outcome.END:
        if end_reason not in ProtectionPlan.EndReason.values:
            errors["end_reason"] = "Select why the plan is ending"
        elif end_reason == ProtectionPlan.EndReason.STEPPED_DOWN and step_down is None:
            errors["end_reason"] = "Enter the child in need plan the child steps down to"
    errors |= conference_record_problems(record)
    if errors:
        raise ValidationError(errors)

    conference = Conference(
        child=child,
        referral=plan.referral,
        kind=Conference.Kind.REVIEW,
        plan=plan,
        held_on=held_on,
        chair=chair.strip(),
        outcome=outcome,
        category=category,
        summary=summary.strip(),
        recorded_by=by,
    )
    conference.full_clean()
    conference.save()
    save_conference_record(conference, record)
    if category and category != plan.latest_category:
        plan.latest_category = category
    for rule in (rules.FIRST_RCPC, rules.LATER_RCPC):
        timescales.close_due_items(
            record=plan, by=by, rule=rule, note=f"Review conference held on {_d(held_on)}"
        )
    if outcome == Conference.Outcome.CONTINUE:
        plan.full_clean()
        plan.save()
        casework.open_pathway_due_item(
            rules.LATER_RCPC,
            child=child,
            record=plan,
            start=held_on,
            summary="Review conference",
        )
    else:
        plan.ended_on = held_on
        plan.end_reason = end_reason
        plan.full_clean()
        plan.save()
        timescales.close_due_items(record=plan, by=by, note=f"Plan ended on {_d(held_on)}")
        signoff.plan_ended_at_review(plan, held_on=held_on, by=by)
        entries.plan_ended(
            child, plan_id=plan.pk, end_reason=plan.get_end_reason_display(), on=held_on, by=by
        ).save()
        audit.log_change(
            by=by,
            child=child,
            record=plan,
            action=Action.END_PROTECTION_PLAN,
            summary=plan.get_end_reason_display(),
        )
    entries.conference_held(
        child,
        conference_id=conference.pk,
        initial=False,
        outcome=conference.get_outcome_display(),
        on=held_on,
        by=by,
    ).save()
    audit.log_change(
        by=by,
        child=child,
        record=conference,
        action=Action.HOLD_REVIEW_CONFERENCE,
        summary=conference.get_outcome_display(),
    )
    if step_down is not None and end_reason == ProtectionPlan.EndReason.STEPPED_DOWN:
        details = plans.CINPlanDetails(
            started_on=held_on + timedelta(days=1),
            outcomes=step_down.outcomes,
            child_views=step_down.child_views,
            contingency=step_down.contingency,
        )
        plans.start_cin_plan(
            referral=referral,
            details=details,
            actions=step_down.actions,
            by=by,
            after_protection_plan=plan,
        )
    return conference

"""Writes for child protection: strategy discussions, section 47 enquiries, initial and review
conferences, child protection plans and core groups (Working Together to Safeguard Children 2023,
chapter 3).

Each is one transaction: the episode locked first (nothing recorded after it closed), permission,
validation, the write, due items, chronology and the access log. The CIN census record invariants
hold by construction: one open section 47 per episode (8839), no ICPC on a Saturday or Sunday
(8875), a plan starting on the day of the conference that decided it (2885), one open plan per
child and no overlapping plans (8935, 8940), reviews after the plan's start (8841), and a CIN plan
never open at the same time as a child protection plan (4001, 4016, 4017).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.casework import services as casework
from opencsc.casework.models import Referral
from opencsc.chronology import services as chronology
from opencsc.chronology.models import ChronologyEntry
from opencsc.core.codes import cin_code_list
from opencsc.permissions import Action
from opencsc.plans import services as plans
from opencsc.plans.models import CINPlan
from opencsc.protection import entries
from opencsc.protection.models import (
    Conference,
    CoreGroupMeeting,
    ProtectionPlan,
    Section47Enquiry,
    StrategyAttendee,
    StrategyDiscussion,
)
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

SATURDAY = 5


def _d(day: date) -> str:
    return f"{day:%-d %B %Y}"


def discussion_day(discussion: StrategyDiscussion) -> date:
    """The day (in London) a strategy discussion was held."""
    return timezone.localtime(discussion.held_at).date()


def _is_weekend(day: date) -> bool:
    return day.weekday() >= SATURDAY


# Strategy discussions


@dataclass
class StrategyDetails:
    """What a strategy discussion decided, and on what information."""

    held_at: datetime
    kind: str
    information_shared: str
    harm_alleged: bool
    start_section_47: bool
    decision_reason: str
    medical_considered: bool | None = None
    medical_decision: str = ""
    medical_reason: str = ""


class Attendee(NamedTuple):
    """Who took part: agency, name, role."""

    agency: str
    name: str
    role: str


def _check_strategy(details: StrategyDetails, attendees: Sequence[Attendee]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if details.held_at > timezone.now():
        errors["held_at"] = "The date and time of the discussion must be in the past"
    if details.kind not in StrategyDiscussion.Kind.values:
        errors["kind"] = "Select whether it was a discussion or a meeting"
    if not attendees:
        errors["attendees"] = "Add who took part: the police must be among them"
    for person in attendees:
        if person.agency not in StrategyAttendee.Agency.values:
            errors["attendees"] = "Select the agency of each person who took part"
        elif not person.name.strip() or not person.role.strip():
            errors["attendees"] = "Enter the name and role of each person who took part"
        elif len(person.name.strip()) > 150 or len(person.role.strip()) > 150:
            errors["attendees"] = "Names and roles must be 150 characters or fewer"
    if attendees and not any(p.agency == StrategyAttendee.Agency.POLICE for p in attendees):
        errors.setdefault(
            "attendees", "The police must take part in a strategy discussion: add the officer"
        )
    if not details.information_shared.strip():
        errors["information_shared"] = "Enter the information each agency shared"
    if not details.decision_reason.strip():
        errors["decision_reason"] = "Enter why a section 47 enquiry is or is not starting"
    if details.medical_decision and details.medical_decision not in StrategyDiscussion.Medical:
        errors["medical_decision"] = "Select the decision about a child protection medical"
    if details.harm_alleged:
        if details.medical_considered is not True:
            errors["medical_considered"] = (
                "A child protection medical must be considered when physical or sexual harm "
                "is alleged"
            )
        if not details.medical_decision:
            errors["medical_decision"] = (
                "Select whether a child protection medical is needed: physical or sexual harm "
                "is alleged"
            )
        if not details.medical_reason.strip():
            errors["medical_reason"] = "Enter the reason for the decision about a medical"
    return errors


def unfinished_enquiry(referral: Referral) -> Section47Enquiry | None:
    """The episode's section 47 enquiry that has not concluded: no outcome yet, or a conference
    needed and not yet held (CIN census 8839, 8890)."""
    enquiries = Section47Enquiry.objects.filter(referral=referral)
    return (
        enquiries.filter(completed_on=None).first()
        or enquiries.filter(
            outcome=Section47Enquiry.Outcome.CONFERENCE, conference__isnull=True
        ).first()
    )


@transaction.atomic
def record_strategy_discussion(
    *,
    referral: Referral,
    details: StrategyDetails,
    attendees: Sequence[Attendee],
    by: User,
) -> StrategyDiscussion:
    """Record a strategy discussion or meeting: who took part (the police always), what was
    shared, the decision on a section 47 enquiry and why, and, when physical or sexual harm is
    alleged, the decision on a child protection medical. A decision to start an enquiry starts it
    and the 15-working-day clock to the initial conference."""
    child = referral.child
    day = timezone.localtime(details.held_at).date()
    referral = plans.lock_episode(referral, on=day, field="held_at")
    permissions.require(by, Action.RECORD_STRATEGY_DISCUSSION, child)
    errors = _check_strategy(details, attendees)
    if details.start_section_47:
        open_enquiry = unfinished_enquiry(referral)
        if open_enquiry is not None:
            errors["start_section_47"] = (
                f"The section 47 enquiry started on {_d(open_enquiry.started_on)} has not "
                "concluded: an episode has one open enquiry at a time"
            )
    if errors:
        raise ValidationError(errors)

    discussion = StrategyDiscussion(
        child=child,
        referral=referral,
        kind=details.kind,
        held_at=details.held_at,
        information_shared=details.information_shared.strip(),
        harm_alleged=details.harm_alleged,
        medical_considered=details.medical_considered,
        medical_decision=details.medical_decision,
        medical_reason=details.medical_reason.strip(),
        start_section_47=details.start_section_47,
        decision_reason=details.decision_reason.strip(),
        recorded_by=by,
    )
    discussion.full_clean()
    discussion.save()
    rows = [
        StrategyAttendee(
            discussion=discussion,
            agency=person.agency,
            name=person.name.strip(),
            role=person.role.strip(),
        )
        for person in attendees
    ]
    StrategyAttendee.objects.bulk_create(rows)
    for rule in (rules.STRATEGY_DISCUSSION, rules.DISCLOSURE_STRATEGY_DISCUSSION):
        plans.close_child_items(child, rule, by=by, note=f"Strategy discussion held on {_d(day)}")
    decision = "section 47 enquiry agreed" if details.start_section_47 else "no section 47 enquiry"
    entries.strategy_held(
        child,
        discussion_id=discussion.pk,
        kind=discussion.get_kind_display(),
        agreed=details.start_section_47,
        on=day,
        by=by,
    ).save()
    audit.log_change(
        by=by,
        child=child,
        record=discussion,
        action=Action.RECORD_STRATEGY_DISCUSSION,
        summary=decision,
    )
    if details.start_section_47:
        _start_enquiry(discussion, by=by)
    return discussion


def _start_enquiry(discussion: StrategyDiscussion, *, by: User) -> Section47Enquiry:
    """Start the section 47 enquiry a strategy discussion agreed, and schedule its ICPC within 15
    working days of the discussion (CIN census InitialCPCtarget)."""
    child = discussion.child
    day = discussion_day(discussion)
    enquiry = Section47Enquiry(
        child=child,
        referral=discussion.referral,
        strategy_discussion=discussion,
        started_on=day,
        conference_due_on=rules.ICPC.due_on(day),
        recorded_by=by,
    )
    enquiry.full_clean()
    enquiry.save()
    casework.open_pathway_due_item(
        rules.ICPC,
        child=child,
        record=enquiry,
        start=day,
        summary=f"Initial child protection conference for {child.full_name}",
    )
    entries.enquiry_started(
        child,
        enquiry_id=enquiry.pk,
        conference_due_on=enquiry.conference_due_on,
        on=day,
        by=by,
    ).save()
    audit.log_change(
        by=by,
        child=child,
        record=enquiry,
        action=Action.START_ENQUIRY,
        summary=f"Initial conference due by {_d(enquiry.conference_due_on)}",
    )
    return enquiry


# Section 47 enquiries


def _locked_enquiry(enquiry: Section47Enquiry) -> Section47Enquiry:
    return (
        Section47Enquiry.objects.select_for_update()
        .select_related("child", "referral", "strategy_discussion")
        .get(pk=enquiry.pk)
    )


@transaction.atomic
def record_enquiry_seen(
    *, enquiry: Section47Enquiry, seen_by: User, seen_on: date, by: User
) -> Section47Enquiry:
    """Record who saw the child for the section 47 enquiry, and when."""
    plans.lock_episode(enquiry.referral, on=seen_on, field="seen_on")
    permissions.require(by, Action.RECORD_ENQUIRY_SEEN, enquiry.child)
    enquiry = _locked_enquiry(enquiry)
    if seen_on < enquiry.started_on:
        raise ValidationError(
            {
                "seen_on": f"The child cannot be seen before the enquiry started "
                f"({_d(enquiry.started_on)})"
            }
        )
    enquiry.seen_by = seen_by
    enquiry.seen_on = seen_on
    enquiry.full_clean()
    enquiry.save(update_fields=["seen_by", "seen_on", "updated_at"])
    chronology.add_entry(
        enquiry.child,
        kind=ChronologyEntry.Kind.SECTION_47,
        happened_on=seen_on,
        summary=f"Child seen for the section 47 enquiry by {seen_by}",
        record=enquiry,
        by=by,
    )
    audit.log_change(
        by=by,
        child=enquiry.child,
        record=enquiry,
        action=Action.RECORD_ENQUIRY_SEEN,
        summary=f"Seen by {seen_by} on {_d(seen_on)}",
    )
    return enquiry


@transaction.atomic
def complete_enquiry(
    *, enquiry: Section47Enquiry, completed_on: date, outcome: str, reason: str, by: User
) -> Section47Enquiry:
    """Record the outcome of a section 47 enquiry. Concerns not substantiated, or substantiated
    with no conference needed, close the ICPC clock (CIN census ICPCnotRequired)."""
    plans.lock_episode(enquiry.referral, on=completed_on, field="completed_on")
    permissions.require(by, Action.COMPLETE_ENQUIRY, enquiry.child)
    enquiry = _locked_enquiry(enquiry)
    if enquiry.completed_on is not None:
        raise ValidationError(
            f"This enquiry was completed on {_d(enquiry.completed_on)}: "
            f"{enquiry.get_outcome_display().lower()}."
        )
    errors: dict[str, str] = {}
    if completed_on < enquiry.started_on:
        errors["completed_on"] = (
            f"The enquiry cannot end before it started ({_d(enquiry.started_on)})"
        )
    if outcome not in Section47Enquiry.Outcome.values:
        errors["outcome"] = "Select the outcome of the enquiry"
    if not reason.strip():
        errors["reason"] = "Enter the reasons for the outcome"
    if errors:
        raise ValidationError(errors)
    enquiry.completed_on = completed_on
    enquiry.outcome = outcome
    enquiry.outcome_reason = reason.strip()
    enquiry.full_clean()
    enquiry.save()
    if outcome != Section47Enquiry.Outcome.CONFERENCE:
        timescales.close_due_items(record=enquiry, by=by, rule=rules.ICPC, note="ICPC not required")
    label = enquiry.get_outcome_display()
    entries.enquiry_completed(
        enquiry.child, enquiry_id=enquiry.pk, outcome=label, on=completed_on, by=by
    ).save()
    audit.log_change(
        by=by,
        child=enquiry.child,
        record=enquiry,
        action=Action.COMPLETE_ENQUIRY,
        summary=label,
    )
    return enquiry


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
) -> Conference:
    """Record the initial child protection conference a section 47 enquiry called. A plan starts
    the day of the conference (CIN census 2885) under the category of abuse it sets, with the
    first core group, first review and visit clocks; the child's child in need plan ends the day
    before."""
    plans.lock_episode(enquiry.referral, on=held_on, field="held_on")
    child = enquiry.child
    permissions.require(by, Action.HOLD_INITIAL_CONFERENCE, child)
    enquiry = _locked_enquiry(enquiry)
    if Conference.objects.filter(enquiry=enquiry).exists():
        raise ValidationError("The initial conference of this enquiry is already recorded.")
    if enquiry.completed_on is not None and enquiry.outcome != Section47Enquiry.Outcome.CONFERENCE:
        raise ValidationError(
            f"This enquiry concluded that no conference was needed "
            f"({enquiry.get_outcome_display().lower()})."
        )
    errors = _check_conference(
        held_on=held_on,
        chair=chair,
        summary=summary,
        category=category,
        category_required=outcome == Conference.Outcome.PLAN,
    )
    discussed_on = discussion_day(enquiry.strategy_discussion)
    if held_on < discussed_on:
        errors["held_on"] = (
            f"The conference cannot be before the strategy discussion that started the enquiry "
            f"({_d(discussed_on)})"
        )
    elif enquiry.completed_on is not None and held_on < enquiry.completed_on:
        errors["held_on"] = (
            f"The conference cannot be before the enquiry completed ({_d(enquiry.completed_on)})"
        )
    if outcome not in {Conference.Outcome.PLAN, Conference.Outcome.NO_PLAN}:
        errors["outcome"] = "Select whether the child needs a child protection plan"
    child_plans: list[ProtectionPlan] = []
    open_cin: CINPlan | None = None
    if outcome == Conference.Outcome.PLAN and "held_on" not in errors:
        # Lock the child's plans so two conferences cannot both start one.
        child_plans = list(ProtectionPlan.objects.select_for_update().filter(child=child))
        clash = protection_plan_clash(child_plans, starts_on=held_on)
        if clash:
            errors["outcome"] = clash
        cin_plans = list(CINPlan.objects.select_for_update().filter(child=child))
        open_cin = next((plan for plan in cin_plans if plan.ended_on is None), None)
        for cin in cin_plans:
            if cin.ended_on is not None and cin.ended_on >= held_on:
                errors["outcome"] = (
                    f"A plan from {_d(held_on)} would overlap the child in need plan that ended "
                    f"on {_d(cin.ended_on)}"
                )
        if open_cin is not None and open_cin.started_on >= held_on:
            errors["outcome"] = (
                f"The child in need plan started on {_d(open_cin.started_on)}: a child "
                "protection plan from the same day would overlap it. End the child in need plan "
                "before the conference day"
            )
    if errors:
        raise ValidationError(errors)

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
        casework.open_pathway_due_item(
            rule, child=child, record=plan, start=held_on, summary=f"{what}: {child.full_name}"
        )
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


def _locked_open_plan(plan: ProtectionPlan) -> ProtectionPlan:
    locked = (
        ProtectionPlan.objects.select_for_update()
        .select_related("child", "referral")
        .get(pk=plan.pk)
    )
    if locked.ended_on is not None:
        raise ValidationError(f"This child protection plan ended on {_d(locked.ended_on)}.")
    return locked


@transaction.atomic
def record_core_group(
    *, plan: ProtectionPlan, held_on: date, attendees: str, progress: str, by: User
) -> CoreGroupMeeting:
    """Record a core group meeting of a child protection plan, and schedule the next one."""
    plans.lock_episode(plan.referral, on=held_on, field="held_on")
    permissions.require(by, Action.RECORD_CORE_GROUP, plan.child)
    plan = _locked_open_plan(plan)
    errors: dict[str, str] = {}
    if held_on < plan.started_on:
        errors["held_on"] = (
            f"The core group cannot meet before the plan started ({_d(plan.started_on)})"
        )
    if not attendees.strip():
        errors["attendees"] = "Enter who attended the core group"
    if not progress.strip():
        errors["progress"] = "Enter the progress made against the plan"
    if errors:
        raise ValidationError(errors)
    meeting = CoreGroupMeeting(
        plan=plan,
        held_on=held_on,
        attendees=attendees.strip(),
        progress=progress.strip(),
        recorded_by=by,
    )
    meeting.full_clean()
    meeting.save()
    for rule in (rules.FIRST_CORE_GROUP, rules.CORE_GROUP):
        timescales.close_due_items(
            record=plan, by=by, rule=rule, note=f"Core group met on {_d(held_on)}"
        )
    casework.open_pathway_due_item(
        rules.CORE_GROUP,
        child=plan.child,
        record=plan,
        start=held_on,
        summary=f"Core group meeting: {plan.child.full_name}",
    )
    entries.core_group_held(plan.child, plan_id=plan.pk, on=held_on, by=by).save()
    audit.log_change(
        by=by,
        child=plan.child,
        record=meeting,
        action=Action.RECORD_CORE_GROUP,
        summary=f"Core group on {_d(held_on)}",
    )
    return meeting


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
    if held_on <= plan.started_on:
        errors["held_on"] = (
            f"A review conference must be after the day the plan started ({_d(plan.started_on)})"
        )
    else:
        last = plan.conferences.order_by("-held_on").values_list("held_on", flat=True).first()
        if last is not None and held_on < last:
            errors["held_on"] = f"The review cannot be before the last conference ({_d(last)})"
    if outcome not in {Conference.Outcome.CONTINUE, Conference.Outcome.END}:
        errors["outcome"] = "Select whether the plan continues or ends"
    if outcome == Conference.Outcome.END:
        if end_reason not in ProtectionPlan.EndReason.values:
            errors["end_reason"] = "Select why the plan is ending"
        elif end_reason == ProtectionPlan.EndReason.STEPPED_DOWN and step_down is None:
            errors["end_reason"] = "Enter the child in need plan the child steps down to"
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
            summary=f"Review conference: {child.full_name}",
        )
    else:
        plan.ended_on = held_on
        plan.end_reason = end_reason
        plan.full_clean()
        plan.save()
        timescales.close_due_items(record=plan, by=by, note=f"Plan ended on {_d(held_on)}")
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

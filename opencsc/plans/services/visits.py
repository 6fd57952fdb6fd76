"""Statutory visits to a child on a plan, and the clock that counts to the next one."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.casework import services as casework
from opencsc.casework.models import Referral
from opencsc.permissions import Action
from opencsc.plans import entries
from opencsc.plans.models import CINPlan, Visit
from opencsc.plans.services._common import _d, lock_episode
from opencsc.protection.models import ProtectionPlan
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem

VISIT_RULES = {
    Visit.PlanType.CHILD_PROTECTION: rules.CP_VISIT,
    Visit.PlanType.CHILD_IN_NEED: rules.CIN_VISIT,
}


# Visits


@dataclass
class VisitDetails:
    """A statutory visit: when, where, whether the child was seen (alone), their bedroom (home
    visits), and the record of it."""

    visited_on: date
    kind: str
    child_seen: bool
    seen_alone: bool
    bedroom_seen: bool | None
    purpose: str
    record: str
    outcome: str
    not_seen_alone_reason: str = ""


@transaction.atomic
def record_visit(
    *,
    referral: Referral,
    visited_on: date,
    kind: str,
    child_seen: bool,
    seen_alone: bool,
    bedroom_seen: bool | None,
    purpose: str,
    record: str,
    outcome: str,
    by: User,
    not_seen_alone_reason: str = "",
) -> Visit:
    """Record a statutory visit to a child on a plan: the child's open child protection plan, or
    else their open child in need plan. A visit with the child seen restarts the visit clock; a
    child not seen alone needs the reason why."""
    details = VisitDetails(
        visited_on,
        kind,
        child_seen,
        seen_alone,
        bedroom_seen,
        purpose,
        record,
        outcome,
        not_seen_alone_reason.strip(),
    )
    child = referral.child
    referral = lock_episode(referral, on=details.visited_on, field="visited_on")
    permissions.require(by, Action.RECORD_VISIT, child)
    cp = ProtectionPlan.objects.filter(child=child, ended_on=None).first()
    cin = None if cp is not None else CINPlan.objects.filter(child=child, ended_on=None).first()
    if cp is None and cin is None:
        raise ValidationError(
            f"{child.full_name} is not on a child protection or child in need plan: statutory "
            "visits are recorded against a plan"
        )
    plan: ProtectionPlan | CINPlan = cp or cin  # type: ignore[assignment]
    errors = _visit_errors(details, plan)
    if errors:
        raise ValidationError(errors)

    plan_type = Visit.PlanType.CHILD_PROTECTION if cp else Visit.PlanType.CHILD_IN_NEED
    visit = Visit(
        child=child,
        referral=referral,
        plan_type=plan_type,
        protection_plan=cp,
        cin_plan=cin,
        visited_on=details.visited_on,
        kind=details.kind,
        child_seen=details.child_seen,
        seen_alone=details.seen_alone,
        not_seen_alone_reason=details.not_seen_alone_reason,
        bedroom_seen=details.bedroom_seen,
        purpose=details.purpose.strip(),
        record=details.record.strip(),
        outcome=details.outcome.strip(),
        visited_by=by,
    )
    visit.full_clean()
    visit.save()
    if details.child_seen:
        _restart_visit_clock(plan, rule=VISIT_RULES[plan_type], seen_on=details.visited_on, by=by)
    seen = "seen alone" if details.seen_alone else "seen" if details.child_seen else "not seen"
    entries.visit_made(
        child,
        visit_id=visit.pk,
        kind=visit.get_kind_display(),
        plan_type=visit.get_plan_type_display(),
        child_seen=details.child_seen,
        seen_alone=details.seen_alone,
        on=details.visited_on,
        by=by,
    ).save()
    audit.log_change(
        by=by, child=child, record=visit, action=Action.RECORD_VISIT, summary=f"Child {seen}"
    )
    return visit


def _visit_errors(details: VisitDetails, plan: ProtectionPlan | CINPlan) -> dict[str, str]:
    """What is wrong with a visit's details, by field."""
    errors: dict[str, str] = {}
    if details.visited_on < plan.started_on:
        errors["visited_on"] = (
            f"The visit cannot be before the plan started ({_d(plan.started_on)})"
        )
    if details.kind not in Visit.Kind.values:
        errors["kind"] = "Select where the visit took place"
    if details.seen_alone and not details.child_seen:
        errors["seen_alone"] = "The child cannot be seen alone without being seen"
    if not details.seen_alone and not details.not_seen_alone_reason:
        errors["not_seen_alone_reason"] = "Enter why the child was not seen alone"
    if details.seen_alone and details.not_seen_alone_reason:
        errors["not_seen_alone_reason"] = (
            "The child was seen alone: leave the reason for not seeing them alone empty"
        )
    if details.kind == Visit.Kind.HOME and details.bedroom_seen is None:
        errors["bedroom_seen"] = "Select whether you saw the child's bedroom"
    if details.kind != Visit.Kind.HOME and details.bedroom_seen is not None:
        errors["bedroom_seen"] = "The child's bedroom is recorded on home visits only"
    for name, message in (
        ("purpose", "Enter the purpose of the visit"),
        ("record", "Enter what happened: what you saw and what the child said"),
        ("outcome", "Enter the outcome and next steps"),
    ):
        if not getattr(details, name).strip():
            errors[name] = message
    return errors


def _restart_visit_clock(
    plan: ProtectionPlan | CINPlan, *, rule: rules.Rule, seen_on: date, by: User
) -> None:
    """Count the next visit from this one, unless the open clock already counts from a later
    visit (a visit recorded late never moves the clock back)."""
    current = (
        DueItem.objects.filter(
            rule=rule.code,
            record_type__app_label=plan._meta.app_label,
            record_type__model=plan._meta.model_name,
            record_id=plan.pk,
            closed_at=None,
        )
        .order_by("-starts_on")
        .first()
    )
    if current is not None and current.starts_on > seen_on:
        return
    timescales.close_due_items(
        record=plan, by=by, rule=rule, note=f"Child seen on a visit on {_d(seen_on)}"
    )
    casework.open_pathway_due_item(
        rule,
        child=plan.child,
        record=plan,
        start=seen_on,
        summary=rule.label,
    )

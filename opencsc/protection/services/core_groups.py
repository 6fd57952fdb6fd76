"""Core group meetings of an open child protection plan."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.casework import services as casework
from opencsc.permissions import Action
from opencsc.plans import services as plans
from opencsc.protection import entries
from opencsc.protection.models import CoreGroupMeeting, ProtectionPlan
from opencsc.protection.services._common import _d, _locked_open_plan
from opencsc.protection.services.plan_content import (
    CoreGroupRecord,
    core_group_problems,
    save_core_group_record,
)
from opencsc.timescales import rules
from opencsc.timescales import services as timescales


@transaction.atomic
def record_core_group(
    *,
    plan: ProtectionPlan,
    held_on: date,
    attendees: str,
    progress: str,
    by: User,
    record: CoreGroupRecord | None = None,
) -> CoreGroupMeeting:
    """Record a core group meeting of a child protection plan, and schedule the next one. Once
    the plan has members and actions, `record` gives each member's attendance, each action's
    progress and any new actions."""
    plans.lock_episode(plan.referral, on=held_on, field="held_on")
    permissions.require(by, Action.RECORD_CORE_GROUP, plan.child)
    plan = _locked_open_plan(plan)
    errors: dict[str, str] = {}
    if held_on < plan.started_on:
        errors["held_on"] = (
            f"The core group cannot meet before the plan started ({_d(plan.started_on)})"
        )
    record = record or CoreGroupRecord()
    errors |= core_group_problems(plan, record, held_on=held_on)
    if not attendees.strip() and not any(record.present.values()):
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
    save_core_group_record(meeting, record)
    for rule in (rules.FIRST_CORE_GROUP, rules.CORE_GROUP):
        timescales.close_due_items(
            record=plan, by=by, rule=rule, note=f"Core group met on {_d(held_on)}"
        )
    casework.open_pathway_due_item(
        rules.CORE_GROUP,
        child=plan.child,
        record=plan,
        start=held_on,
        summary="Core group meeting",
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

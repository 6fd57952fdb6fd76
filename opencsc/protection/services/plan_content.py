"""What a child protection plan says, and what its meetings record about it: the plan's content
(outcomes, what must change, actions, contingency, lead social worker, core group, views), a
conference's attendance, participation, reports and dissent, and a core group's attendance and
progress against each action.

Written once per child: recording for several siblings loops over these functions."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Agency, User
from opencsc.audit import services as audit
from opencsc.core.smart import vague_because
from opencsc.permissions import Action
from opencsc.protection.models import (
    ActionProgress,
    Conference,
    ConferenceAttendee,
    ConferenceReport,
    CoreGroupAttendance,
    CoreGroupMeeting,
    CoreGroupMember,
    Participation,
    ProtectionPlan,
    ProtectionPlanAction,
    StrategyAttendee,
)
from opencsc.protection.services._common import _d, _locked_open_plan


@dataclass
class PlanContent:
    """What a child protection plan says about the child."""

    outcomes: str
    what_must_change: str
    contingency: str
    child_views: str
    parents_views: str
    lead_social_worker: User | None


@dataclass
class PlanActionRow:
    """An action of the plan as written: `pk` names an action already on the plan."""

    action: str
    who: str
    due_on: date
    agency: Agency | None = None
    pk: int | None = None


@dataclass
class MemberRow:
    """A core group member as written: `pk` names a member already in the group."""

    name: str
    agency: str
    role: str
    pk: int | None = None


@dataclass
class ConferenceAttendance:
    agency: str
    name: str
    role: str
    attended: bool


@dataclass
class ReportRow:
    agency: str
    received: bool
    shared_with_parents: bool


@dataclass
class ConferenceRecord:
    """Who came to a conference, how the parents and child took part, the reports, and who
    dissented from the decision and why."""

    parents_participation: str
    child_participation: str
    attendees: Sequence[ConferenceAttendance] = ()
    reports: Sequence[ReportRow] = ()
    dissented_by: str = ""
    dissent_reason: str = ""


@dataclass
class Progress:
    status: str
    note: str = ""


@dataclass
class CoreGroupRecord:
    """At a core group meeting: which members were there (by pk), how each action stands (by the
    action's pk) and the new actions it agreed."""

    present: dict[int, bool] = field(default_factory=dict)
    progress: dict[int, Progress] = field(default_factory=dict)
    new_actions: Sequence[PlanActionRow] = ()


def action_problems(
    rows: Sequence[PlanActionRow], *, not_before: date, prefix: str = ""
) -> dict[str, str]:
    """Messages for each row's fields (`<prefix>action_N`, `who_N`, `due_on_N`)."""
    errors: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        text = row.action.strip()
        if not text:
            errors[f"{prefix}action_{number}"] = f"Enter what action {number} is"
        elif len(text) > 300:
            errors[f"{prefix}action_{number}"] = "An action must be 300 characters or fewer"
        elif problem := vague_because(text):
            errors[f"{prefix}action_{number}"] = problem
        if not row.who.strip() and row.agency is None:
            errors[f"{prefix}who_{number}"] = (
                f"Enter who does action {number}: a partner agency, a named person or a role"
            )
        elif len(row.who.strip()) > 150:
            errors[f"{prefix}who_{number}"] = "Who does an action must be 150 characters or fewer"
        if row.due_on < not_before:
            errors[f"{prefix}due_on_{number}"] = f"An action cannot be due before {_d(not_before)}"
    return errors


def _content_problems(content: PlanContent) -> dict[str, str]:
    required = {
        "outcomes": "Enter the outcomes for the child: what will be different when the plan works",
        "what_must_change": "Enter what must change for the child to be safe",
        "contingency": "Enter the contingency plan: what happens if the plan does not work",
        "child_views": "Enter the child's views, or why they could not be given",
        "parents_views": "Enter the parents' views, or why they could not be given",
    }
    errors = {
        name: message for name, message in required.items() if not getattr(content, name).strip()
    }
    if "contingency" not in errors and (
        problem := vague_because(content.contingency, what="contingency")
    ):
        errors["contingency"] = problem
    if content.lead_social_worker is None:
        errors["lead_social_worker"] = "Select the lead social worker"
    return errors


def _member_problems(rows: Sequence[MemberRow]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        if row.agency not in StrategyAttendee.Agency.values:
            errors[f"member_agency_{number}"] = f"Select the agency of member {number}"
        if not row.name.strip():
            errors[f"member_name_{number}"] = f"Enter the name of member {number}"
        if not row.role.strip():
            errors[f"member_role_{number}"] = f"Enter the role of member {number}"
    return errors


@transaction.atomic
def write_protection_plan(
    *,
    plan: ProtectionPlan,
    content: PlanContent,
    actions: Sequence[PlanActionRow],
    members: Sequence[MemberRow],
    by: User,
) -> ProtectionPlan:
    """Write or revise what a child protection plan says. Every version of the plan and of each
    action is kept in their history; a member left out of the core group leaves it today."""
    permissions.require(by, Action.WRITE_PROTECTION_PLAN, plan.child)
    plan = _locked_open_plan(plan)
    existing = {
        row.pk: row for row in ProtectionPlanAction.objects.select_for_update().filter(plan=plan)
    }
    current = {row.pk: row for row in CoreGroupMember.objects.filter(plan=plan, left_on=None)}
    errors = _content_problems(content)
    errors |= action_problems(actions, not_before=plan.started_on)
    errors |= _member_problems(members)
    if not actions:
        errors["action_1"] = "Add at least one action: what, who and by when"
    if any(row.pk is not None and row.pk not in existing for row in actions) or any(
        row.pk is not None and row.pk not in current for row in members
    ):
        raise ValidationError("An action or member is not one of this plan's.")
    if errors:
        raise ValidationError(errors)

    for name in ("outcomes", "what_must_change", "contingency", "child_views", "parents_views"):
        setattr(plan, name, getattr(content, name).strip())
    plan.lead_social_worker = content.lead_social_worker
    plan.full_clean()
    # Who wrote each version, for the plan's history (django-simple-history reads this; a
    # request's user too, but a service may run outside one).
    plan._history_user = by  # type: ignore[attr-defined]
    plan.save()
    _write_actions(plan, actions, existing, by=by)
    kept = {row.pk for row in members if row.pk is not None}
    today = timezone.localdate()
    for member in current.values():
        if member.pk not in kept:
            member.left_on = today
            member.save(update_fields=["left_on", "updated_at"])
    for row in members:
        member = current[row.pk] if row.pk is not None else CoreGroupMember(plan=plan)
        member.name, member.agency, member.role = row.name.strip(), row.agency, row.role.strip()
        member.full_clean()
        member.save()
    audit.log_change(
        by=by,
        child=plan.child,
        record=plan,
        action=Action.WRITE_PROTECTION_PLAN,
        summary=f"{len(actions)} action{'s' if len(actions) != 1 else ''}, "
        f"{len(members)} core group member{'s' if len(members) != 1 else ''}",
    )
    return plan


def _write_actions(
    plan: ProtectionPlan,
    rows: Sequence[PlanActionRow],
    existing: dict[int, ProtectionPlanAction],
    *,
    by: User,
    added_at: CoreGroupMeeting | None = None,
) -> None:
    for row in rows:
        action = existing[row.pk] if row.pk is not None else None
        values = (row.action.strip(), row.who.strip(), row.agency, row.due_on)
        if (
            action is not None
            and (action.action, action.who, action.agency, action.due_on) == values
        ):
            continue
        action = action or ProtectionPlanAction(plan=plan, added_at=added_at)
        action.action, action.who, action.agency, action.due_on = values
        action.full_clean()
        action._history_user = by  # type: ignore[attr-defined]
        action.save()


def _attendee_problems(attendees: Sequence[ConferenceAttendance]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for number, row in enumerate(attendees, start=1):
        if row.agency not in StrategyAttendee.Agency.values:
            errors[f"attendee_agency_{number}"] = f"Select the agency of person {number}"
        if not row.name.strip():
            errors[f"attendee_name_{number}"] = f"Enter the name of person {number}"
        if not row.role.strip():
            errors[f"attendee_role_{number}"] = f"Enter the role of person {number}"
    return errors


def conference_record_problems(record: ConferenceRecord | None) -> dict[str, str]:
    """Messages for a conference's attendance, participation, reports and dissent (none when
    the conference was recorded without them)."""
    errors: dict[str, str] = {}
    if record is None:
        return errors
    if record.parents_participation not in Participation.values:
        errors["parents_participation"] = "Select how the parents took part"
    if record.child_participation not in Participation.values:
        errors["child_participation"] = "Select how the child took part"
    errors |= _attendee_problems(record.attendees)
    for number, report in enumerate(record.reports, start=1):
        if report.agency not in StrategyAttendee.Agency.values:
            errors[f"report_agency_{number}"] = f"Select the agency of report {number}"
        if report.shared_with_parents and not report.received:
            errors[f"report_shared_{number}"] = (
                f"Report {number} cannot have been shared with the parents: it was not received"
            )
    if record.dissented_by.strip() and not record.dissent_reason.strip():
        errors["dissent_reason"] = "Enter why they dissented from the decision"
    if record.dissent_reason.strip() and not record.dissented_by.strip():
        errors["dissented_by"] = "Enter who dissented from the decision"
    return errors


def save_conference_record(conference: Conference, record: ConferenceRecord | None) -> None:
    """Save what a conference recorded about who took part. Call inside the conference's
    transaction, after conference_record_problems found nothing."""
    if record is None:
        return
    conference.parents_participation = record.parents_participation
    conference.child_participation = record.child_participation
    conference.dissented_by = record.dissented_by.strip()
    conference.dissent_reason = record.dissent_reason.strip()
    conference.full_clean()
    conference.save()
    ConferenceAttendee.objects.bulk_create(
        ConferenceAttendee(
            conference=conference,
            agency=row.agency,
            name=row.name.strip(),
            role=row.role.strip(),
            attended=row.attended,
        )
        for row in record.attendees
    )
    ConferenceReport.objects.bulk_create(
        ConferenceReport(
            conference=conference,
            agency=row.agency,
            received=row.received,
            shared_with_parents=row.shared_with_parents,
        )
        for row in record.reports
    )


def core_group_problems(
    plan: ProtectionPlan, record: CoreGroupRecord, *, held_on: date
) -> dict[str, str]:
    """Messages for a core group's attendance, progress and new actions: every current member
    is marked present or absent, every open action has a status."""
    errors: dict[str, str] = {}
    members = set(
        CoreGroupMember.objects.filter(plan=plan, left_on=None).values_list("pk", flat=True)
    )
    actions = set(ProtectionPlanAction.objects.filter(plan=plan).values_list("pk", flat=True))
    if set(record.present) - members or set(record.progress) - actions:
        raise ValidationError("A member or action is not one of this plan's.")
    for pk in sorted(members - set(record.present)):
        errors[f"present_{pk}"] = "Select whether this member was there"
    for pk in sorted(actions - set(record.progress)):
        errors[f"status_{pk}"] = "Select how this action is going"
    for pk, progress in record.progress.items():
        if progress.status not in ProtectionPlanAction.Status.values:
            errors[f"status_{pk}"] = "Select how this action is going"
    errors |= action_problems(record.new_actions, not_before=held_on, prefix="new_")
    return errors


def save_core_group_record(meeting: CoreGroupMeeting, record: CoreGroupRecord) -> None:
    """Save a core group's attendance and progress, move each action to its new status and add
    the new actions. Call inside the meeting's transaction."""
    CoreGroupAttendance.objects.bulk_create(
        CoreGroupAttendance(meeting=meeting, member_id=pk, present=present)
        for pk, present in record.present.items()
    )
    ActionProgress.objects.bulk_create(
        ActionProgress(meeting=meeting, action_id=pk, status=row.status, note=row.note.strip())
        for pk, row in record.progress.items()
    )
    changed = [
        action
        for action in ProtectionPlanAction.objects.select_for_update().filter(
            plan=meeting.plan, pk__in=record.progress
        )
        if action.status != record.progress[action.pk].status
    ]
    for action in changed:
        action.status = record.progress[action.pk].status
        action._history_user = meeting.recorded_by  # type: ignore[attr-defined]
        action.save(update_fields=["status", "updated_at"])
    _write_actions(meeting.plan, record.new_actions, {}, by=meeting.recorded_by, added_at=meeting)

"""Writes of private fostering, each one transaction with its access-log row and chronology line:
the notification opening an arrangement (with its checks), a household member (an adult's DBS
check), a visit (the next visit's due date worked out again), a check's result, the suitability
decision proposed, authorised or returned (core.approvals), and the arrangement's end."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Role, Team, User
from opencsc.audit import services as audit
from opencsc.chronology.models import ChronologyEntry
from opencsc.chronology.services import new_entry
from opencsc.core import approvals
from opencsc.people.child_search import may_name
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.privatefostering.codes import CheckKind, CheckResult, EndReason, Notifier, Outcome
from opencsc.privatefostering.deadlines import VISIT_RULES, next_visit
from opencsc.privatefostering.models import (
    Arrangement,
    FosteringVisit,
    HouseholdMember,
    SuitabilityCheck,
    SuitabilityDecision,
)
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

# The checks every arrangement needs besides a DBS check of each adult in the household.
HOUSEHOLD_CHECKS = (
    CheckKind.REFERENCES,
    CheckKind.HOME,
    CheckKind.HEALTH,
    CheckKind.EDUCATION,
    CheckKind.OTHER_COUNCILS,
)


@dataclass
class Notification:
    """What the notification says."""

    notified_on: date
    notifier: str
    starts_on: date
    carers_address: str
    parents: str
    carer_name: str = ""
    carer: Person | None = None
    notifier_name: str = ""
    expected_length: str = ""


@dataclass
class VisitDetails:
    visited_on: date
    child_seen: bool
    seen_alone: bool
    home_seen: bool
    carer_seen: bool
    household_seen: bool
    record: str


def fostering_teams(user: User) -> list[Team]:
    """The fostering teams `user` belongs to (where they may record a notification)."""
    return list(
        Team.objects.filter(
            kind=Team.Kind.FOSTERING, is_active=True, pk__in=permissions.team_ids(user)
        ).order_by("name")
    )


def _line(arrangement: Arrangement, *, on: date, summary: str, by: User) -> None:
    new_entry(
        arrangement.child,
        kind=ChronologyEntry.Kind.PRIVATE_FOSTERING,
        happened_on=on,
        summary=summary[:200],
        model=Arrangement,
        record_id=arrangement.pk,
        by=by,
    ).save()


def _locked(arrangement: Arrangement) -> Arrangement:
    return (
        Arrangement.objects.select_for_update(of=("self",))
        .select_related("child", "team")
        .get(pk=arrangement.pk)
    )


def _open_dbs(arrangement: Arrangement, member: HouseholdMember) -> None:
    SuitabilityCheck.objects.create(
        arrangement=arrangement,
        kind=CheckKind.DBS,
        member=member,
        due_on=rules.PF_SUITABILITY_CHECKS.due_on(arrangement.notified_on),
    )


@transaction.atomic
def notify(*, child: Person, notification: Notification, team: Team, by: User) -> Arrangement:
    """A notification opens an arrangement held by `team` (a fostering team `by` belongs to):
    the first visit is due 7 working days after it (PF_VISIT_PROPOSED, PF_FIRST_VISIT) and each
    check within PF_SUITABILITY_CHECKS."""
    permissions.require(by, Action.RECORD_PRIVATE_FOSTERING)
    if team.kind != Team.Kind.FOSTERING or (
        by.role != Role.HEAD_OF_SERVICE and team.pk not in permissions.team_ids(by)
    ):
        raise PermissionDenied("Only a fostering team records private fostering arrangements.")
    if not child.is_child:
        raise ValidationError({"child": "Choose a child's record"})
    if not may_name(by, child):
        raise ValidationError({"child": "Choose a child's record you can find"})
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if notification.notified_on > today:
        errors["notified_on"] = "The date notified must be today or in the past"
    elif child.date_of_birth is not None and notification.notified_on < child.date_of_birth:
        errors["notified_on"] = "The council cannot be notified before the child was born"
    if notification.notifier not in Notifier.values:
        errors["notifier"] = "Choose who notified the council"
    if not notification.parents.strip():
        errors["parents"] = "Enter the parents and where they live"
    if not notification.carers_address.strip():
        errors["carers_address"] = "Enter the carers' address"
    if notification.carer is None and not notification.carer_name.strip():
        errors["carer_name"] = "Enter the carer's name"
    if Arrangement.objects.filter(child=child, ended_on__isnull=True).exists():
        errors["child"] = "This child already has an open private fostering arrangement"
    if errors:
        raise ValidationError(errors)
    arrangement = Arrangement(
        child=child,
        team=team,
        notified_on=notification.notified_on,
        notifier=notification.notifier,
        notifier_name=notification.notifier_name.strip()[:200],
        starts_on=notification.starts_on,
        expected_length=notification.expected_length.strip()[:200],
        carers_address=notification.carers_address.strip()[:300],
        parents=notification.parents.strip(),
        recorded_by=by,
    )
    rule, start = next_visit(
        aware_on=arrangement.notified_on, proposed=arrangement.is_proposed, last_visit_on=None
    )
    arrangement.next_visit_due_on = rule.due_on(start)
    arrangement.full_clean()
    arrangement.save()
    _visit_falls_due(arrangement, last_visit_on=None, by=by)
    carer = HouseholdMember.objects.create(
        arrangement=arrangement,
        person=notification.carer,
        name=notification.carer_name.strip()[:200],
        relationship="Carer",
        is_carer=True,
        is_adult=True,
        recorded_by=by,
    )
    _open_dbs(arrangement, carer)
    due = rules.PF_SUITABILITY_CHECKS.due_on(arrangement.notified_on)
    SuitabilityCheck.objects.bulk_create(
        SuitabilityCheck(arrangement=arrangement, kind=kind, due_on=due)
        for kind in HOUSEHOLD_CHECKS
    )
    _line(
        arrangement,
        on=arrangement.notified_on,
        summary=f"Private fostering notified ({arrangement.get_notifier_display().lower()}):"
        f" arrangement {arrangement.reference}",
        by=by,
    )
    audit.log_change(
        by=by,
        child=child,
        record=arrangement,
        action=Action.RECORD_PRIVATE_FOSTERING,
        summary=f"Private fostering arrangement {arrangement.reference} notified",
    )
    return arrangement


def _visit_falls_due(arrangement: Arrangement, *, last_visit_on: date | None, by: User) -> None:
    """The next visit's due item, on the tray of the fostering worker who took the notification
    and in the child's work due (the visit before it done), and its date on the arrangement."""
    for rule in VISIT_RULES:
        timescales.close_due_items(record=arrangement, by=by, rule=rule, note="Visited")
    rule, start = next_visit(
        aware_on=arrangement.notified_on,
        proposed=arrangement.is_proposed,
        last_visit_on=last_visit_on,
    )
    item = timescales.open_due_item(
        rule,
        child=arrangement.child,
        record=arrangement,
        start=start,
        owner=arrangement.recorded_by,
        team=arrangement.team,
        summary=f"Private fostering visit ({arrangement.reference})",
    )
    arrangement.next_visit_due_on = item.due_on
    arrangement.save(update_fields=["next_visit_due_on", "updated_at"])


def _require_open(arrangement: Arrangement) -> None:
    if arrangement.ended_on is not None:
        raise ValidationError("This arrangement has ended.")


@transaction.atomic
def add_member(
    *,
    arrangement: Arrangement,
    by: User,
    name: str = "",
    person: Person | None = None,
    relationship: str = "",
    is_carer: bool = False,
    is_adult: bool = True,
) -> HouseholdMember:
    """A carer or someone else in the carers' home; an adult's DBS check is opened."""
    permissions.require(by, Action.RECORD_PRIVATE_FOSTERING, arrangement)
    arrangement = _locked(arrangement)
    _require_open(arrangement)
    if person is None and not name.strip():
        raise ValidationError({"name": "Enter the person's name"})
    if is_carer and not is_adult:
        raise ValidationError({"is_adult": "A carer is an adult"})
    member = HouseholdMember.objects.create(
        arrangement=arrangement,
        person=person,
        name=name.strip()[:200],
        relationship=relationship.strip()[:100],
        is_carer=is_carer,
        is_adult=is_adult,
        recorded_by=by,
    )
    if is_adult:
        _open_dbs(arrangement, member)
    audit.log_change(
        by=by,
        child=arrangement.child,
        record=member,
        action=Action.RECORD_PRIVATE_FOSTERING,
        summary=f"Household member added to {arrangement.reference}",
    )
    return member


@transaction.atomic
def record_visit(*, arrangement: Arrangement, details: VisitDetails, by: User) -> FosteringVisit:
    """A visit with its written record; the next visit falls due from it (deadlines)."""
    permissions.require(by, Action.RECORD_PRIVATE_FOSTERING, arrangement)
    arrangement = _locked(arrangement)
    _require_open(arrangement)
    errors: dict[str, str] = {}
    last = arrangement.visits.order_by("-visited_on").values_list("visited_on", flat=True).first()
    if details.visited_on > timezone.localdate():
        errors["visited_on"] = "The visit date must be today or in the past"
    elif details.visited_on < arrangement.notified_on:
        errors["visited_on"] = "The visit must be on or after the day the council was notified"
    elif last is not None and details.visited_on < last:
        errors["visited_on"] = f"A later visit is already recorded ({last:%-d %B %Y})"
    if details.seen_alone and not details.child_seen:
        errors["seen_alone"] = "The child must be seen to be spoken to alone"
    if not details.record.strip():
        errors["record"] = "Enter what the visit found"
    if errors:
        raise ValidationError(errors)
    due_on = arrangement.next_visit_due_on
    if due_on is None:  # an open arrangement always has one (constraint pf_end_shape)
        raise ValidationError("This arrangement has ended.")
    visit = FosteringVisit.objects.create(
        arrangement=arrangement,
        visited_on=details.visited_on,
        due_on=due_on,
        child_seen=details.child_seen,
        seen_alone=details.seen_alone,
        home_seen=details.home_seen,
        carer_seen=details.carer_seen,
        household_seen=details.household_seen,
        record=details.record.strip(),
        visited_by=by,
    )
    _visit_falls_due(arrangement, last_visit_on=details.visited_on, by=by)
    seen = (
        "child seen alone"
        if details.seen_alone
        else "child seen"
        if details.child_seen
        else "child not seen"
    )
    _line(
        arrangement,
        on=details.visited_on,
        summary=f"Private fostering visit ({seen}): arrangement {arrangement.reference}",
        by=by,
    )
    audit.log_change(
        by=by,
        child=arrangement.child,
        record=visit,
        action=Action.RECORD_PRIVATE_FOSTERING,
        summary=f"Visit recorded on {arrangement.reference}",
    )
    return visit


@transaction.atomic
def record_check(
    *, check: SuitabilityCheck, completed_on: date, result: str, notes: str, by: User
) -> SuitabilityCheck:
    """A check's result, written once."""
    permissions.require(by, Action.RECORD_PRIVATE_FOSTERING, check)
    check = (
        SuitabilityCheck.objects.select_for_update(of=("self",))
        .select_related("arrangement__child", "member")
        .get(pk=check.pk)
    )
    if check.completed_on is not None:
        raise ValidationError("This check's result is already recorded.")
    errors: dict[str, str] = {}
    if completed_on > timezone.localdate():
        errors["completed_on"] = "The date must be today or in the past"
    elif completed_on < check.arrangement.notified_on:
        errors["completed_on"] = "The check cannot be returned before the council was notified"
    if result not in CheckResult.values:
        errors["result"] = "Choose the check's result"
    elif result == CheckResult.CONCERNS and not notes.strip():
        errors["notes"] = "Enter the concerns"
    if errors:
        raise ValidationError(errors)
    check.completed_on = completed_on
    check.result = result
    check.notes = notes.strip()
    check.completed_by = by
    check.save(update_fields=["completed_on", "result", "notes", "completed_by", "updated_at"])
    audit.log_change(
        by=by,
        child=check.arrangement.child,
        record=check,
        action=Action.RECORD_PRIVATE_FOSTERING,
        summary=f"{check} returned on {check.arrangement.reference}",
    )
    return check


@transaction.atomic
def propose_decision(
    *, arrangement: Arrangement, outcome: str, reasons: str, requirements: str, by: User
) -> SuitabilityDecision:
    """The worker proposes the arrangement suitable (with any requirements) or a prohibition,
    once every check has its result."""
    permissions.require(by, Action.PROPOSE_PF_SUITABILITY, arrangement)
    arrangement = _locked(arrangement)
    _require_open(arrangement)
    if arrangement.checks.filter(completed_on__isnull=True).exists():
        raise ValidationError("Record every check's result before proposing a decision.")
    if arrangement.decisions.filter(status=approvals.PROPOSED).exists():
        raise ValidationError("A decision is already waiting for a manager.")
    if arrangement.decisions.filter(status=approvals.AUTHORISED).exists():
        raise ValidationError("A suitability decision is already authorised.")
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = "Choose the decision"
    if not reasons.strip():
        errors["reasons"] = "Enter the reasons"
    if outcome == Outcome.REQUIREMENTS and not requirements.strip():
        errors["requirements"] = "Enter the requirements"
    if errors:
        raise ValidationError(errors)
    decision = SuitabilityDecision.objects.create(
        arrangement=arrangement,
        outcome=outcome,
        reasons=reasons.strip(),
        requirements=requirements.strip() if outcome == Outcome.REQUIREMENTS else "",
        proposed_by=by,
        proposed_at=timezone.now(),
    )
    audit.log_change(
        by=by,
        child=arrangement.child,
        record=decision,
        action=Action.PROPOSE_PF_SUITABILITY,
        summary=f"Suitability decision proposed on {arrangement.reference}",
    )
    return decision


def _locked_decision(decision: SuitabilityDecision) -> SuitabilityDecision:
    decision = (
        SuitabilityDecision.objects.select_for_update(of=("self",))
        .select_related("arrangement__child", "arrangement__team", "reviewed_by")
        .get(pk=decision.pk)
    )
    if decision.status != approvals.PROPOSED:
        who = decision.reviewed_by
        raise ValidationError(
            f"This decision has already been {decision.get_status_display().lower()} by {who}."
        )
    return decision


@transaction.atomic
def authorise_decision(
    *, decision: SuitabilityDecision, by: User, comment: str = ""
) -> SuitabilityDecision:
    """A manager of the fostering team, never the proposer, authorises the decision."""
    permissions.require(by, Action.AUTHORISE_PF_SUITABILITY, decision)
    decision = _locked_decision(decision)
    decision.status = approvals.AUTHORISED
    decision.reviewed_by = by
    decision.reviewed_at = timezone.now()
    decision.manager_comment = comment.strip()
    decision.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "manager_comment", "updated_at"]
    )
    arrangement = decision.arrangement
    _line(
        arrangement,
        on=timezone.localdate(),
        summary=f"Private fostering suitability authorised: {decision.get_outcome_display()}"
        f" ({arrangement.reference})",
        by=by,
    )
    audit.log_change(
        by=by,
        child=arrangement.child,
        record=decision,
        action=Action.AUTHORISE_PF_SUITABILITY,
        summary=f"Suitability decision authorised on {arrangement.reference}",
    )
    return decision


@transaction.atomic
def return_decision(
    *, decision: SuitabilityDecision, by: User, comment: str
) -> SuitabilityDecision:
    """A manager returns the decision with a comment; the worker proposes again."""
    permissions.require(by, Action.RETURN_PF_SUITABILITY, decision)
    decision = _locked_decision(decision)
    if not comment.strip():
        raise ValidationError({"comment": "Enter what more work is needed"})
    decision.status = approvals.RETURNED
    decision.reviewed_by = by
    decision.reviewed_at = timezone.now()
    decision.manager_comment = comment.strip()
    decision.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "manager_comment", "updated_at"]
    )
    audit.log_change(
        by=by,
        child=decision.arrangement.child,
        record=decision,
        action=Action.RETURN_PF_SUITABILITY,
        summary=f"Suitability decision returned on {decision.arrangement.reference}",
    )
    return decision


@transaction.atomic
def end_arrangement(
    *, arrangement: Arrangement, ended_on: date, reason: str, details: str, by: User
) -> Arrangement:
    """The arrangement ends: no more visits fall due."""
    permissions.require(by, Action.RECORD_PRIVATE_FOSTERING, arrangement)
    arrangement = _locked(arrangement)
    _require_open(arrangement)
    errors: dict[str, str] = {}
    if ended_on > timezone.localdate():
        errors["ended_on"] = "The end date must be today or in the past"
    elif ended_on < arrangement.notified_on:
        errors["ended_on"] = "The end date must be on or after the day the council was notified"
    if reason not in EndReason.values:
        errors["end_reason"] = "Choose why the arrangement ended"
    elif reason == EndReason.OTHER and not details.strip():
        errors["end_details"] = "Enter why the arrangement ended"
    if errors:
        raise ValidationError(errors)
    arrangement.ended_on = ended_on
    arrangement.end_reason = reason
    arrangement.end_details = details.strip()
    arrangement.next_visit_due_on = None
    arrangement.save(
        update_fields=["ended_on", "end_reason", "end_details", "next_visit_due_on", "updated_at"]
    )
    timescales.close_due_items(record=arrangement, by=by, note="The arrangement ended")
    _line(
        arrangement,
        on=ended_on,
        summary=f"Private fostering ended: {arrangement.get_end_reason_display().lower()}"
        f" ({arrangement.reference})",
        by=by,
    )
    audit.log_change(
        by=by,
        child=arrangement.child,
        record=arrangement,
        action=Action.RECORD_PRIVATE_FOSTERING,
        summary=f"Private fostering arrangement {arrangement.reference} ended",
    )
    return arrangement

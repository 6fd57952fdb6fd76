"""Managers sign off the protective decisions (the one approval shape, core.approvals): a strategy
discussion's decision not to start a section 47 enquiry, a section 47 enquiry concluded with
concerns not substantiated or with no conference needed, and a child protection plan ending other
than at a review conference. The worker proposes; a manager of the team holding the case, never
the proposer, authorises it or returns it with a comment (back in the worker's tray).

Nothing takes effect before the authorisation: the enquiry stays open with its initial conference
clock running (CIN census ICPCnotRequired only once authorised), the plan stays open.
(Working Together to Safeguard Children 2023, chapter 3: the social worker's manager agrees the
outcome of a strategy discussion and of a section 47 enquiry.)"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.casework import services as casework
from opencsc.core.states import move
from opencsc.permissions import Action
from opencsc.protection import entries
from opencsc.protection.models import (
    ProtectionPlan,
    ProtectiveDecision,
    Section47Enquiry,
    StrategyDiscussion,
)
from opencsc.protection.services._common import _d, _locked_open_plan, discussion_day
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

Kind = ProtectiveDecision.Kind
Status = ProtectiveDecision.Status

RETURNED_SUMMARY = {
    Kind.NO_SECTION_47: "No section 47 enquiry returned",
    Kind.ENQUIRY_OUTCOME: "Section 47 outcome returned",
    Kind.PLAN_END: "Ending of the child protection plan returned",
}


def waiting_decision(
    *,
    discussion: StrategyDiscussion | None = None,
    enquiry: Section47Enquiry | None = None,
    plan: ProtectionPlan | None = None,
) -> ProtectiveDecision | None:
    """The decision about this discussion, enquiry or plan still waiting for a manager."""
    return (
        ProtectiveDecision.objects.filter(
            status=Status.PROPOSED, strategy_discussion=discussion, enquiry=enquiry, plan=plan
        )
        .select_related("proposed_by")
        .first()
    )


def _waiting_problem(decision: ProtectiveDecision | None) -> str | None:
    if decision is None:
        return None
    return (
        f"{decision.what} was proposed by {decision.proposed_by} on "
        f"{_d(timezone.localtime(decision.proposed_at).date())} and waits for a manager: it must "
        "be authorised or returned first"
    )


def _close_returned(decisions: QuerySet[ProtectiveDecision], *, by: User, note: str) -> None:
    """The worker answered a manager's return: it no longer waits in their tray."""
    casework.close_returned(decisions.filter(status=Status.RETURNED), by=by, note=note)


def _propose(decision: ProtectiveDecision, *, action: Action, by: User) -> ProtectiveDecision:
    decision.proposed_by = by
    decision.proposed_at = timezone.now()
    decision.full_clean()
    decision.save()
    audit.log_change(
        by=by,
        child=decision.child,
        record=decision,
        action=action,
        summary=f"Proposed to a manager: {decision.what}",
    )
    return decision


def strategy_decided(discussion: StrategyDiscussion, *, by: User) -> ProtectiveDecision | None:
    """After a strategy discussion is recorded (inside its transaction): a decision not to start a
    section 47 enquiry waits for a manager. Any earlier "no section 47" the manager returned on
    the child's episode is answered by this discussion."""
    _close_returned(
        ProtectiveDecision.objects.filter(
            child=discussion.child, referral=discussion.referral, decision_kind=Kind.NO_SECTION_47
        ),
        by=by,
        note="A later strategy discussion was recorded",
    )
    if discussion.start_section_47:
        return None
    decision = ProtectiveDecision(
        child=discussion.child,
        referral=discussion.referral,
        decision_kind=Kind.NO_SECTION_47,
        strategy_discussion=discussion,
        decided_on=discussion_day(discussion),
        reason=discussion.decision_reason,
    )
    return _propose(decision, action=Action.RECORD_STRATEGY_DISCUSSION, by=by)


def enquiry_outcome_problem(enquiry: Section47Enquiry) -> str | None:
    """Why the enquiry's outcome cannot be recorded now: one waits for a manager."""
    return _waiting_problem(waiting_decision(enquiry=enquiry))


def propose_enquiry_outcome(
    *, enquiry: Section47Enquiry, completed_on: date, outcome: str, reason: str, by: User
) -> ProtectiveDecision:
    """Send an enquiry's outcome of concerns not substantiated, or substantiated with no
    conference needed, to a manager (inside complete_enquiry's transaction, the enquiry locked
    and its input checked). The enquiry stays open, and the initial conference clock running,
    until it is authorised."""
    problem = enquiry_outcome_problem(enquiry)
    if problem:
        raise ValidationError(problem)
    _close_returned(
        enquiry.protective_decisions.all(), by=by, note="Section 47 outcome proposed again"
    )
    decision = ProtectiveDecision(
        child=enquiry.child,
        referral=enquiry.referral,
        decision_kind=Kind.ENQUIRY_OUTCOME,
        enquiry=enquiry,
        decided_on=completed_on,
        enquiry_outcome=outcome,
        reason=reason.strip(),
    )
    return _propose(decision, action=Action.COMPLETE_ENQUIRY, by=by)


def answer_returned_outcome(enquiry: Section47Enquiry, *, by: User, note: str) -> None:
    """The enquiry went on to a conference: a returned outcome no longer waits on the worker."""
    _close_returned(enquiry.protective_decisions.all(), by=by, note=note)


@transaction.atomic
def propose_plan_end(
    *, plan: ProtectionPlan, ended_on: date, end_reason: str, reason: str, by: User
) -> ProtectiveDecision:
    """Propose ending a child protection plan other than at a review conference: the child became
    looked after, moved to another local authority, reached 18, or another reason. Only a review
    conference decides that the child is no longer at risk (Working Together 2023, chapter 3)."""
    casework.lock_open_episode(plan.referral)
    try:
        casework.lock_open_episode(plan.referral, on=ended_on)
    except ValidationError as error:
        raise ValidationError({"ended_on": error.messages}) from error
    permissions.require(by, Action.PROPOSE_PLAN_END, plan.child)
    locked = _locked_open_plan(plan)
    errors: dict[str, str] = {}
    if ended_on <= locked.started_on:
        errors["ended_on"] = f"The plan must end after the day it started ({_d(locked.started_on)})"
    last = locked.conferences.order_by("-held_on").values_list("held_on", flat=True).first()
    if last is not None and ended_on < last:
        errors["ended_on"] = f"The plan cannot end before its last conference ({_d(last)})"
    if end_reason not in ProtectiveDecision.PLAN_END_REASONS:
        errors["end_reason"] = (
            "Select why the plan is ending: only a review conference ends a plan because the "
            "child is no longer at risk"
        )
    if not reason.strip():
        errors["reason"] = "Enter why the plan is ending without a review conference"
    problem = _waiting_problem(waiting_decision(plan=locked))
    if problem:
        errors["end_reason"] = problem
    if errors:
        raise ValidationError(errors)
    _close_returned(
        locked.protective_decisions.all(), by=by, note="Ending of the plan proposed again"
    )
    decision = ProtectiveDecision(
        child=locked.child,
        referral=locked.referral,
        decision_kind=Kind.PLAN_END,
        plan=locked,
        decided_on=ended_on,
        end_reason=end_reason,
        reason=reason.strip(),
    )
    return _propose(decision, action=Action.PROPOSE_PLAN_END, by=by)


def _answer(
    decision: ProtectiveDecision,
    status: str,
    *,
    by: User,
    comment: str,
    action: Action,
    summary: str,
) -> None:
    """Record the answer to a waiting decision (who, when, the comment) and log it."""
    move(decision, status)
    decision.reviewed_by = by
    decision.reviewed_at = timezone.now()
    decision.manager_comment = comment.strip()
    decision.save()
    audit.log_change(by=by, child=decision.child, record=decision, action=action, summary=summary)


def plan_ended_at_review(plan: ProtectionPlan, *, held_on: date, by: User) -> None:
    """A review conference ended the plan (inside its transaction): an ending proposed outside a
    conference and still waiting is answered by it, withdrawn as a proposer withdraws their own
    (returned, with the conference's date as the comment, never sent back to the worker's tray),
    and a returned one leaves the worker's tray. The manager's list no longer offers it."""
    note = f"Withdrawn: the review conference on {_d(held_on)} ended the plan"
    waiting = ProtectiveDecision.objects.select_for_update().filter(
        plan=plan, status=Status.PROPOSED
    )
    for decision in waiting.select_related("child"):
        _answer(
            decision,
            Status.RETURNED,
            by=by,
            comment=note,
            action=Action.HOLD_REVIEW_CONFERENCE,
            summary=note,
        )
    _close_returned(plan.protective_decisions.all(), by=by, note=note)


def _locked_decision(
    decision: ProtectiveDecision, *, by: User, action: Action
) -> ProtectiveDecision:
    """The decision, locked and still waiting, reviewed by a manager of the team holding the case
    (never its proposer when authorising: the table's four-eyes rule)."""
    locked = (
        ProtectiveDecision.objects.select_for_update(of=("self",))
        .select_related("child", "referral", "reviewed_by", "proposed_by")
        .get(pk=decision.pk)
    )
    if locked.status != Status.PROPOSED:
        raise ValidationError(
            f"This decision has already been {locked.get_status_display().lower()} by "
            f"{locked.reviewed_by}."
        )
    permissions.require(by, action, locked)
    return locked


def _authorise_enquiry_outcome(decision: ProtectiveDecision, *, by: User) -> None:
    """The enquiry ends with the worker's outcome, and the initial conference clock closes."""
    enquiry = (
        Section47Enquiry.objects.select_for_update()
        .select_related("child", "referral")
        .get(protective_decisions=decision)
    )
    if enquiry.completed_on is not None:
        raise ValidationError(f"This enquiry was completed on {_d(enquiry.completed_on)}.")
    if decision.decided_on < enquiry.started_on:
        raise ValidationError(
            f"The enquiry cannot end before it started ({_d(enquiry.started_on)})."
        )
    enquiry.completed_on = decision.decided_on
    enquiry.outcome = decision.enquiry_outcome
    enquiry.outcome_reason = decision.reason
    enquiry.full_clean()
    enquiry.save()
    timescales.close_due_items(
        record=enquiry, by=by, rule=rules.ICPC, note=f"ICPC not required: authorised by {by}"
    )
    entries.enquiry_completed(
        enquiry.child,
        enquiry_id=enquiry.pk,
        outcome=enquiry.get_outcome_display(),
        on=enquiry.completed_on,
        by=by,
    ).save()
    audit.log_change(
        by=by,
        child=enquiry.child,
        record=enquiry,
        action=Action.COMPLETE_ENQUIRY,
        summary=enquiry.get_outcome_display(),
    )


def _authorise_plan_end(decision: ProtectiveDecision, *, by: User) -> None:
    """The plan ends on the proposed day with its reason; its deadlines close."""
    plan = _locked_open_plan(decision.plan)  # type: ignore[arg-type]
    last = plan.conferences.order_by("-held_on").values_list("held_on", flat=True).first()
    if decision.decided_on <= plan.started_on or (last is not None and decision.decided_on < last):
        raise ValidationError(
            f"The plan cannot end on {_d(decision.decided_on)}: return it to the worker."
        )
    plan.ended_on = decision.decided_on
    plan.end_reason = decision.end_reason
    plan.full_clean()
    plan.save()
    timescales.close_due_items(record=plan, by=by, note=f"Plan ended on {_d(plan.ended_on)}")
    entries.plan_ended(
        plan.child,
        plan_id=plan.pk,
        end_reason=plan.get_end_reason_display(),
        on=plan.ended_on,
        by=by,
    ).save()
    audit.log_change(
        by=by,
        child=plan.child,
        record=plan,
        action=Action.END_PROTECTION_PLAN,
        summary=plan.get_end_reason_display(),
    )


@transaction.atomic
def authorise_protective_decision(
    *, decision: ProtectiveDecision, by: User, comment: str = ""
) -> ProtectiveDecision:
    """Authorise a protective decision: a section 47 outcome ends the enquiry and closes its
    initial conference clock (CIN census ICPCnotRequired), a plan's ending ends the plan, a
    "no section 47" stands."""
    casework.lock_open_episode(decision.referral)
    locked = _locked_decision(decision, by=by, action=Action.AUTHORISE_PROTECTIVE_DECISION)
    if locked.decision_kind == Kind.ENQUIRY_OUTCOME:
        _authorise_enquiry_outcome(locked, by=by)
    elif locked.decision_kind == Kind.PLAN_END:
        _authorise_plan_end(locked, by=by)
    _answer(
        locked,
        Status.AUTHORISED,
        by=by,
        comment=comment,
        action=Action.AUTHORISE_PROTECTIVE_DECISION,
        summary=locked.what,
    )
    return locked


@transaction.atomic
def return_protective_decision(
    *, decision: ProtectiveDecision, comment: str, by: User
) -> ProtectiveDecision:
    """Return a protective decision to the worker with the manager's comment: the work reopens in
    their tray (an enquiry's conference clock never closed)."""
    casework.lock_open_episode(decision.referral)
    locked = _locked_decision(decision, by=by, action=Action.RETURN_PROTECTIVE_DECISION)
    if not comment.strip():
        raise ValidationError({"comment": "Enter what the worker must do next"})
    _answer(
        locked,
        Status.RETURNED,
        by=by,
        comment=comment,
        action=Action.RETURN_PROTECTIVE_DECISION,
        summary=comment.strip(),
    )
    team, _ = casework.holder_of(locked.child)
    casework.return_to_proposer(
        locked,
        proposed_by=locked.proposed_by,
        child=locked.child,
        team=team,
        summary=RETURNED_SUMMARY[Kind(locked.decision_kind)],
        by=by,
    )
    return locked

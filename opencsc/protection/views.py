"""Pages of child protection work: strategy discussions, section 47 enquiries, conferences, plans
and core groups. Each gets its record through the permissions gate, then a form and a service."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencsc import permissions
from opencsc.accounts.requests import signed_in_user
from opencsc.casework import selectors as casework
from opencsc.casework.models import Referral
from opencsc.core.reviews import review_approval
from opencsc.core.submissions import save_once
from opencsc.permissions import Action
from opencsc.protection import plan_history as plan_history_reads
from opencsc.protection import selectors, services
from opencsc.protection import siblings as sibling_selectors
from opencsc.protection.forms import (
    CoreGroupProgressForm,
    EnquirySeenForm,
    MedicalForm,
    MedicalNotHeldForm,
    MedicalNotHeldReviewForm,
    ProtectionPlanForm,
)
from opencsc.protection.models import (
    MedicalNotHeld,
    ProtectionPlan,
    Section47Enquiry,
    StrategyDiscussion,
)
from opencsc.protection.services import siblings as together
from opencsc.protection.sibling_fields import (
    EnquiryCompleteWithSiblingsForm,
    InitialConferenceWithSiblingsForm,
    ReviewConferenceWithSiblingsForm,
    StrategyWithSiblingsForm,
)

# Where a service's message about a conference's record goes when the form did not catch it.
RECORD_FIELDS = {"attendees": "attendee_agency_1", "reports": "report_agency_1"}
STEP_DOWN_FIELDS = {
    "outcomes": "step_down_outcomes",
    "child_views": "step_down_child_views",
    "contingency": "step_down_contingency",
    "actions": "step_down_action_1",
    "started_on": "end_reason",
}


def _referral(request: HttpRequest, pk: int) -> Referral:
    return permissions.get_visible_or_404(request, Referral, pk, action=Action.VIEW_EPISODE)


def _enquiry(request: HttpRequest, pk: int) -> Section47Enquiry:
    return permissions.get_visible_or_404(
        request, Section47Enquiry, pk, action=Action.VIEW_ENQUIRY, related=("referral",)
    )


def _plan(request: HttpRequest, pk: int, *, related: tuple[str, ...] = ()) -> ProtectionPlan:
    return permissions.get_visible_or_404(
        request,
        ProtectionPlan,
        pk,
        action=Action.VIEW_PROTECTION_PLAN,
        related=("referral", *related),
    )


@require_http_methods(["GET", "POST"])
def strategy_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = _referral(request, pk)
    permissions.require(user, Action.RECORD_STRATEGY_DISCUSSION, referral.child)
    disclosure = selectors.disclosure_for(referral)
    siblings = sibling_selectors.siblings_for_strategy(referral, user=user)
    sibling_selectors.log_offered(
        siblings, record=referral, by=user, action=Action.RECORD_STRATEGY_DISCUSSION
    )
    form = StrategyWithSiblingsForm(
        request.POST or None,
        siblings=siblings,
        viewer=user,
        disclosure=services.disclosure_carried(referral),
    )
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: together.record_strategy_discussion_together(
                referral=referral,
                details=form.details(),
                attendees=form.cleaned_data["attendees"],
                siblings=form.cleaned_data["together"],
                by=user,
            )[0],
            "Strategy discussion recorded",
            field_for={"held_at": "held_on", "attendees": "agency_1"},
        )
        if saved is not None:
            return saved
    context = {
        "form": form,
        "referral": referral,
        "child": referral.child,
        "disclosure": disclosure,
    }
    return render(request, "protection/strategy_new.html", context)


@require_http_methods(["GET"])
def strategy(request: HttpRequest, pk: int) -> HttpResponse:
    discussion = permissions.get_visible_or_404(
        request, StrategyDiscussion, pk, action=Action.VIEW_STRATEGY_DISCUSSION
    )
    page = selectors.strategy_page(discussion, today=timezone.localdate())
    user = signed_in_user(request)
    open_medical = (
        page.medical is not None
        and not page.medical.is_settled
        and page.discussion.referral.is_open
    )
    # Both asked whatever the medical's state, so the page's query count does not depend on it.
    child = page.discussion.child
    records_medical = permissions.can(user, Action.RECORD_PROTECTION_MEDICAL, child)
    gives_reason = permissions.can(user, Action.PROPOSE_MEDICAL_NOT_HELD, child)
    context = {
        "page": page,
        "discussion": page.discussion,
        "referral": page.discussion.referral,
        "child": page.discussion.child,
        "disclosure": selectors.disclosure_for(page.discussion.referral),
        "may_record_medical": open_medical and records_medical,
        "may_give_reason": open_medical
        and page.medical is not None
        and page.medical.waiting_not_held is None
        and gives_reason,
        "decisions": selectors.decisions_about(discussion=page.discussion),
    }
    return render(request, "protection/strategy.html", context)


def _discussion(request: HttpRequest, pk: int) -> StrategyDiscussion:
    return permissions.get_visible_or_404(
        request,
        StrategyDiscussion,
        pk,
        action=Action.VIEW_STRATEGY_DISCUSSION,
        related=("referral",),
    )


@require_http_methods(["GET", "POST"])
def medical_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the child protection medical a strategy discussion decided was needed."""
    user = signed_in_user(request)
    discussion = _discussion(request, pk)
    permissions.require(user, Action.RECORD_PROTECTION_MEDICAL, discussion.child)
    form = MedicalForm(request.POST or None)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.record_medical(
                discussion=discussion,
                examined_on=form.cleaned_data["examined_on"],
                examined_by_name=form.cleaned_data["examined_by_name"],
                examined_by_role=form.cleaned_data["examined_by_role"],
                outcome=form.cleaned_data["outcome"],
                by=user,
            ),
            "Child protection medical recorded",
            then=discussion.get_absolute_url(),
        )
        if saved is not None:
            return saved
    context = {
        "form": form,
        "discussion": discussion,
        "referral": discussion.referral,
        "child": discussion.child,
    }
    return render(request, "protection/medical_new.html", context)


@require_http_methods(["GET", "POST"])
def medical_not_held_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the reason a medical decided as needed is not held, for a manager to authorise."""
    user = signed_in_user(request)
    discussion = _discussion(request, pk)
    permissions.require(user, Action.PROPOSE_MEDICAL_NOT_HELD, discussion.child)
    form = MedicalNotHeldForm(request.POST or None)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.propose_medical_not_held(
                discussion=discussion, reason=form.cleaned_data["reason"], by=user
            ),
            "Reason sent to a manager to authorise",
            then=discussion.get_absolute_url(),
        )
        if saved is not None:
            return saved
    context = {
        "form": form,
        "discussion": discussion,
        "referral": discussion.referral,
        "child": discussion.child,
    }
    return render(request, "protection/medical_not_held_new.html", context)


@require_http_methods(["GET", "POST"])
def medical_not_held(request: HttpRequest, pk: int) -> HttpResponse:
    """The reason a medical is not held; a manager of the case authorises or returns it."""
    user = signed_in_user(request)
    record = permissions.get_visible_or_404(
        request,
        MedicalNotHeld,
        pk,
        action=Action.VIEW_STRATEGY_DISCUSSION,
        related=("discussion__referral", "proposed_by", "reviewed_by"),
    )
    may_review = record.status == MedicalNotHeld.Status.PROPOSED and permissions.can(
        user, Action.RETURN_MEDICAL_NOT_HELD, record
    )
    if request.method == "POST" and not may_review:
        raise PermissionDenied
    form = MedicalNotHeldReviewForm(request.POST or None)
    if may_review:
        reviewed = review_approval(
            request,
            form,
            authorise=partial(services.authorise_medical_not_held, approval=record),
            give_back=partial(services.return_medical_not_held, approval=record),
            authorised="Reason authorised: the medical is not held",
            returned="Reason returned to the worker",
            then_authorised=record.discussion.get_absolute_url(),
            then_returned=record.discussion.get_absolute_url(),
        )
        if reviewed is not None:
            return reviewed
    context = {
        "approval": record,
        "discussion": record.discussion,
        "referral": record.discussion.referral,
        "child": record.child,
        "form": form,
        "may_review": may_review,
        "may_authorise": may_review
        and permissions.can(user, Action.AUTHORISE_MEDICAL_NOT_HELD, record),
    }
    return render(request, "protection/medical_not_held.html", context)


@require_http_methods(["GET", "POST"])
def enquiry(request: HttpRequest, pk: int) -> HttpResponse:
    """The enquiry's page; its form records who saw the child, and when."""
    user = signed_in_user(request)
    record = _enquiry(request, pk)
    works = (
        permissions.can(user, Action.RECORD_ENQUIRY_SEEN, record.child) and record.referral.is_open
    )
    if request.method == "POST" and not works:
        raise PermissionDenied
    form = EnquirySeenForm(
        request.POST or None, people=casework.case_workers(record.child, also=user)
    )
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: services.record_enquiry_seen(
                enquiry=record, seen_by=data["seen_by"], seen_on=data["seen_on"], by=user
            ),
            "Recorded who saw the child",
        )
        if saved is not None:
            return saved
    page = selectors.enquiry_page(record, today=timezone.localdate())
    conference = page.conference
    decisions = selectors.decisions_about(enquiry=page.enquiry)
    waiting = any(decision.status == "proposed" for decision in decisions)
    context = {
        "page": page,
        "enquiry": page.enquiry,
        "referral": page.enquiry.referral,
        "child": page.enquiry.child,
        "form": form,
        "works": works,
        "decisions": decisions,
        # An outcome waiting for a manager is answered by the manager first (issue 13).
        "may_complete": works and page.enquiry.completed_on is None and not waiting,
        "may_hold_conference": works
        and conference is None
        and not waiting
        and page.enquiry.outcome in {"", Section47Enquiry.Outcome.CONFERENCE},
    }
    return render(request, "protection/enquiry.html", context)


@require_http_methods(["GET", "POST"])
def enquiry_complete(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    record = _enquiry(request, pk)
    permissions.require(user, Action.COMPLETE_ENQUIRY, record.child)
    if record.completed_on is not None and request.method == "GET":
        messages.info(request, "This enquiry is already completed.")
        return redirect(record)
    if request.method == "GET" and services.waiting_decision(enquiry=record) is not None:
        messages.info(request, "The outcome of this enquiry waits for a manager.")
        return redirect(record)
    siblings = sibling_selectors.siblings_for_completion(record, user=user)
    sibling_selectors.log_offered(siblings, record=record, by=user, action=Action.COMPLETE_ENQUIRY)
    form = EnquiryCompleteWithSiblingsForm(request.POST or None, siblings=siblings, viewer=user)
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: together.complete_enquiries_together(
                enquiry=record,
                completed_on=data["completed_on"],
                outcome=data["outcome"],
                reason=data["reason"],
                siblings=data["together"],
                by=user,
            )[0],
            lambda enquiry: (
                "Section 47 enquiry completed"
                if enquiry.completed_on
                else "The outcome waits for a manager's authorisation: the enquiry stays open"
            ),
        )
        if saved is not None:
            return saved
    context = {"form": form, "enquiry": record, "referral": record.referral, "child": record.child}
    return render(request, "protection/enquiry_complete.html", context)


@require_http_methods(["GET", "POST"])
def conference_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The initial child protection conference a section 47 enquiry called."""
    user = signed_in_user(request)
    record = _enquiry(request, pk)
    permissions.require(user, Action.HOLD_INITIAL_CONFERENCE, record.child)
    if hasattr(record, "conference") and request.method == "GET":
        messages.info(request, "The initial conference of this enquiry is already recorded.")
        return redirect(record)
    siblings = sibling_selectors.siblings_for_initial_conference(record, user=user)
    sibling_selectors.log_offered(
        siblings, record=record, by=user, action=Action.HOLD_INITIAL_CONFERENCE
    )
    form = InitialConferenceWithSiblingsForm(request.POST or None, siblings=siblings, viewer=user)
    if form.is_valid():
        data = form.cleaned_data

        def write() -> Model:
            conference = together.hold_initial_conferences_together(
                enquiry=record,
                held_on=data["held_on"],
                chair=data["chair"],
                outcome=data["outcome"],
                category=data["category"],
                summary=data["summary"],
                siblings=data["together"],
                by=user,
                conference_record=data["record"],
            )[0]
            return conference.plan or record

        saved = save_once(
            request, form, write, "Initial conference recorded", field_for=RECORD_FIELDS
        )
        if saved is not None:
            return saved
    context = {"form": form, "enquiry": record, "referral": record.referral, "child": record.child}
    return render(request, "protection/conference_new.html", context)


@require_http_methods(["GET"])
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    record = _plan(request, pk, related=selectors.PROTECTION_PLAN_PAGE_RELATED)
    page = selectors.protection_plan_page(record, today=timezone.localdate())
    # The child the read gate opened (and whose holding team it read): each question below is
    # then answered without the database, and every one is asked whether or not the plan is
    # open, so the page runs the same queries for an open plan as for an ended one.
    child = page.plan.child = record.child
    live = page.plan.is_open and page.plan.referral.is_open
    works = live and permissions.can(user, Action.RECORD_CORE_GROUP, child)
    records_visit = permissions.can(user, Action.RECORD_VISIT, child)
    writes = permissions.can(user, Action.WRITE_PROTECTION_PLAN, child)
    ends = permissions.can(user, Action.PROPOSE_PLAN_END, child)
    context = {
        "page": page,
        "plan": page.plan,
        "referral": page.plan.referral,
        "child": child,
        "works": works,
        "can_record_visit": works and records_visit,
        "may_write": live and writes,
        "decisions": selectors.decisions_about(plan=page.plan),
        "may_propose_end": live and ends,
    }
    return render(request, "protection/plan.html", context)


@require_http_methods(["GET"])
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Earlier versions of a child protection plan: what it said before each revision and each
    change to its actions, who made it and when."""
    record = _plan(request, pk)
    context = {
        "plan": record,
        "child": record.child,
        "versions": plan_history_reads.plan_versions(record),
        "action_changes": plan_history_reads.action_changes(record),
    }
    return render(request, "protection/plan_history.html", context)


@require_http_methods(["GET", "POST"])
def plan_write(request: HttpRequest, pk: int) -> HttpResponse:
    """Write or revise what a child protection plan says: outcomes, what must change, actions,
    the contingency, the lead social worker, the core group and the views."""
    user = signed_in_user(request)
    record = _plan(request, pk)
    permissions.require(user, Action.WRITE_PROTECTION_PLAN, record.child)
    if not record.is_open and request.method == "GET":
        messages.info(request, f"This plan ended on {record.ended_on:%-d %B %Y}.")
        return redirect(record)
    progress = selectors.plan_progress(record)
    initial = {
        "outcomes": record.outcomes,
        "what_must_change": record.what_must_change,
        "contingency": record.contingency,
        "child_views": record.child_views,
        "parents_views": record.parents_views,
        "lead_social_worker": record.lead_social_worker_id or user.pk,
    }
    form = ProtectionPlanForm(
        request.POST or None,
        initial=initial,
        people=casework.case_workers(record.child, also=user),
        agencies=selectors.partner_agencies(),
        actions=progress.actions,
        members=progress.members,
    )
    if form.is_valid():
        data = form.cleaned_data

        def write() -> Model:
            return services.write_protection_plan(
                plan=record,
                content=form.content(),
                actions=data["actions"],
                members=data["members"],
                by=user,
            )

        saved = save_once(request, form, write, "Child protection plan saved")
        if saved is not None:
            return saved
    context = {"form": form, "plan": record, "referral": record.referral, "child": record.child}
    return render(request, "protection/plan_write.html", context)


@require_http_methods(["GET", "POST"])
def review_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A review child protection conference: the plan continues, or ends (perhaps stepping down
    to a child in need plan)."""
    user = signed_in_user(request)
    record = _plan(request, pk)
    permissions.require(user, Action.HOLD_REVIEW_CONFERENCE, record.child)
    if not record.is_open and request.method == "GET":
        messages.info(request, f"This plan ended on {record.ended_on:%-d %B %Y}.")
        return redirect(record)
    siblings = sibling_selectors.siblings_for_review(record, user=user)
    sibling_selectors.log_offered(
        siblings, record=record, by=user, action=Action.HOLD_REVIEW_CONFERENCE
    )
    form = ReviewConferenceWithSiblingsForm(request.POST or None, siblings=siblings, viewer=user)
    if form.is_valid():
        data = form.cleaned_data

        def write() -> Model:
            together.hold_review_conferences_together(
                plan=record,
                held_on=data["held_on"],
                chair=data["chair"],
                outcome=data["outcome"],
                category=data["category"],
                end_reason=data["end_reason"],
                step_down=data["step_down"],
                summary=data["summary"],
                siblings=data["together"],
                by=user,
                conference_record=data["record"],
            )
            return record

        saved = save_once(
            request,
            form,
            write,
            "Review conference recorded",
            field_for=STEP_DOWN_FIELDS | RECORD_FIELDS,
        )
        if saved is not None:
            return saved
    context = {
        "form": form,
        "plan": record,
        "referral": record.referral,
        "child": record.child,
        "progress": selectors.plan_progress(record),
    }
    return render(request, "protection/review_new.html", context)


@require_http_methods(["GET", "POST"])
def core_group_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    record = _plan(request, pk)
    permissions.require(user, Action.RECORD_CORE_GROUP, record.child)
    if not record.is_open and request.method == "GET":
        messages.info(request, f"This plan ended on {record.ended_on:%-d %B %Y}.")
        return redirect(record)
    progress = selectors.plan_progress(record)
    form = CoreGroupProgressForm(
        request.POST or None,
        members=progress.members,
        actions=progress.actions,
        agencies=selectors.partner_agencies(),
    )
    if form.is_valid():
        data = form.cleaned_data

        def write() -> Model:
            services.record_core_group(
                plan=record,
                held_on=data["held_on"],
                attendees=data["attendees"],
                progress=data["progress"],
                by=user,
                record=data["record"],
            )
            return record

        saved = save_once(request, form, write, "Core group meeting recorded")
        if saved is not None:
            return saved
    context = {"form": form, "plan": record, "referral": record.referral, "child": record.child}
    return render(request, "protection/core_group_new.html", context)

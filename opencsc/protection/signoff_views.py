"""Pages of the protective decisions managers sign off: the list waiting for a manager, one
decision with its review, and the worker's proposal to end a plan outside a review conference."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from opencsc import permissions
from opencsc.accounts.requests import signed_in_user
from opencsc.core.requests import page_of, query_without_page
from opencsc.core.reviews import review_approval
from opencsc.core.submissions import save_once
from opencsc.permissions import Action
from opencsc.protection import selectors, services
from opencsc.protection.models import ProtectionPlan, ProtectiveDecision
from opencsc.protection.signoff_forms import PlanEndForm, ProtectiveDecisionReviewForm

AUTHORISED = {
    ProtectiveDecision.Kind.NO_SECTION_47: "Authorised: no section 47 enquiry",
    ProtectiveDecision.Kind.ENQUIRY_OUTCOME: (
        "Outcome authorised: the enquiry is complete and no initial conference is needed"
    ),
    ProtectiveDecision.Kind.PLAN_END: "Authorised: the child protection plan has ended",
}


@require_http_methods(["GET"])
def decisions(request: HttpRequest) -> HttpResponse:
    """The protective decisions waiting for the manager, oldest first."""
    user = signed_in_user(request)
    if not permissions.can(user, Action.AUTHORISE_PROTECTIVE_DECISION):
        raise PermissionDenied
    rows = selectors.protective_decisions_to_authorise(
        user=user, team_ids=permissions.managed_team_ids(user)
    ).filter(permissions.visible_child_condition(user, "child__"))
    context = {"page_obj": page_of(request, rows), "query_prefix": query_without_page(request)}
    return render(request, "protection/decisions.html", context)


@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    """One protective decision: what was proposed and why; a manager authorises or returns it."""
    user = signed_in_user(request)
    record = permissions.get_visible_or_404(
        request, ProtectiveDecision, pk, action=Action.VIEW_PROTECTIVE_DECISION
    )
    reviews = permissions.can(user, Action.RETURN_PROTECTIVE_DECISION, record)
    if request.method == "POST" and not reviews:
        raise PermissionDenied
    may_review = reviews and record.status == ProtectiveDecision.Status.PROPOSED
    if request.method == "POST" and not may_review:
        # A second manager sent the review after the first answered it: say who, never a 500.
        messages.info(
            request,
            f"This decision has already been {record.get_status_display().lower()} by "
            f"{record.reviewed_by}.",
        )
        return redirect(record)
    form = ProtectiveDecisionReviewForm(request.POST or None)
    if may_review:
        reviewed = review_approval(
            request,
            form,
            authorise=partial(services.authorise_protective_decision, decision=record),
            give_back=partial(services.return_protective_decision, decision=record),
            authorised=AUTHORISED[ProtectiveDecision.Kind(record.decision_kind)],
            returned="Returned to the worker with your comments",
        )
        if reviewed is not None:
            return reviewed
    page = selectors.protective_decision_page(record)
    context = {
        "decision": page,
        "referral": page.referral,
        "child": page.child,
        "form": form,
        "may_review": may_review,
        "may_authorise": may_review
        and permissions.can(user, Action.AUTHORISE_PROTECTIVE_DECISION, record),
    }
    return render(request, "protection/decision.html", context)


@require_http_methods(["GET", "POST"])
def plan_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose ending a child protection plan other than at a review conference."""
    user = signed_in_user(request)
    record = permissions.get_visible_or_404(
        request, ProtectionPlan, pk, action=Action.VIEW_PROTECTION_PLAN, related=("referral",)
    )
    permissions.require(user, Action.PROPOSE_PLAN_END, record.child)
    if not record.is_open and request.method == "GET":
        messages.info(request, f"This plan ended on {record.ended_on:%-d %B %Y}.")
        return redirect(record)
    waiting = services.waiting_decision(plan=record)
    if waiting is not None and request.method == "GET":
        messages.info(request, "The ending of this plan already waits for a manager.")
        return redirect(waiting)
    form = PlanEndForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: services.propose_plan_end(
                plan=record,
                ended_on=data["ended_on"],
                end_reason=data["end_reason"],
                reason=data["reason"],
                by=user,
            ),
            "The ending of the plan waits for a manager's authorisation",
        )
        if saved is not None:
            return saved
    context = {
        "form": form,
        "plan": record,
        "referral": record.referral,
        "child": record.child,
        "back": reverse("protection:plan", args=[record.pk]),
    }
    return render(request, "protection/plan_end.html", context)

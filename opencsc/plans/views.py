"""Pages of children in need plans and visits. Each gets its record through the permissions gate,
then a form and a service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencsc import permissions
from opencsc.accounts.models import Role
from opencsc.accounts.requests import signed_in_user
from opencsc.casework.models import Referral
from opencsc.core.requests import page_of, query_without_page
from opencsc.core.submissions import save_once
from opencsc.permissions import Action
from opencsc.plans import selectors, services
from opencsc.plans.forms import CINPlanForm, CINReviewForm, EndCINPlanForm, VisitForm
from opencsc.plans.models import CINPlan, Visit


def _referral(request: HttpRequest, pk: int) -> Referral:
    return permissions.get_visible_or_404(request, Referral, pk, action=Action.VIEW_EPISODE)


def _plan(request: HttpRequest, pk: int, *, related: tuple[str, ...] = ()) -> CINPlan:
    return permissions.get_visible_or_404(
        request, CINPlan, pk, action=Action.VIEW_CIN_PLAN, related=("referral", *related)
    )


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a child in need plan on the episode."""
    user = signed_in_user(request)
    referral = _referral(request, pk)
    permissions.require(user, Action.START_CIN_PLAN, referral.child)
    form = CINPlanForm(request.POST or None)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.start_cin_plan(
                referral=referral,
                details=form.details(),
                actions=form.cleaned_data["actions"],
                by=user,
            ),
            "Child in need plan started",
            field_for={"actions": "action_1"},
        )
        if saved is not None:
            return saved
    context = {"form": form, "referral": referral, "child": referral.child}
    return render(request, "plans/new.html", context)


@require_http_methods(["GET"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    record = _plan(request, pk, related=selectors.CIN_PLAN_PAGE_RELATED)
    page = selectors.cin_plan_page(record, today=timezone.localdate())
    # The child the read gate opened: both questions are answered without the database, and
    # asked whether or not the plan is open, so the page's queries are the same for each plan.
    child = page.plan.child = record.child
    reviews = permissions.can(user, Action.REVIEW_CIN_PLAN, child)
    records_visit = permissions.can(user, Action.RECORD_VISIT, child)
    works = page.plan.is_open and page.plan.referral.is_open and reviews
    context = {
        "page": page,
        "plan": page.plan,
        "referral": page.plan.referral,
        "child": child,
        "works": works,
        "can_record_visit": works and records_visit,
    }
    return render(request, "plans/detail.html", context)


@require_http_methods(["GET", "POST"])
def review_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    record = _plan(request, pk)
    permissions.require(user, Action.REVIEW_CIN_PLAN, record.child)
    if not record.is_open and request.method == "GET":
        messages.info(request, f"This plan ended on {record.ended_on:%-d %B %Y}.")
        return redirect(record)
    actions = list(selectors.plan_actions(record))
    form = CINReviewForm(request.POST or None, actions=actions)
    if form.is_valid():
        data = form.cleaned_data

        def write() -> Model:
            services.review_cin_plan(
                plan=record,
                held_on=data["held_on"],
                progress=data["progress"],
                child_views=data["child_views"],
                action_statuses=data["action_statuses"],
                new_actions=data["new_actions"],
                next_review_on=data["next_review_on"],
                by=user,
            )
            return record

        saved = save_once(
            request, form, write, "Plan review recorded", field_for={"new_actions": "new_action_1"}
        )
        if saved is not None:
            return saved
    context = {"form": form, "plan": record, "referral": record.referral, "child": record.child}
    return render(request, "plans/review_new.html", context)


@require_http_methods(["GET", "POST"])
def end(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    record = _plan(request, pk)
    permissions.require(user, Action.END_CIN_PLAN, record.child)
    if not record.is_open and request.method == "GET":
        messages.info(request, f"This plan ended on {record.ended_on:%-d %B %Y}.")
        return redirect(record)
    form = EndCINPlanForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: services.end_cin_plan(
                plan=record, ended_on=data["ended_on"], reason=data["reason"], by=user
            ),
            "Child in need plan ended",
        )
        if saved is not None:
            return saved
    context = {
        "form": form,
        "plan": record,
        "referral": record.referral,
        "child": record.child,
        "may_end_early": permissions.can(user, Action.END_STEP_DOWN_PLAN_EARLY),
    }
    return render(request, "plans/end.html", context)


@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a statutory visit to a child on a plan."""
    user = signed_in_user(request)
    referral = _referral(request, pk)
    permissions.require(user, Action.RECORD_VISIT, referral.child)
    form = VisitForm(request.POST or None)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.record_visit(referral=referral, **form.details(), by=user),
            "Visit recorded",
        )
        if saved is not None:
            return saved
    plan = selectors.open_plan(referral.child)
    context = {"form": form, "referral": referral, "child": referral.child, "plan": plan}
    return render(request, "plans/visit_new.html", context)


@require_http_methods(["GET"])
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    record = permissions.get_visible_or_404(
        request,
        Visit,
        pk,
        action=Action.VIEW_VISIT,
        related=("referral", "visited_by", "protection_plan", "cin_plan"),
    )
    context = {"visit": record, "referral": record.referral, "child": record.child}
    return render(request, "plans/visit.html", context)


@require_http_methods(["GET"])
def overdue_visits(request: HttpRequest) -> HttpResponse:
    """Statutory visits past their date for the teams a manager oversees (a worker: their own)."""
    user = signed_in_user(request)
    if user.role == Role.TEAM_MANAGER or user.role in permissions.READ_EVERY_CHILD_ROLES:
        team_ids = permissions.managed_team_ids(user)
    elif user.role in permissions.CASE_HOLDING_ROLES:
        team_ids = list(user.memberships.values_list("team_id", flat=True))
    else:
        raise PermissionDenied
    # Each row's child checked by its key: `child__in=visible_children(user)` re-read the whole
    # index of children for every query (issue 15).
    items = selectors.overdue_visits(team_ids, today=timezone.localdate()).filter(
        permissions.visible_child_condition(user, "child__")
    )
    page_obj = page_of(request, items)
    context = {"page_obj": page_obj, "query_prefix": query_without_page(request)}
    return render(request, "plans/overdue_visits.html", context)

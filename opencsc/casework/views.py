"""Pages of a child's episode: the episode itself, referrals waiting for a team, allocation with
direction, transfers between teams and closure."""

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Protocol

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencsc import permissions
from opencsc.accounts import selectors as accounts
from opencsc.accounts.models import Team, User
from opencsc.casework import selectors, services
from opencsc.casework.forms import (
    AllocateForm,
    ClosureForm,
    ClosureReviewForm,
    DirectionActionDoneForm,
    TransferRequestForm,
    TransferReviewForm,
)
from opencsc.casework.models import Allocation, Closure, DirectionAction, Referral, TeamTransfer
from opencsc.core.requests import query_without_page, signed_in_user
from opencsc.core.reviews import review_approval
from opencsc.core.submissions import save_once

VIEW_EPISODE = "casework.view_episode"


class Linkable(Protocol):
    def get_absolute_url(self) -> str: ...


def _page(request: HttpRequest, rows: QuerySet) -> object:
    return Paginator(rows, settings.OPENCSC_PAGE_SIZE).get_page(request.GET.get("page"))


def _episode(request: HttpRequest, pk: int) -> Referral:
    referral: Referral = permissions.get_child_record_or_404(
        request, Referral.objects.all(), pk, action=VIEW_EPISODE
    )
    return referral


def _social_work_teams(user: User) -> QuerySet[Team]:
    """The case-holding teams `user` manages (every one for a head of service)."""
    teams = Team.objects.filter(kind__in=services.CASE_HOLDING_TEAM_KINDS, is_active=True)
    managed = permissions.managed_team_ids(user)
    return teams if managed is None else teams.filter(pk__in=managed)


@require_http_methods(["GET"])
def episode(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = _episode(request, pk)
    today = timezone.localdate()
    page = selectors.episode_page(referral, user=user, today=today)
    context = {
        "page": page,
        "referral": page.referral,
        "child": page.referral.child,
        "today": today,
    }
    return render(request, "casework/episode.html", context)


@require_http_methods(["GET"])
def to_allocate(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.allocates_referrals(user):
        raise PermissionDenied
    referrals = selectors.referrals_to_allocate().filter(
        child__in=permissions.visible_children(user)
    )
    context = {"page_obj": _page(request, referrals), "query_prefix": query_without_page(request)}
    return render(request, "casework/to_allocate.html", context)


@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = _episode(request, pk)
    if not permissions.allocates_referrals(user):
        raise PermissionDenied
    teams = _social_work_teams(user)
    form = AllocateForm(
        request.POST or None, teams=teams, people=accounts.active_members(teams, also=user)
    )
    if form.is_valid():
        data = form.cleaned_data

        def write() -> Referral:
            services.allocate_referral(
                referral=referral,
                team=data["team"],
                worker=data["worker"],
                direction=data["direction"],
                actions=data["actions"],
                by=user,
            )
            return referral

        saved = save_once(request, form, write, "Case allocated", field_for={"actions": "action_1"})
        if saved is not None:
            return saved
    page = selectors.episode_page(referral, user=user, today=timezone.localdate())
    context = {"form": form, "referral": referral, "child": referral.child, "page": page}
    return render(request, "casework/allocate.html", context)


@require_http_methods(["POST"])
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    action = get_object_or_404(DirectionAction.objects.select_related("allocation"), pk=pk)
    allocation: Allocation = permissions.get_child_record_or_404(
        request, Allocation.objects.all(), action.allocation_id, action=VIEW_EPISODE
    )
    action.allocation = allocation
    form = DirectionActionDoneForm(request.POST)
    if form.is_valid():
        try:
            services.complete_direction_action(
                action=action, done_on=form.cleaned_data["done_on"], by=user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Marked done: {action.action}")
    else:
        messages.error(request, " ".join(str(message) for message in form.errors["done_on"]))
    if allocation.referral_id is None:
        return redirect(allocation.child)
    return redirect("casework:episode", allocation.referral_id)


@require_http_methods(["GET", "POST"])
def transfer_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = _episode(request, pk)
    permissions.require_works_case(user, referral.child)
    holding = selectors.current_allocation(referral.child)
    teams = Team.objects.filter(kind__in=services.CASE_HOLDING_TEAM_KINDS, is_active=True)
    if holding is not None:
        teams = teams.exclude(pk=holding.team_id)
    form = TransferRequestForm(request.POST or None, teams=teams)
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: services.request_transfer(
                referral=referral, to_team=data["to_team"], reason=data["reason"], by=user
            ),
            f"Transfer to {data['to_team']} requested",
        )
        if saved is not None:
            return saved
    context = {"form": form, "referral": referral, "child": referral.child, "holding": holding}
    return render(request, "casework/transfer_new.html", context)


def _year_start(today: date) -> date:
    """1 April starting the council's reporting year that holds `today`."""
    return date(today.year if today.month >= 4 else today.year - 1, 4, 1)


@require_http_methods(["GET"])
def transfers(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.allocates_referrals(user):
        raise PermissionDenied
    team_ids = permissions.managed_team_ids(user)
    today = timezone.localdate()
    start = _year_start(today)
    context = {
        "page_obj": _page(request, selectors.incoming_transfers(team_ids=team_ids)),
        "query_prefix": query_without_page(request),
        "wait": selectors.transfer_wait(team_ids=team_ids, start=start, end=today),
        "period_start": start,
        "today": today,
    }
    return render(request, "casework/transfers.html", context)


@require_http_methods(["GET", "POST"])
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    record: TeamTransfer = permissions.get_child_record_or_404(
        request,
        TeamTransfer.objects.select_related(
            "from_team", "to_team", "proposed_by", "reviewed_by", "referral"
        ),
        pk,
        action=VIEW_EPISODE,
    )
    manages = permissions.manages_team(user, record.to_team)
    if request.method == "POST" and not manages:
        raise PermissionDenied
    # A late second answer is posted to the service, which says who answered first.
    may_answer = manages and (
        record.status == TeamTransfer.Status.PROPOSED or request.method == "POST"
    )
    teams = Team.objects.filter(pk=record.to_team_id)
    form = TransferReviewForm(request.POST or None, people=accounts.active_members(teams))
    if may_answer:
        reviewed = review_approval(
            request,
            form,
            authorise=partial(services.accept_transfer, transfer=record),
            give_back=partial(services.decline_transfer, transfer=record),
            authorised=f"Transfer accepted: {record.to_team} now holds the case",
            returned="Transfer declined",
        )
        if reviewed is not None:
            return reviewed
    context = {"transfer": record, "child": record.child, "form": form, "may_answer": may_answer}
    return render(request, "casework/transfer.html", context)


@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = _episode(request, pk)
    permissions.require_works_case(user, referral.child)
    form = ClosureForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: services.propose_closure(
                referral=referral,
                closed_on=data["closed_on"],
                reason=data["reason"],
                summary=data["summary"],
                open_items_note=data["open_items_note"],
                by=user,
            ),
            "Closure proposed: a manager will review it",
        )
        if saved is not None:
            return saved
    page = selectors.episode_page(referral, user=user, today=timezone.localdate())
    context = {"form": form, "referral": referral, "child": referral.child, "page": page}
    return render(request, "casework/close.html", context)


@require_http_methods(["GET"])
def closures(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.allocates_referrals(user):
        raise PermissionDenied
    rows = selectors.closures_to_authorise(team_ids=permissions.managed_team_ids(user)).filter(
        referral__child__in=permissions.visible_children(user)
    )
    context = {"page_obj": _page(request, rows), "query_prefix": query_without_page(request)}
    return render(request, "casework/closures.html", context)


@require_http_methods(["GET", "POST"])
def closure(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    record = get_object_or_404(Closure.objects.select_related("proposed_by", "reviewed_by"), pk=pk)
    record.referral = _episode(request, record.referral_id)
    child = record.referral.child
    may_review = record.status == Closure.Status.PROPOSED and permissions.manages_case(user, child)
    if request.method == "POST" and not may_review:
        raise PermissionDenied
    form = ClosureReviewForm(request.POST or None)
    if may_review and form.is_valid():
        data = form.cleaned_data
        if data["decision"] == "authorise":
            write: Callable[[], Model] = lambda: services.authorise_closure(  # noqa: E731
                closure=record, comment=data["comment"], by=user
            )
            done = "Closure authorised: the episode is closed"
            # The team no longer holds a closed case: go back to the list of closures.
            then = reverse("casework:closures")
        else:
            write = lambda: services.return_closure(  # noqa: E731
                closure=record, comment=data["comment"], by=user
            )
            done = "Closure returned to the worker"
            then = ""
        saved = save_once(request, form, write, done, then=then)
        if saved is not None:
            return saved
    page = selectors.episode_page(record.referral, user=user, today=timezone.localdate())
    context = {
        "closure": record,
        "referral": record.referral,
        "child": child,
        "page": page,
        "form": form,
        "may_review": may_review,
    }
    return render(request, "casework/closure.html", context)

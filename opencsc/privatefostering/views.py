"""Pages of private fostering: find the child and record the notification, the arrangement's
page (every check and visit, due and overdue), its household, visits, checks, the suitability
decision and its review, the end, and the fostering team's list. Each gets its record through
the permissions gate, then a form and a service."""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.accounts.requests import signed_in_user
from opencsc.audit import services as audit
from opencsc.core import approvals
from opencsc.core.requests import page_of, query_without_page
from opencsc.core.reviews import review_approval
from opencsc.core.submissions import save_once
from opencsc.people.child_search import child_search, found_child_or_404
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.privatefostering import selectors, services
from opencsc.privatefostering.forms import (
    CheckForm,
    DecisionForm,
    EndForm,
    MemberForm,
    NotificationForm,
    SuitabilityReviewForm,
    VisitForm,
)
from opencsc.privatefostering.models import Arrangement, SuitabilityCheck, SuitabilityDecision


def _arrangement(request: HttpRequest, pk: int) -> Arrangement:
    return permissions.get_visible_or_404(
        request, Arrangement, pk, action=Action.VIEW_PRIVATE_FOSTERING
    )


def _recorder(request: HttpRequest) -> User:
    """A member of a fostering team who may record a notification (the arrangement is held by
    their team)."""
    user = signed_in_user(request)
    permissions.require(user, Action.RECORD_PRIVATE_FOSTERING)
    if not services.fostering_teams(user):
        raise PermissionDenied
    return user


@require_http_methods(["GET"])
def start(request: HttpRequest) -> HttpResponse:
    """Find the child in the person index first, so an arrangement never duplicates a record."""
    user = _recorder(request)
    context = child_search(request, user, request.GET or None)
    return render(request, "privatefostering/start.html", context)


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, pk: int) -> HttpResponse:
    """The notification, which opens the arrangement."""
    user = _recorder(request)
    child: Person = found_child_or_404(user, pk)
    audit.log_view(by=user, child=child, record=child, action=Action.RECORD_PRIVATE_FOSTERING)
    permissions.note_subjects(request, [child])
    teams = services.fostering_teams(user)
    form = NotificationForm(request.POST or None)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.notify(
                child=child, notification=form.notification(), team=teams[0], by=user
            ),
            "Private fostering arrangement recorded: the first visit is due within 7 working days",
        )
        if saved is not None:
            return saved
    return render(request, "privatefostering/new.html", {"form": form, "child": child})


@require_http_methods(["GET"])
def arrangement(request: HttpRequest, pk: int) -> HttpResponse:
    """The arrangement: the notification, the household, every check and visit due and overdue,
    the suitability decisions and the end."""
    user = signed_in_user(request)
    record = _arrangement(request, pk)
    may_record = record.is_open and permissions.can(user, Action.RECORD_PRIVATE_FOSTERING, record)
    context = {
        "arrangement": record,
        "today": timezone.localdate(),
        "may_record": may_record,
        "may_propose": may_record and permissions.can(user, Action.PROPOSE_PF_SUITABILITY, record),
        **selectors.arrangement_parts(record),
    }
    return render(request, "privatefostering/arrangement.html", context)


def _recording(request: HttpRequest, pk: int) -> tuple[User, Arrangement]:
    user = signed_in_user(request)
    record = _arrangement(request, pk)
    permissions.require(user, Action.RECORD_PRIVATE_FOSTERING, record)
    if not record.is_open:
        raise Http404("This arrangement has ended.")
    return user, record


@require_http_methods(["GET", "POST"])
def member_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A carer or someone else in the household; an adult's DBS check falls due."""
    user, record = _recording(request, pk)
    form = MemberForm(request.POST or None)
    if form.is_valid():
        role = form.cleaned_data["role"]
        saved = save_once(
            request,
            form,
            lambda: services.add_member(
                arrangement=record,
                name=form.cleaned_data["name"],
                relationship=form.cleaned_data["relationship"],
                is_carer=role == "carer",
                is_adult=role != "child",
                by=user,
            ),
            "Household member added",
            then=record.get_absolute_url(),
        )
        if saved is not None:
            return saved
    return render(
        request, "privatefostering/member_new.html", {"form": form, "arrangement": record}
    )


@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A visit with its written record."""
    user, record = _recording(request, pk)
    form = VisitForm(request.POST or None)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.record_visit(arrangement=record, details=form.details(), by=user),
            "Visit recorded",
            then=record.get_absolute_url(),
        )
        if saved is not None:
            return saved
    return render(request, "privatefostering/visit_new.html", {"form": form, "arrangement": record})


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """A check: its due date and, once back, its result."""
    user = signed_in_user(request)
    record = permissions.get_visible_or_404(
        request,
        SuitabilityCheck,
        pk,
        action=Action.VIEW_PRIVATE_FOSTERING,
        related=("member", "completed_by"),
    )
    # Asked whether or not the check is back, so the page's queries are the same for each.
    records = permissions.can(user, Action.RECORD_PRIVATE_FOSTERING, record)
    may_record = record.completed_on is None and record.arrangement.is_open and records
    if request.method == "POST" and not may_record:
        raise PermissionDenied
    form = CheckForm(request.POST or None)
    if may_record and form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.record_check(
                check=record,
                completed_on=form.cleaned_data["completed_on"],
                result=form.cleaned_data["result"],
                notes=form.cleaned_data["notes"],
                by=user,
            ),
            "Check result recorded",
            then=record.arrangement.get_absolute_url(),
        )
        if saved is not None:
            return saved
    context = {
        "check": record,
        "arrangement": record.arrangement,
        "form": form,
        "may_record": may_record,
        "today": timezone.localdate(),
    }
    return render(request, "privatefostering/check.html", context)


@require_http_methods(["GET", "POST"])
def decision_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The worker proposes the suitability decision, once every check is back."""
    user = signed_in_user(request)
    record = _arrangement(request, pk)
    permissions.require(user, Action.PROPOSE_PF_SUITABILITY, record)
    if not record.is_open:
        raise Http404("This arrangement has ended.")
    form = DecisionForm(request.POST or None)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.propose_decision(
                arrangement=record,
                outcome=form.cleaned_data["outcome"],
                reasons=form.cleaned_data["reasons"],
                requirements=form.cleaned_data["requirements"],
                by=user,
            ),
            "Decision proposed: a manager of the fostering team authorises it",
        )
        if saved is not None:
            return saved
    context = {"form": form, "arrangement": record}
    return render(request, "privatefostering/decision_new.html", context)


@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    """A suitability decision; a manager of the fostering team authorises or returns it."""
    user = signed_in_user(request)
    record = permissions.get_visible_or_404(
        request,
        SuitabilityDecision,
        pk,
        action=Action.VIEW_PRIVATE_FOSTERING,
        related=("proposed_by", "reviewed_by"),
    )
    may_review = record.status == approvals.PROPOSED and permissions.can(
        user, Action.RETURN_PF_SUITABILITY, record
    )
    if request.method == "POST" and not may_review:
        raise PermissionDenied
    form = SuitabilityReviewForm(request.POST or None)
    if may_review:
        reviewed = review_approval(
            request,
            form,
            authorise=partial(services.authorise_decision, decision=record),
            give_back=partial(services.return_decision, decision=record),
            authorised="Suitability decision authorised",
            returned="Decision returned to the worker",
            then_authorised=record.arrangement.get_absolute_url(),
            then_returned=record.arrangement.get_absolute_url(),
        )
        if reviewed is not None:
            return reviewed
    context = {
        "decision": record,
        "arrangement": record.arrangement,
        "form": form,
        "may_review": may_review,
        "may_authorise": may_review
        and permissions.can(user, Action.AUTHORISE_PF_SUITABILITY, record),
    }
    return render(request, "privatefostering/decision.html", context)


@require_http_methods(["GET", "POST"])
def end(request: HttpRequest, pk: int) -> HttpResponse:
    """The arrangement ends: no more visits fall due."""
    user, record = _recording(request, pk)
    form = EndForm(request.POST or None)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.end_arrangement(
                arrangement=record,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["end_reason"],
                details=form.cleaned_data["end_details"],
                by=user,
            ),
            "Arrangement ended",
        )
        if saved is not None:
            return saved
    return render(request, "privatefostering/end.html", {"form": form, "arrangement": record})


@require_http_methods(["GET"])
def team_list(request: HttpRequest) -> HttpResponse:
    """The open arrangements of the viewer's teams (every team for the reading roles), the one
    with the earliest visit or check due first: overdue items lead."""
    user = signed_in_user(request)
    permissions.require(user, Action.VIEW_PRIVATE_FOSTERING)
    every = user.role in permissions.READ_EVERY_CHILD_ROLES
    rows = selectors.team_arrangements(
        viewer=user, team_ids=None if every else permissions.team_ids(user)
    )
    page = page_of(request, rows)
    context = {
        "page_obj": page,
        "rows": list(page.object_list),
        "query_prefix": query_without_page(request),
        "today": timezone.localdate(),
        "may_notify": permissions.can(user, Action.RECORD_PRIVATE_FOSTERING)
        and bool(services.fostering_teams(user)),
        "may_report": permissions.can(user, Action.VIEW_PF_REPORT),
    }
    return render(request, "privatefostering/team.html", context)


@require_http_methods(["GET"])
def report(request: HttpRequest) -> HttpResponse:
    """The printable annual private fostering report for the partnership, for a reporting year
    (1 April to 31 March): figures only, no child named."""
    user = signed_in_user(request)
    permissions.require(user, Action.VIEW_PF_REPORT)
    today = timezone.localdate()
    latest = today.year if today.month >= 4 else today.year - 1
    years = list(range(latest, latest - 6, -1))
    try:
        year = int(request.GET.get("year", latest))
    except (TypeError, ValueError):
        year = latest
    if year not in years:
        year = latest
    context = {"figures": selectors.annual_report(year), "years": years}
    return render(request, "privatefostering/report.html", context)

"""The composed pages: home, the child's record, the episode page and the episode's closure."""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencsc import permissions
from opencsc.accounts.models import Role
from opencsc.accounts.requests import signed_in_user
from opencsc.casework.models import Closure, Referral
from opencsc.chronology.models import ChronologyEntry
from opencsc.core.requests import page_of, query_without_page
from opencsc.core.reviews import review_approval
from opencsc.core.submissions import save_once
from opencsc.missing.access import is_police
from opencsc.notes import selectors as notes
from opencsc.people import display, record_parts
from opencsc.people.forms import ChronologyFilterForm
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.record import child_record, selectors
from opencsc.record import closure as closure_services
from opencsc.record.forms import ClosureForm, ClosureReviewForm
from opencsc.record.navigation import tray_count


def _episode(request: HttpRequest, pk: int) -> Referral:
    return permissions.get_visible_or_404(request, Referral, pk, action=Action.VIEW_EPISODE)


@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context = {
        "today": timezone.localdate(),
        "can_search": permissions.can(user, Action.SEARCH_PEOPLE),
        "can_create": permissions.can(user, Action.CREATE_PERSON),
        "can_view_access_log": permissions.can(user, Action.VIEW_ACCESS_LOG),
        "can_manage_staff": permissions.can(user, Action.MANAGE_STAFF),
        "sees_front_door": permissions.reads_front_door(user),
        "authorises_front_door": permissions.can(user, Action.AUTHORISE_DECISION),
        "is_partner": user.role == Role.PARTNER_AGENCY,
        "reports_missing": is_police(user),
        "interviews_returns": permissions.can(user, Action.OFFER_RETURN_INTERVIEW),
        "sees_exploitation_panel": permissions.can(user, Action.VIEW_PANEL),
        "private_fostering": permissions.is_in_fostering_team(user)
        or permissions.can(user, Action.VIEW_PF_REPORT),
        "holds_cases": permissions.holds_cases(user),
        "authorises_casework": permissions.can(user, Action.AUTHORISE_ASSESSMENT),
        "allocates": permissions.can(user, Action.ALLOCATE),
        "teams": list(user.teams.all()),
        "tray_count": tray_count(user) if permissions.can(user, Action.VIEW_TRAY) else None,
        "team_overdue_actions": (
            selectors.team_overdue_directed_actions(user, today=timezone.localdate())
            if permissions.can(user, Action.VIEW_TEAM_TRAY)
            else None
        ),
    }
    return render(request, "record/home.html", context)


@require_http_methods(["GET"])
def child(request: HttpRequest, pk: int) -> HttpResponse:
    """The record's summary (an adult's whole record)."""
    person = record_parts.open_part(request, pk, "record:child")
    if not isinstance(person, Person):
        return person
    user = signed_in_user(request)
    context = child_record.summary_page(person, user=user, today=timezone.localdate())
    return render(request, "record/child.html", context)


@require_http_methods(["GET"])
def chronology(request: HttpRequest, pk: int) -> HttpResponse:
    """The child's chronology, filtered by kind and searched, a page at a time."""
    person = record_parts.open_part(request, pk, "record:chronology")
    if not isinstance(person, Person):
        return person
    user = signed_in_user(request)
    filter_form = ChronologyFilterForm(request.GET or None, kinds=ChronologyEntry.Kind.choices)
    valid = filter_form.is_valid()
    kind = filter_form.cleaned_data["kind"] if valid else ""
    text = filter_form.cleaned_data["text"].strip() if valid else ""
    entries = notes.chronology_for_child(person, viewer=user, kind=kind, text=text)
    page = page_of(request, entries, count_with_page=True)
    context = record_parts.tab_page(person, current="chronology")
    context.update(
        filter_form=filter_form,
        page_obj=page,
        # A chronology line names relatives by key: read in one query whatever the page holds.
        chronology_people=display.people_for_tokens(
            (entry.summary for entry in page), known=[person], always_query=True
        ),
        query_prefix=query_without_page(request),
    )
    return render(request, "record/child_chronology.html", context)


@require_http_methods(["GET"])
def work(request: HttpRequest, pk: int) -> HttpResponse:
    """The contacts about the child and its episodes."""
    person = record_parts.open_part(request, pk, "record:work")
    if not isinstance(person, Person):
        return person
    context = child_record.work_page(person, user=signed_in_user(request))
    return render(request, "record/child_work.html", context)


@require_http_methods(["GET"])
def missing(request: HttpRequest, pk: int) -> HttpResponse:
    """The child's missing episodes and exploitation screenings and referrals."""
    person = record_parts.open_part(request, pk, "record:missing")
    if not isinstance(person, Person):
        return person
    context = child_record.missing_page(
        person, user=signed_in_user(request), today=timezone.localdate()
    )
    return render(request, "record/child_missing.html", context)


@require_http_methods(["GET"])
def fostering(request: HttpRequest, pk: int) -> HttpResponse:
    """The child's private fostering arrangements."""
    person = record_parts.open_part(request, pk, "record:fostering")
    if not isinstance(person, Person):
        return person
    context = child_record.fostering_page(person, user=signed_in_user(request))
    return render(request, "record/child_fostering.html", context)


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
    return render(request, "record/episode.html", context)


@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = _episode(request, pk)
    permissions.require(user, Action.PROPOSE_CLOSURE, referral.child)
    form = ClosureForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: closure_services.propose_closure(
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
    return render(request, "record/close.html", context)


@require_http_methods(["GET"])
def closures(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.can(user, Action.AUTHORISE_CLOSURE):
        raise PermissionDenied
    rows = selectors.closures_to_authorise(team_ids=permissions.managed_team_ids(user)).filter(
        permissions.visible_child_condition(user, "referral__child__")
    )
    context = {"page_obj": page_of(request, rows), "query_prefix": query_without_page(request)}
    return render(request, "record/closures.html", context)


@require_http_methods(["GET", "POST"])
def closure(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    record = get_object_or_404(selectors.closures_with_reviewers(), pk=pk)
    record.referral = _episode(request, record.referral_id)
    child = record.referral.child
    may_review = record.status == Closure.Status.PROPOSED and permissions.can(
        user, Action.RETURN_CLOSURE, record
    )
    if request.method == "POST" and not may_review:
        raise PermissionDenied
    form = ClosureReviewForm(request.POST or None)
    if may_review:
        reviewed = review_approval(
            request,
            form,
            authorise=partial(closure_services.authorise_closure, closure=record),
            give_back=partial(closure_services.return_closure, closure=record),
            authorised="Closure authorised: the episode is closed",
            returned="Closure returned to the worker",
            # The team no longer holds a closed case: go back to the list of closures.
            then_authorised=reverse("record:closures"),
        )
        if reviewed is not None:
            return reviewed
    page = selectors.episode_page(record.referral, user=user, today=timezone.localdate())
    context = {
        "closure": record,
        "referral": record.referral,
        "child": child,
        "page": page,
        "form": form,
        "may_review": may_review,
    }
    return render(request, "record/closure.html", context)

"""Warnings on a person: the list with their history, setting one, reviewing and ending one."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencsc import permissions
from opencsc.accounts.requests import signed_in_user
from opencsc.casework import services as casework
from opencsc.core.submissions import save_once
from opencsc.people.models import Person, PersonWarning
from opencsc.permissions import Action
from opencsc.record.banner import warnings_of
from opencsc.record.warning_forms import WarningEndForm, WarningForm, WarningReviewForm


def _warning(request: HttpRequest, pk: int, action: Action) -> PersonWarning:
    warning = permissions.get_visible_or_404(request, PersonWarning, pk, action=action)
    if not casework.may_act(signed_in_user(request), action, warning.person):
        raise PermissionDenied
    return warning


@require_http_methods(["GET"])
def warnings(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    person = permissions.get_visible_or_404(request, Person, pk, action=Action.VIEW_WARNINGS)
    context = {
        "person": person,
        "warnings": warnings_of(person),
        "may_set": casework.may_act(user, Action.SET_WARNING, person),
        "today": timezone.localdate(),
    }
    return render(request, "record/warnings.html", context)


@require_http_methods(["GET", "POST"])
def warning_set(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    person = permissions.get_visible_or_404(request, Person, pk, action=Action.SET_WARNING)
    if not casework.may_act(user, Action.SET_WARNING, person):
        raise PermissionDenied
    form = WarningForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: casework.set_warning(
                person=person,
                kind=data["kind"],
                details=data["details"],
                review_on=data["review_on"],
                by=user,
            ),
            "Warning set",
        )
        if saved is not None:
            return saved
    return render(request, "record/warning_set.html", {"person": person, "form": form})


@require_http_methods(["GET", "POST"])
def warning_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    warning = _warning(request, pk, Action.REVIEW_WARNING)
    form = WarningReviewForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: casework.review_warning(
                warning=warning,
                next_review_on=data["next_review_on"],
                note=data["note"],
                by=user,
            ),
            "Warning reviewed: it stays until its next review",
        )
        if saved is not None:
            return saved
    context = {"warning": warning, "person": warning.person, "form": form}
    return render(request, "record/warning_review.html", context)


@require_http_methods(["GET", "POST"])
def warning_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    warning = _warning(request, pk, Action.END_WARNING)
    form = WarningEndForm(request.POST or None)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: casework.end_warning(
                warning=warning, reason=form.cleaned_data["end_reason"], by=user
            ),
            "Warning ended: it stays in the person's history of warnings",
        )
        if saved is not None:
            return saved
    context = {"warning": warning, "person": warning.person, "form": form}
    return render(request, "record/warning_end.html", context)

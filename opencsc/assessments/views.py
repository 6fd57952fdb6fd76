"""Pages of the child and family assessment: start, record, submit, and the manager's review."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencsc import permissions
from opencsc.accounts.requests import signed_in_user
from opencsc.assessments import selectors, services
from opencsc.assessments.forms import AssessmentForm, AssessmentReviewForm, StartForm, SubmitForm
from opencsc.assessments.models import Assessment
from opencsc.casework import selectors as casework
from opencsc.casework.models import Referral
from opencsc.core.requests import page_of, query_without_page
from opencsc.core.reviews import review_approval
from opencsc.core.submissions import save_once
from opencsc.permissions import Action


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    return permissions.get_visible_or_404(
        request, Assessment, pk, action=Action.VIEW_ASSESSMENT, related=selectors.PAGE_RELATED
    )


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, referral_pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = permissions.get_visible_or_404(
        request, Referral, referral_pk, action=Action.VIEW_EPISODE
    )
    permissions.require(user, Action.START_ASSESSMENT, referral.child)
    allocation = casework.current_allocation(referral.child)
    form = StartForm(
        request.POST or None,
        workers=casework.case_workers(referral.child, also=user),
        sibling_episodes=selectors.sibling_episodes_to_offer(referral.child, user=user),
        viewer=user,
        initial={
            "started_on": timezone.localdate(),
            "worker": (allocation.worker if allocation and allocation.worker else user),
        },
    )
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: services.start_assessment(
                referral=referral,
                siblings=form.chosen_siblings(),
                started_on=data["started_on"],
                worker=data["worker"],
                by=user,
            ),
            "Assessment started",
        )
        if saved is not None:
            return saved
    context = {"referral": referral, "child": referral.child, "form": form}
    return render(request, "assessments/start.html", context)


@require_http_methods(["GET"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    assessment = _assessment(request, pk)
    page = selectors.assessment_page(assessment, user)
    context = {
        "assessment": assessment,
        "child": assessment.child,
        "page": page,
        "today": timezone.localdate(),
        "can_edit": permissions.can(user, Action.UPDATE_ASSESSMENT, assessment)
        and assessment.is_editable,
        "can_review": permissions.can(user, Action.AUTHORISE_ASSESSMENT, assessment)
        and assessment.status == Assessment.Status.PROPOSED,
    }
    return render(request, "assessments/detail.html", context)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    assessment = _assessment(request, pk)
    permissions.require(user, Action.UPDATE_ASSESSMENT, assessment)
    if not assessment.is_editable:
        messages.info(request, f"This assessment is {assessment.get_status_display().lower()}.")
        return redirect(assessment)
    form = AssessmentForm.for_assessment(assessment, request.POST or None)
    if form.is_valid():
        details = form.details()
        going_on = request.POST.get("next") == "submit"
        saved = save_once(
            request,
            form,
            lambda: services.update_assessment(assessment=assessment, details=details, by=user),
            "Assessment saved",
        )
        if saved is not None:
            if going_on:
                return redirect("assessments:submit", pk=assessment.pk)
            return saved
    context = {
        "assessment": assessment,
        "child": assessment.child,
        "form": form,
        "siblings": selectors.assessment_page(assessment, user).siblings,
    }
    return render(request, "assessments/edit.html", context)


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    assessment = _assessment(request, pk)
    permissions.require(user, Action.SUBMIT_ASSESSMENT, assessment)
    if not assessment.is_editable:
        messages.info(request, f"This assessment is {assessment.get_status_display().lower()}.")
        return redirect(assessment)
    form = SubmitForm(request.POST or None)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.submit_assessment(assessment=assessment, by=user),
            "Assessment sent to a manager to authorise",
        )
        if saved is not None:
            return saved
    context = {
        "assessment": assessment,
        "child": assessment.child,
        "page": selectors.assessment_page(assessment, user),
        # Each missing answer links to its box on the edit page (a date's first box is _0).
        "missing": [
            (message, f"id_{name}_0" if name == "seen_on" else f"id_{name}")
            for name, message in services.missing_for_submission(assessment).items()
        ],
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "assessments/submit.html", context)


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    assessment = _assessment(request, pk)
    permissions.require(user, Action.RETURN_ASSESSMENT, assessment)
    if assessment.status != Assessment.Status.PROPOSED and request.method == "GET":
        messages.info(request, f"This assessment is {assessment.get_status_display().lower()}.")
        return redirect(assessment)
    form = AssessmentReviewForm(request.POST or None)
    reviewed = review_approval(
        request,
        form,
        authorise=partial(services.authorise_assessment, assessment=assessment),
        give_back=partial(services.return_assessment, assessment=assessment),
        authorised=f"Assessment authorised: {assessment.get_outcome_display()}",
        returned="Assessment returned for more work",
    )
    if reviewed is not None:
        return reviewed
    context = {
        "assessment": assessment,
        "child": assessment.child,
        "page": selectors.assessment_page(assessment, user),
        "form": form,
        "today": timezone.localdate(),
        "siblings_in_protection": selectors.siblings_in_protection(assessment.child, user=user),
    }
    return render(request, "assessments/review.html", context)


@require_http_methods(["GET"])
def awaiting(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.can(user, Action.AUTHORISE_ASSESSMENT):
        raise PermissionDenied
    rows = selectors.awaiting_authorisation(user)
    page_obj = page_of(request, rows)
    context = {
        "page_obj": page_obj,
        "query_prefix": query_without_page(request),
        "today": timezone.localdate(),
    }
    return render(request, "assessments/awaiting.html", context)

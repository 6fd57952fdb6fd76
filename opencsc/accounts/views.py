"""Sign in and out; administrators' staff and team pages, and the approval of roles that read every
child."""

from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

from opencsc import permissions
from opencsc.accounts import oidc, selectors, services, sessions
from opencsc.accounts.forms import (
    EditStaffForm,
    NewStaffForm,
    RoleGrantReviewForm,
    SignInForm,
    StaffFilterForm,
    TeamForm,
)
from opencsc.accounts.models import RoleGrant, User
from opencsc.accounts.requests import signed_in_user
from opencsc.accounts.signin import services as second_factor
from opencsc.core.requests import page_of, query_without_page
from opencsc.core.reviews import review_approval
from opencsc.core.submissions import save_once
from opencsc.permissions import Action


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "single_sign_on": oidc.enabled(),
            "session_max_hours": settings.OPENCSC_SESSION_MAX_HOURS,
        }

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        # With a second factor to come, the sign-in is recorded once the code is given.
        if isinstance(user, User) and not second_factor.requires_second_factor(user):
            second_factor.record_sign_in(user=user, how="password")
        return response


def _admin(request: HttpRequest) -> User:
    user = signed_in_user(request)
    permissions.require(user, Action.MANAGE_STAFF)
    return user


@require_http_methods(["GET"])
def staff_list(request: HttpRequest) -> HttpResponse:
    _admin(request)
    form = StaffFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    users = selectors.staff_list(
        role=filters.get("role", ""),
        team_id=filters["team"].pk if filters.get("team") else None,
        name=filters.get("name", ""),
        active=filters.get("active", ""),
    )
    context = {
        "form": form,
        "page_obj": page_of(request, users),
        "query_prefix": query_without_page(request),
        "teams": selectors.teams_with_counts(),
        "waiting_role_grants": selectors.waiting_role_grant_count(),
    }
    return render(request, "accounts/staff_list.html", context)


def _waiting_words(user: User) -> str:
    grant = services.waiting_grant(user)
    if grant is None:
        return ""
    return f". The role {grant.get_role_display()} waits for another administrator's approval" + (
        ": until then the account stays deactivated" if grant.for_new_account else ""
    )


def _created_message(user: User) -> str:
    return f"Account created for {user.display_name} ({user.username}){_waiting_words(user)}"


def _updated_message(user: User) -> str:
    return f"{user.display_name}'s account updated{_waiting_words(user)}"


@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    form = NewStaffForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: services.create_staff(
                username=data["username"],
                password=data["password"],
                details=form.details(),
                by=admin,
            ),
            _created_message,
            then=reverse("accounts:staff-list"),
        )
        if saved:
            return saved
    return render(request, "accounts/staff_form.html", {"form": form, "creating": True})


@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    admin = _admin(request)
    member = get_object_or_404(selectors.staff_accounts(), pk=pk)
    initial = {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "job_title": member.job_title,
        "role": member.role,
        "agency": member.agency_id,
        "teams": list(member.memberships.values_list("team_id", flat=True)),
    }
    form = EditStaffForm(request.POST or None, initial=initial)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.update_staff(user=member, details=form.details(), by=admin),
            _updated_message,
            then=reverse("accounts:staff-list"),
        )
        if saved is not None:
            return saved
    context = {
        "form": form,
        "member": member,
        "creating": False,
        "waiting_grant": services.waiting_grant(member),
    }
    return render(request, "accounts/staff_form.html", context)


@require_http_methods(["POST"])
def staff_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    admin = _admin(request)
    member = get_object_or_404(selectors.staff_accounts(), pk=pk)
    choice = request.POST.get("active")
    if choice not in {"yes", "no"}:
        messages.error(request, "Choose whether to deactivate or reactivate the account")
        return redirect(reverse("accounts:staff-edit", args=[member.pk]))
    activate = choice == "yes"
    try:
        services.set_staff_active(user=member, is_active=activate, by=admin)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{member.display_name}'s account {'reactivated' if activate else 'deactivated'}",
        )
    return redirect(reverse("accounts:staff-edit", args=[member.pk]))


@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    form = TeamForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: services.create_team(name=data["name"], kind=data["kind"], by=admin),
            lambda team: f"Team {team.name} added",
            then=reverse("accounts:staff-list"),
        )
        if saved:
            return saved
    return render(request, "accounts/team_form.html", {"form": form})


@require_http_methods(["GET"])
def role_grants(request: HttpRequest) -> HttpResponse:
    _admin(request)
    grants = selectors.role_grants()
    return render(request, "accounts/role_grants.html", {"page_obj": page_of(request, grants)})


@require_http_methods(["GET", "POST"])
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    admin = _admin(request)
    grant = get_object_or_404(selectors.role_grants(), pk=pk)
    # A late second answer is posted to the service, which says who answered first.
    may_answer = grant.status == RoleGrant.Status.PROPOSED or request.method == "POST"
    form = RoleGrantReviewForm(request.POST or None)
    if may_answer:
        reviewed = review_approval(
            request,
            form,
            authorise=partial(services.authorise_role_grant, grant=grant),
            give_back=partial(services.return_role_grant, grant=grant),
            authorised=f"Approved: {grant.account.display_name} is now {grant.get_role_display()}",
            returned="Role change turned down",
            then_authorised=reverse("accounts:role-grants"),
            then_returned=reverse("accounts:role-grants"),
        )
        if reviewed is not None:
            return reviewed
    context = {
        "grant": grant,
        "form": form,
        "may_answer": may_answer,
        "refusal": services.approval_refusal(grant, admin),
    }
    return render(request, "accounts/role_grant.html", context)


@require_http_methods(["POST"])
def stay_signed_in(request: HttpRequest) -> HttpResponse:
    """Restart the idle clock now: the timeout warning's "Stay signed in" (WCAG 2.2.1). Other
    requests restart it at most once every OPENCSC_SESSION_TOUCH_SECONDS; this one always, and
    does nothing else. Sent by the page's script it answers 204; sent as a plain form, it goes to
    the home page (the page's address is never printed in the form: a page about a hidden record
    must not echo its id)."""
    permissions.require(signed_in_user(request), Action.STAY_SIGNED_IN)
    sessions.restart_idle_clock(request, now_too=True)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return redirect("record:home")

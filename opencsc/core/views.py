"""The home page and the service's public pages."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencsc import permissions
from opencsc.accounts.models import Role
from opencsc.core.requests import signed_in_user
from opencsc.permissions import Action


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
        "authorises_front_door": permissions.authorises_front_door(user),
        "is_partner": user.role == Role.PARTNER_AGENCY,
        "holds_cases": permissions.holds_cases(user),
        "authorises_casework": permissions.can(user, Action.AUTHORISE_CASEWORK),
        "allocates": permissions.allocates_referrals(user),
        "teams": list(user.teams.all()),
    }
    return render(request, "core/home.html", context)


@login_not_required
@require_http_methods(["GET"])
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@login_not_required
@require_http_methods(["GET"])
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")

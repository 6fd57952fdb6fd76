"""The administrator's access-log page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from opencsc import permissions
from opencsc.accounts.requests import signed_in_user
from opencsc.audit import selectors
from opencsc.audit.forms import AccessLogFilterForm
from opencsc.core.requests import page_of, query_without_page
from opencsc.permissions import Action

ACCESS_LOG_COUNTED = 10_000


@require_http_methods(["GET"])
def access_log(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    permissions.require(user, Action.VIEW_ACCESS_LOG)
    form = AccessLogFilterForm(request.GET or None)
    if not form.is_bound:
        rows = selectors.access_log()
    elif form.is_valid():
        data = form.cleaned_data
        rows = selectors.access_log(
            child_id=data["child"],
            username=data["username"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            views_only=data["views_only"],
            action=data["action"],
        )
    else:
        rows = selectors.no_entries()
    context = {
        "form": form,
        # Millions of rows in a few years: count the first ACCESS_LOG_COUNTED, then "more than".
        "page_obj": page_of(request, rows, count_up_to=ACCESS_LOG_COUNTED),
        "query_prefix": query_without_page(request),
    }
    return render(request, "audit/access_log.html", context)

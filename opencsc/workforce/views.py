"""Pages of workforce: a worker's caseload and tray, the team manager's caseloads page, alert list
and team tray."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencsc import permissions
from opencsc.accounts.requests import signed_in_user
from opencsc.audit import services as audit
from opencsc.core.requests import page_of, query_without_page
from opencsc.core.rows import CompiledRows
from opencsc.core.submissions import save_once
from opencsc.permissions import Action
from opencsc.workforce import selectors, services
from opencsc.workforce import tray as tray_selectors
from opencsc.workforce.alerts import ALERT_RULES
from opencsc.workforce.forms import AcknowledgeForm, AlertFilterForm, MarkAsReadForm


@require_http_methods(["GET"])
def my_caseload(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if user.role not in permissions.CASE_HOLDING_ROLES:
        raise PermissionDenied
    page_obj = page_of(request, selectors.my_caseload(user, today=timezone.localdate()))
    standard = selectors.caseload_standard()
    open_cases = page_obj.paginator.count
    context = {
        "page_obj": page_obj,
        "query_prefix": query_without_page(request),
        "open_cases": open_cases,
        "standard": standard,
        "over_standard": open_cases > standard,
        "excess": open_cases - standard,
    }
    return render(request, "workforce/my_caseload.html", context)


@require_http_methods(["GET"])
def team_caseloads(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    team_ids = permissions.managed_team_ids(user)
    if not permissions.can(user, Action.VIEW_CASELOADS) or team_ids == []:
        raise PermissionDenied
    today = timezone.localdate()
    context = {
        "teams": list(selectors.overseen_teams(team_ids)),
        "page_obj": page_of(request, selectors.team_caseloads(team_ids, today=today)),
        "query_prefix": query_without_page(request),
        "standard": selectors.caseload_standard(),
    }
    return render(request, "workforce/team_caseloads.html", context)


@require_http_methods(["GET"])
def alerts(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.can(user, Action.ACKNOWLEDGE_ALERT):
        raise PermissionDenied
    today = timezone.localdate()
    acknowledged = request.GET.get("tab") == "acknowledged"
    form = AlertFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    items = selectors.manager_alerts(
        user, today=today, now=timezone.now(), acknowledged=acknowledged, kind=kind
    )
    page_obj = page_of(request, items)
    context = {
        "form": form,
        "page_obj": page_obj,
        "alerts": selectors.as_alerts(list(page_obj), today=today),
        "query_prefix": query_without_page(request),
        "acknowledged": acknowledged,
        "kind": kind,
    }
    return render(request, "workforce/alerts.html", context)


@require_http_methods(["GET", "POST"])
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.can(user, Action.ACKNOWLEDGE_ALERT):
        raise PermissionDenied
    item = get_object_or_404(selectors.alert_scope(user), pk=pk)
    today = timezone.localdate()
    audit.log_view(by=user, child=item.child, record=item, action=Action.ACKNOWLEDGE_ALERT)
    form = AcknowledgeForm(request.POST or None)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.acknowledge_alert(
                due_item=item, note=form.cleaned_data["note"], by=user
            ),
            f"Alert acknowledged: {item.summary}",
            then=reverse("workforce:alerts"),
        )
        if saved:
            return saved
    context = {
        "alert": selectors.as_alerts([item], today=today)[0],
        "item": item,
        "form": form,
        "rule": ALERT_RULES[item.rule],
    }
    return render(request, "workforce/acknowledge.html", context)


@require_http_methods(["GET"])
def tray(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.can(user, Action.VIEW_TRAY):
        raise PermissionDenied
    today = timezone.localdate()
    page_obj = page_of(request, tray_selectors.worker_tray(user, today=today))
    lines = tray_selectors.tray_lines(user, list(page_obj), today=today)
    for line in lines:
        line.key = str(uuid.uuid4())
    context = {
        "page_obj": page_obj,
        "lines": lines,
        "query_prefix": query_without_page(request),
    }
    return render(request, "workforce/tray.html", context)


@require_http_methods(["GET"])
def open_item(request: HttpRequest, pk: int) -> HttpResponse:
    """A tray line whose record has no page of its own in the tray's table: the record's page
    (or the child's record), found now. The page opened checks what the user may see."""
    user = signed_in_user(request)
    if not permissions.can(user, Action.VIEW_TRAY):
        raise PermissionDenied
    item = get_object_or_404(tray_selectors.own_items(user).select_related("record_type"), pk=pk)
    return redirect(tray_selectors.item_url(item))


@require_http_methods(["POST"])
def mark_as_read(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.can(user, Action.MARK_AS_READ):
        raise PermissionDenied
    # Only the item's owner finds it: anyone else's item answers 404, like one that does not exist.
    item = get_object_or_404(tray_selectors.own_items(user), pk=pk)
    form = MarkAsReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That form could not be read: try again from your tray.")
        return redirect("workforce:tray")
    saved = save_once(
        request,
        form,
        lambda: services.mark_as_read(due_item=item, by=user),
        f"Marked as read: {item.summary}",
        then=reverse("workforce:tray"),
    )
    if saved:
        return saved
    for error in form.non_field_errors():
        messages.error(request, str(error))
    return redirect("workforce:tray")


@require_http_methods(["GET"])
def team_tray(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.can(user, Action.VIEW_TEAM_TRAY):
        raise PermissionDenied
    today = timezone.localdate()
    page_obj = page_of(request, CompiledRows(tray_selectors.team_tray(user, today=today)))
    context = {
        "page_obj": page_obj,
        "lines": tray_selectors.team_tray_lines(list(page_obj), today=today),
        "query_prefix": query_without_page(request),
    }
    return render(request, "workforce/team_tray.html", context)

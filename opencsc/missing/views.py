"""Pages of missing episodes: record one (staff from the child's record or a search; the police
on their partner pages), an episode, the return, the MASH's list, matching a child the police
named, and the MASH's decision. Each gets its record through the permissions gate, then a form and
a service."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencsc import permissions
from opencsc.accounts.models import Role, User
from opencsc.accounts.requests import signed_in_user, team_staff_form
from opencsc.audit import services as audit
from opencsc.core.replica import REPLICA_LAG_MESSAGE
from opencsc.core.requests import page_of, query_without_page
from opencsc.core.submissions import save_once
from opencsc.missing import report, selectors, services, tracking
from opencsc.missing.access import is_police
from opencsc.missing.codes import ExploitationIndicator
from opencsc.missing.forms import (
    ActionForm,
    AttemptForm,
    EpisodeForm,
    FollowUpForm,
    InterviewForm,
    PoliceEpisodeForm,
    ReportPeriodForm,
    ReturnForm,
)
from opencsc.missing.models import MissingEpisode
from opencsc.people import display
from opencsc.people.child_search import child_search, found_child_or_404, named_search
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.timescales import rules


def _episode(request: HttpRequest, pk: int) -> MissingEpisode:
    return permissions.get_visible_or_404(
        request, MissingEpisode, pk, action=Action.VIEW_MISSING_EPISODE
    )


def _police(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not is_police(user):
        raise PermissionDenied
    return user


def _staff_child(request: HttpRequest, user: User, pk: int) -> Person:
    """The child staff record an episode about: for the MASH any child's record it may find
    (logged as a view), for others a record they may open."""
    if permissions.works_front_door(user):
        child = found_child_or_404(user, pk)
        audit.log_view(by=user, child=child, record=child, action=Action.RECORD_MISSING_EPISODE)
        permissions.note_subjects(request, [child])
        return child
    child = permissions.get_visible_or_404(request, Person, pk, action=Action.VIEW_PERSON)
    if not child.is_child:
        raise Http404("No such record.")
    return child


@require_http_methods(["GET"])
def start(request: HttpRequest) -> HttpResponse:
    """Find the child in the person index first, so an episode never duplicates a record."""
    user = signed_in_user(request)
    permissions.require(user, Action.RECORD_MISSING_EPISODE)
    if user.role == Role.PARTNER_AGENCY:
        return redirect("missing:police-new")
    context = child_search(request, user, request.GET or None)
    return render(request, "missing/start.html", context)


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff record a child missing, from the child's record or a search."""
    user = signed_in_user(request)
    permissions.require(user, Action.RECORD_MISSING_EPISODE)
    if user.role == Role.PARTNER_AGENCY:
        raise PermissionDenied
    child = _staff_child(request, user, pk)
    form = EpisodeForm(request.POST or None, initial={"absence": "missing"})
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.record_episode(details=form.details(), child=child, by=user),
            "Missing episode recorded",
        )
        if saved is not None:
            return saved
    return render(request, "missing/new.html", {"form": form, "child": child})


@require_http_methods(["GET", "POST"])
def police_new(request: HttpRequest) -> HttpResponse:
    """The police report a child missing, naming the child: the MASH finds the record."""
    user = _police(request)
    form = PoliceEpisodeForm(request.POST or None, initial={"absence": "missing"})
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.record_episode(
                details=form.details(), named=form.named_child(), by=user
            ),
            "Missing episode sent to the council",
        )
        if saved is not None:
            return saved
    return render(request, "missing/police_new.html", {"form": form})


@require_http_methods(["GET"])
def police_list(request: HttpRequest) -> HttpResponse:
    """The missing episodes the police force recorded: theirs only."""
    user = _police(request)
    context = {
        "page_obj": page_of(request, selectors.partner_episodes(user=user)),
        "query_prefix": query_without_page(request),
    }
    return render(request, "missing/police_list.html", context)


@require_http_methods(["GET"])
def episode(request: HttpRequest, pk: int) -> HttpResponse:
    """A missing episode: the report, the return and the interview's deadline. A partner agency
    sees what it supplied, never the record the MASH matched."""
    user = signed_in_user(request)
    record = _episode(request, pk)
    is_partner = user.role == Role.PARTNER_AGENCY
    is_interviewer = user.role == Role.RETURN_INTERVIEW_OFFICER
    works_front_door = permissions.works_front_door(user)
    # Asked whether or not the child has returned, so the page's queries are the same for each.
    records_return = permissions.can(user, Action.RECORD_MISSING_RETURN, record)
    context = {
        "episode": record,
        "is_partner": is_partner,
        "is_interviewer": is_interviewer,
        "can_see_interview": record.returned_at is not None
        and permissions.can(user, Action.VIEW_RETURN_INTERVIEW),
        "child_shown": None
        if is_partner or is_interviewer or record.child is None
        else display.shown_person(user, record.child),
        "interview": None if is_partner else selectors.interview_item(record),
        "can_return": record.returned_at is None and records_return,
        "can_match": record.child_id is None and works_front_door,
        "can_decide": works_front_door
        and record.child_id is not None
        and record.held_by_team_id is None
        and not record.follow_up,
    }
    return render(request, "missing/episode.html", context)


@require_http_methods(["GET", "POST"])
def record_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the child found or returned, with the police's safe and well check."""
    user = signed_in_user(request)
    record = _episode(request, pk)
    permissions.require(user, Action.RECORD_MISSING_RETURN, record)
    if record.returned_at is not None:
        messages.info(request, "The child's return is already recorded.")
        return redirect(record)
    form = ReturnForm(request.POST or None)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.record_return(
                episode=record,
                returned_at=form.cleaned_data["returned_at"],
                found_where=form.cleaned_data["found_where"],
                safe_and_well=form.safe_and_well(),
                by=user,
            ),
            "Return recorded: the return home interview is due within 72 hours",
        )
        if saved is not None:
            return saved
    return render(request, "missing/return.html", {"form": form, "episode": record})


@require_http_methods(["GET"])
def mash_list(request: HttpRequest) -> HttpResponse:
    """The MASH's list: children the police named and not matched yet, and children no team
    holds, waiting for the MASH's decision; oldest first."""
    user = signed_in_user(request)
    permissions.require(user, Action.MATCH_MISSING_CHILD)
    context = {
        "page_obj": page_of(request, selectors.for_the_mash(viewer=user)),
        "query_prefix": query_without_page(request),
        "now": timezone.now(),
    }
    return render(request, "missing/mash_list.html", context)


@require_http_methods(["GET", "POST"])
def match(request: HttpRequest, pk: int) -> HttpResponse:
    """Match the child the police named to their record, found by the person search."""
    user = signed_in_user(request)
    permissions.require(user, Action.MATCH_MISSING_CHILD)
    record = _episode(request, pk)
    if record.child_id is not None:
        messages.info(request, "This episode's child has already been matched.")
        return redirect(record)
    if request.method == "POST":
        child = found_child_or_404(user, request.POST.get("child"))
        try:
            services.match_child(episode=record, child=child, by=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{display.name_of(user, child)} matched")
            return redirect(record)
    searched = any(key != "page" for key in request.GET)
    data = request.GET if searched else named_search(record.given_name, record.given_date_of_birth)
    context = child_search(request, user, data) | {"episode": record}
    return render(request, "missing/match.html", context)


@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The MASH decides whether a contact follows, for a child no team holds."""
    user = signed_in_user(request)
    permissions.require(user, Action.DECIDE_MISSING_FOLLOW_UP)
    record = _episode(request, pk)
    form = FollowUpForm(request.POST or None)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.decide_follow_up(
                episode=record,
                follow_up=form.cleaned_data["follow_up"],
                reason=form.cleaned_data["follow_up_reason"],
                by=user,
            ),
            "Decision recorded",
        )
        if saved is not None:
            return saved
    return render(request, "missing/decide.html", {"form": form, "episode": record})


def _interview_episode(request: HttpRequest, pk: int) -> MissingEpisode:
    """A returned episode, through the gate (logged against its child) for the interview."""
    record = permissions.get_visible_or_404(
        request,
        MissingEpisode,
        pk,
        action=Action.VIEW_RETURN_INTERVIEW,
        related=("child__household__address",),
    )
    if record.returned_at is None:
        raise Http404("No such record.")
    return record


@require_http_methods(["GET"])
def interviews(request: HttpRequest) -> HttpResponse:
    """The return interview officer's list: returned episodes awaiting their interview, the
    longest since the return (the overdue) first, with the hours since the return."""
    user = signed_in_user(request)
    permissions.require(user, Action.OFFER_RETURN_INTERVIEW)
    now = timezone.now()
    page_obj = page_of(request, selectors.awaiting_interview(viewer=user))
    rows = [
        (episode, int((now - episode.returned_at).total_seconds() // 3600))
        for episode in page_obj
        if episode.returned_at is not None
    ]
    context = {
        "page_obj": page_obj,
        "rows": rows,
        "query_prefix": query_without_page(request),
    }
    return render(request, "missing/interviews.html", context)


@require_http_methods(["GET"])
def interview(request: HttpRequest, pk: int) -> HttpResponse:
    """The return home interview of an episode: the child (name, date of birth, address), the
    72 hours, every offer and attempt, the interview held and its actions."""
    user = signed_in_user(request)
    record = _interview_episode(request, pk)
    held = selectors.interview_of(record)
    context = {
        "episode": record,
        "item": selectors.interview_item(record),
        "attempts": selectors.attempts_of(record),
        "held": held,
        "actions": selectors.actions_of(held),
        "indicators": [
            ExploitationIndicator(code).label
            for code in (held.indicators if held else [])
            if code in ExploitationIndicator.values
        ],
        "can_offer": held is None and permissions.can(user, Action.OFFER_RETURN_INTERVIEW),
        "can_record": permissions.can(user, Action.RECORD_RETURN_INTERVIEW),
        "now": timezone.now(),
    }
    return render(request, "missing/interview.html", context)


@require_http_methods(["GET", "POST"])
def interview_offer(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the interview offered, or an attempt to reach the child."""
    user = signed_in_user(request)
    record = _interview_episode(request, pk)
    permissions.require(user, Action.OFFER_RETURN_INTERVIEW)
    form = AttemptForm(request.POST or None)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.record_attempt(
                episode=record,
                attempted_at=form.cleaned_data["attempted_at"],
                method=form.cleaned_data["method"],
                outcome=form.cleaned_data["outcome"],
                notes=form.cleaned_data["notes"],
                by=user,
            ),
            "Offer recorded",
        )
        if saved is not None:
            return saved
    return render(request, "missing/interview_offer.html", {"form": form, "episode": record})


@require_http_methods(["GET", "POST"])
def interview_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the interview held, and what the child said."""
    user = signed_in_user(request)
    record = _interview_episode(request, pk)
    permissions.require(user, Action.RECORD_RETURN_INTERVIEW)
    if selectors.interview_of(record) is not None:
        messages.info(request, "The return home interview is already recorded.")
        return redirect("missing:interview", record.pk)
    form = InterviewForm(request.POST or None)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.record_interview(episode=record, details=form.details(), by=user),
            "Return home interview recorded",
        )
        if saved is not None:
            return saved
    return render(request, "missing/interview_record.html", {"form": form, "episode": record})


@require_http_methods(["GET", "POST"])
def interview_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an action the interview agreed, with its owner and due date."""
    user = signed_in_user(request)
    record = _interview_episode(request, pk)
    permissions.require(user, Action.RECORD_RETURN_INTERVIEW)
    held = selectors.interview_of(record)
    if held is None:
        messages.info(request, "Record the interview first.")
        return redirect("missing:interview", record.pk)
    form, showing = team_staff_form(request, user, ActionForm)
    if not showing and form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.add_action(
                interview=held,
                action=form.cleaned_data["action"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                by=user,
            ),
            "Action added",
        )
        if saved is not None:
            return saved
    return render(request, "missing/interview_action.html", {"form": form, "episode": record})


@require_http_methods(["GET"])
def tracking_lists(request: HttpRequest) -> HttpResponse:
    """The managers' tracking lists: children missing now, returned and awaiting a return home
    interview (overdue first), interviews overdue; for the children the viewer tracks."""
    user = signed_in_user(request)
    permissions.require(user, Action.VIEW_MISSING_TRACKING)
    now = timezone.now()
    shown = request.GET.get("list", "")
    if shown not in tracking.LISTS:
        shown = tracking.MISSING_NOW
    page_obj = page_of(request, tracking.tracking_list(user, shown, now=now))
    counts = {key: tracking.tracking_list(user, key, now=now).count() for key in tracking.LISTS}
    context = {
        "tabs": [(key, label, counts[key]) for key, label in tracking.LISTS.items()],
        "shown": shown,
        "shown_label": tracking.LISTS[shown],
        "page_obj": page_obj,
        "lines": tracking.lines(list(page_obj), now=now),
        "query_prefix": query_without_page(request),
        "can_report": permissions.can(user, Action.VIEW_MISSING_REPORT),
        "repeat_rule": rules.REPEAT_MISSING,
        "repeat_days": rules.REPEAT_MISSING.effective()[1],
    }
    return render(request, "missing/tracking.html", context)


@require_http_methods(["GET"])
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every missing episode of a child, newest first, with the return and the interview."""
    user = signed_in_user(request)
    child = permissions.get_visible_or_404(request, Person, pk, action=Action.VIEW_PERSON)
    if not child.is_child:
        raise Http404("No such record.")
    context = {
        "child": child,
        "page_obj": page_of(request, tracking.history(child, viewer=user)),
        "query_prefix": query_without_page(request),
        "now": timezone.now(),
    }
    return render(request, "missing/history.html", context)


def _report_period(request: HttpRequest) -> tuple[ReportPeriodForm, tuple[date, date] | None]:
    """The report's form and period: the last 12 months until the form is sent, then the dates
    it gives (None while they are wrong)."""
    if not any(key.startswith("date_") for key in request.GET):
        start, end = report.default_period(timezone.localdate())
        return ReportPeriodForm(initial={"date_from": start, "date_to": end}), (start, end)
    form = ReportPeriodForm(request.GET)
    if form.is_valid():
        return form, (form.cleaned_data["date_from"], form.cleaned_data["date_to"])
    return form, None


@require_http_methods(["GET"])
def missing_report(request: HttpRequest) -> HttpResponse:
    """The missing children report for a period: episodes and children, missing and absent,
    interviews offered within 72 hours and held, known and not known side by side, by risk."""
    user = signed_in_user(request)
    permissions.require(user, Action.VIEW_MISSING_REPORT)
    form, period = _report_period(request)
    figures = report.missing_report(*period) if period is not None else None
    context = {
        "form": form,
        "report": figures,
        "columns": report.COLUMNS,
        "risk_measures": report.RISK_MEASURES,
        "download_query": request.GET.urlencode(),
        "can_see_exploitation_report": permissions.can(user, Action.VIEW_EXPLOITATION_REPORT),
        "replica_lag_message": REPLICA_LAG_MESSAGE,
    }
    return render(request, "missing/report.html", context)


@require_http_methods(["GET"])
def missing_report_csv(request: HttpRequest) -> HttpResponse:
    """The report's figures as a CSV file, safe to open in a spreadsheet."""
    user = signed_in_user(request)
    permissions.require(user, Action.VIEW_MISSING_REPORT)
    _, period = _report_period(request)
    if period is None:
        query = request.GET.urlencode()
        return redirect(f"{reverse('missing:report')}?{query}")
    figures = report.missing_report(*period)
    response = HttpResponse(report.as_csv(figures), content_type="text/csv; charset=utf-8")
    filename = f"missing-children-{period[0].isoformat()}-to-{period[1].isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

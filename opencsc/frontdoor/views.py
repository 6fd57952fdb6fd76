"""Pages of the front door: the MASH's worklists, a contact from receipt to decision, the manager's
authorisations, the daily meeting, and a partner agency's own contacts and checks."""

from collections.abc import Mapping
from datetime import timedelta
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencsc import permissions
from opencsc.accounts import selectors as accounts
from opencsc.accounts.models import Role, User
from opencsc.accounts.requests import signed_in_user
from opencsc.core.requests import id_or_404, page_of, query_without_page, showing_staff
from opencsc.core.reviews import review_approval
from opencsc.core.submissions import save_once
from opencsc.frontdoor import selectors, services
from opencsc.frontdoor.codes import AGENCY_REFERRAL_SOURCE, ContactMethod
from opencsc.frontdoor.forms import (
    CheckRequestForm,
    CheckReturnForm,
    ConsentForm,
    ContactToldForm,
    DecisionForm,
    DecisionReviewForm,
    MashContactForm,
    MeetingChoiceForm,
    MeetingOutcomeForm,
    OverrideRequestForm,
    OverrideReviewForm,
    PartnerContactForm,
    QueueFilterForm,
    RatingForm,
)
from opencsc.frontdoor.models import (
    AgencyCheck,
    ConsentOverride,
    Contact,
    ContactChild,
    ContactDecision,
)
from opencsc.people import display
from opencsc.people.child_search import child_search, found_child_or_404, named_search
from opencsc.permissions import Action

OVERRIDES_SHOWN = 25


def _worklist(request: HttpRequest, *, mine: bool) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.reads_front_door(user):
        raise PermissionDenied
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.QueueFilters(
        rating=data.get("rating", ""),
        status=data.get("status", ""),
        overdue_only=data.get("overdue", False),
        practitioner=user if mine else None,
    )
    contacts = selectors.mash_queue(
        user=user, now=timezone.now(), today=timezone.localdate(), filters=filters
    )
    context = {
        "form": form,
        "page_obj": page_of(request, contacts),
        "query_prefix": query_without_page(request),
        "mine": mine,
        "tab": "mine" if mine else "queue",
        "can_record": permissions.can(user, Action.RECORD_CONTACT),
    }
    return render(request, "frontdoor/queue.html", context)


@require_http_methods(["GET"])
def queue(request: HttpRequest) -> HttpResponse:
    return _worklist(request, mine=False)


@require_http_methods(["GET"])
def my_work(request: HttpRequest) -> HttpResponse:
    return _worklist(request, mine=True)


@require_http_methods(["GET"])
def overdue_checks(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.reads_front_door(user):
        raise PermissionDenied
    checks = selectors.overdue_checks(user=user, now=timezone.now(), today=timezone.localdate())
    context = {
        "page_obj": page_of(request, checks),
        "query_prefix": query_without_page(request),
        "tab": "checks",
    }
    return render(request, "frontdoor/overdue_checks.html", context)


@require_http_methods(["GET"])
def contact_start(request: HttpRequest) -> HttpResponse:
    """Find the child in the person index first, so a contact never duplicates a record."""
    user = signed_in_user(request)
    permissions.require(user, Action.RECORD_CONTACT)
    if user.role == Role.PARTNER_AGENCY:
        return redirect("frontdoor:partner-contact-create")
    context = child_search(request, user, request.GET or None)
    return render(request, "frontdoor/contact_start.html", context)


@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, child_id: int) -> HttpResponse:
    user = signed_in_user(request)
    permissions.require(user, Action.RECORD_CONTACT)
    child = found_child_or_404(user, child_id)
    form = MashContactForm(request.POST or None)
    if form.is_valid():
        stepped_up_from = form.cleaned_data["stepped_up_from"]
        details = form.details(children=[child], stepped_up_from=stepped_up_from)
        saved = save_once(
            request,
            form,
            lambda: services.record_contact(details=details, by=user),
            "Contact recorded: rate it next",
        )
        if saved is not None:
            return saved
    return render(request, "frontdoor/contact_create.html", {"form": form, "child": child})


@require_http_methods(["GET"])
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    contact = permissions.get_visible_or_404(
        request,
        Contact,
        pk,
        action=Action.VIEW_CONTACT,
        # What the summary shows, whether or not the contact has it: one query either way.
        related=(
            "consent_override_authorised_by",
            "stepped_up_from",
            "recorded_by",
            "referrer_agency",
        ),
    )
    page = selectors.contact_page(contact, user=user)
    works = permissions.can(user, Action.TRIAGE_CONTACT)
    is_open = contact.status == Contact.Status.OPEN
    is_partner = user.role == Role.PARTNER_AGENCY
    context = {
        "contact": contact,
        "page": page,
        "today": timezone.localdate(),
        "is_partner": is_partner,
        "reads_queue": permissions.reads_front_door(user),
        "agency_named": selectors.in_agency_words(contact, page.children, user=user)
        if is_partner
        else [],
        "can_triage": works and contact.status != Contact.Status.DECIDED,
        "can_request_checks": works and is_open and contact.may_share,
        "can_record_consent": works and contact.status != Contact.Status.DECIDED,
        "can_request_override": permissions.can(user, Action.PROPOSE_CONSENT_OVERRIDE)
        and is_open
        and not contact.may_share
        and page.waiting_override is None,
        "can_review_override": page.waiting_override is not None
        and permissions.can(user, Action.AUTHORISE_CONSENT_OVERRIDE, page.waiting_override),
        "can_add_children": works and is_open,
        "can_propose": works and contact.status in {Contact.Status.OPEN, Contact.Status.DECIDED},
        "can_review": permissions.can(user, Action.AUTHORISE_DECISION) and page.proposed_decision,
        "can_plan_meeting": permissions.can(user, Action.AUTHORISE_DECISION)
        and contact.status != Contact.Status.DECIDED,
        "meeting_form": MeetingChoiceForm(initial={"meeting_on": timezone.localdate()}),
        "can_record_told": permissions.can(user, Action.RECORD_WHO_WAS_TOLD),
    }
    return render(request, "frontdoor/contact_detail.html", context)


@require_http_methods(["GET", "POST"])
def contact_children(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a child's record to a contact, or match a child a partner agency named."""
    user = signed_in_user(request)
    permissions.require(user, Action.TRIAGE_CONTACT)
    contact = permissions.get_visible_or_404(request, Contact, pk, action=Action.VIEW_CONTACT)
    matching: ContactChild | None = None
    match_id = request.POST.get("match") or request.GET.get("match")
    if match_id:
        matching = contact.children.filter(pk=id_or_404(match_id), child__isnull=True).first()
        if matching is None:
            raise Http404("No such child to match.")
    if request.method == "POST":
        child = found_child_or_404(user, request.POST.get("child"))
        try:
            services.add_child(contact=contact, child=child, replacing=matching, by=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            name = display.name_of(user, child)
            messages.success(request, f"{name} added to contact {contact.reference}")
            return redirect(contact)
    # Search at once for a child a partner agency named, by the name and birthday they gave.
    searched = any(key not in {"match", "page"} for key in request.GET)
    data: Mapping[str, Any] | None = request.GET if searched else None
    if matching is not None and not searched:
        data = named_search(matching.given_name, matching.given_date_of_birth)
    context = child_search(request, user, data)
    context |= {
        "contact": contact,
        "matching": matching,
        "match_id": matching.pk if matching else "",
    }
    return render(request, "frontdoor/contact_children.html", context)


@require_http_methods(["GET", "POST"])
def contact_told(request: HttpRequest, pk: int) -> HttpResponse:
    """Record who the MASH told of a contact about a child a team holds, by phone or email."""
    user = signed_in_user(request)
    permissions.require(user, Action.RECORD_WHO_WAS_TOLD)
    contact = permissions.get_visible_or_404(request, Contact, pk, action=Action.VIEW_CONTACT)
    # Keyed by the contact's link, never the child's id (a restricted child's id is not shown).
    children = {
        str(link.pk): (display.name_of(user, link.child), link.child)
        for link in contact.children.select_related("child").order_by("pk")
        if link.child is not None
    }
    # The staff listed are one team's (the one holding the children's case until another is
    # shown by "Show this team's staff", nothing saved) and the heads of service.
    showing = showing_staff(request)
    teams = accounts.active_teams()
    posted = request.POST.get("team") if request.method == "POST" else None
    team = (
        accounts.chosen_team(posted, teams, user=user)
        if posted
        else selectors.holding_team(contact, teams)
    )
    staff = {
        str(member.pk): (member.get_full_name() or member.username, member)
        for member in selectors.staff_to_tell(team)
    }
    form = ContactToldForm(
        None if showing else request.POST or None,
        children=children,
        staff=staff,
        teams=teams,
        team=team,
    )
    if not showing and form.is_valid():
        child, told = form.chosen()
        saved = save_once(
            request,
            form,
            lambda: (
                services.record_told(
                    contact=contact,
                    child=child,
                    told=told,
                    method=form.cleaned_data["method"],
                    note=form.cleaned_data["note"],
                    by=user,
                ).contact
            ),
            "Recorded who you told",
        )
        if saved is not None:
            return saved
    context = {"contact": contact, "form": form}
    return render(request, "frontdoor/contact_told.html", context)


@require_http_methods(["POST"])
def notice_read(request: HttpRequest, pk: int) -> HttpResponse:
    """The person told marks a new contact about their child as read (closes their tray item)."""
    user = signed_in_user(request)
    notice = selectors.notice_of(id_or_404(pk), user=user)
    if notice is None:
        raise Http404("No such notice.")
    services.mark_contact_read(notification=notice, by=user)
    messages.success(request, f"Contact {notice.contact.reference} marked as read")
    return redirect(notice.contact)


@require_http_methods(["GET", "POST"])
def contact_rate(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    permissions.require(user, Action.TRIAGE_CONTACT)
    contact = permissions.get_visible_or_404(request, Contact, pk, action=Action.VIEW_CONTACT)
    form = RatingForm(request.POST or None, initial={"rating": contact.rating or None})
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: (
                services.rate_contact(
                    contact=contact, rating=data["rating"], reason=data["reason"], by=user
                ).contact
            ),
            f"Contact rated {data['rating']}",
        )
        if saved is not None:
            return saved
    return render(request, "frontdoor/contact_rate.html", {"contact": contact, "form": form})


@require_http_methods(["GET", "POST"])
def check_request(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    permissions.require(user, Action.REQUEST_CHECK)
    contact = permissions.get_visible_or_404(request, Contact, pk, action=Action.VIEW_CONTACT)
    form = CheckRequestForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data

        def request_all() -> Contact:
            for agency in data["agencies"]:
                try:
                    services.request_check(
                        contact=contact,
                        agency=agency,
                        question=data["question"],
                        shared_with_agency=data["shared_with_agency"],
                        by=user,
                    )
                except ValidationError as error:
                    # The service names one agency; the form asks for several.
                    if hasattr(error, "error_dict") and "agency" in error.error_dict:
                        raise ValidationError({"agencies": error.error_dict["agency"]}) from error
                    raise
            return contact

        names = ", ".join(agency.name for agency in data["agencies"])
        saved = save_once(request, form, request_all, f"Checks requested: {names}")
        if saved is not None:
            return saved
    return render(request, "frontdoor/check_request.html", {"contact": contact, "form": form})


@require_http_methods(["GET", "POST"])
def consent_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record who the MASH asked for consent, and their answer."""
    user = signed_in_user(request)
    permissions.require(user, Action.RECORD_CONSENT)
    contact = permissions.get_visible_or_404(request, Contact, pk, action=Action.VIEW_CONTACT)
    form = ConsentForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: (
                services.record_consent(
                    contact=contact,
                    asked=data["asked"],
                    name=data["name"],
                    answer=data["answer"],
                    note=data["note"],
                    by=user,
                ).contact
            ),
            "Consent recorded",
        )
        if saved is not None:
            return saved
    return render(request, "frontdoor/consent_record.html", {"contact": contact, "form": form})


@require_http_methods(["GET", "POST"])
def override_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask a manager to authorise sharing information without consent."""
    user = signed_in_user(request)
    permissions.require(user, Action.PROPOSE_CONSENT_OVERRIDE)
    contact = permissions.get_visible_or_404(request, Contact, pk, action=Action.VIEW_CONTACT)
    form = OverrideRequestForm(request.POST or None, reasons=contact.override_reasons())
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: (
                services.propose_override(
                    contact=contact, reason=data["reason"], rationale=data["rationale"], by=user
                ).contact
            ),
            "Override sent to a manager to authorise",
        )
        if saved is not None:
            return saved
    return render(request, "frontdoor/override_request.html", {"contact": contact, "form": form})


@require_http_methods(["GET", "POST"])
def override_review(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager authorises overriding consent, or turns it down with the reason."""
    user = signed_in_user(request)
    permissions.require(user, Action.AUTHORISE_CONSENT_OVERRIDE)
    contact_id = selectors.override_of(id_or_404(pk))
    if contact_id is None:
        raise Http404("No such override.")
    contact = permissions.get_visible_or_404(
        request, Contact, contact_id, action=Action.VIEW_CONTACT
    )
    page = selectors.contact_page(contact, user=user)
    override = next((item for item in page.consent_overrides if item.pk == int(pk)), None)
    if override is None:
        raise Http404("No such override.")
    if override.status != ConsentOverride.Status.PROPOSED and request.method == "GET":
        messages.info(request, f"This override is {override.get_status_display().lower()}.")
        return redirect(contact)
    form = OverrideReviewForm(request.POST or None)
    reviewed = review_approval(
        request,
        form,
        authorise=lambda by, comment: (
            services.authorise_override(override=override, by=by, comment=comment).contact
        ),
        give_back=lambda by, comment: (
            services.return_override(override=override, comment=comment, by=by).contact
        ),
        authorised="Consent override authorised: checks may now be requested",
        returned="Consent override not authorised",
    )
    if reviewed is not None:
        return reviewed
    context = {"contact": contact, "page": page, "override": override, "form": form}
    return render(request, "frontdoor/override_review.html", context)


@require_http_methods(["GET"])
def safeguards(request: HttpRequest) -> HttpResponse:
    """Consent outcomes and overrides, and decisions made without agency checks, over the last
    12 months (issue 13)."""
    user = signed_in_user(request)
    permissions.require(user, Action.VIEW_FRONT_DOOR_SAFEGUARDS)
    since = timezone.localdate() - timedelta(days=365)
    context = {
        "since": since,
        "consent": selectors.consent_outcomes(user=user, since=since),
        "without_checks": selectors.count_decisions_without_checks(user=user, since=since),
        "overrides": list(selectors.consent_overrides(user=user, since=since)[:OVERRIDES_SHOWN]),
        "overrides_shown": OVERRIDES_SHOWN,
        "page_obj": page_of(request, selectors.decisions_without_checks(user=user, since=since)),
        "query_prefix": query_without_page(request),
    }
    return render(request, "frontdoor/safeguards.html", context)


@require_http_methods(["GET", "POST"])
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A check addressed to an agency: its question, and the form to answer it."""
    user = signed_in_user(request)
    check = permissions.get_visible_or_404(request, AgencyCheck, pk, action=Action.VIEW_CHECK)
    is_partner = user.role == Role.PARTNER_AGENCY
    can_answer = check.status == check.Status.REQUESTED and permissions.can(
        user, Action.RETURN_CHECK, check
    )
    form = CheckReturnForm(request.POST or None) if can_answer else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            information = form.cleaned_data["information"]
            saved = save_once(
                request,
                form,
                lambda: services.return_check(check=check, information=information, by=user),
                "Information returned to the MASH",
            )
            if saved is not None:
                return redirect("frontdoor:partner-home") if is_partner else saved
    children = list(check.contact.children.select_related("child__household__address"))
    if is_partner:
        # A partner sees the MASH's question and what it shared, and on its own contact the
        # children as it named them: never the records the MASH matched them to.
        children = selectors.in_agency_words(check.contact, children, user=user)
    context = {
        "check": check,
        "form": form,
        "children": children,
        "is_partner": is_partner,
        "can_chase": permissions.can(user, Action.REQUEST_CHECK)
        and check.status == check.Status.REQUESTED,
    }
    return render(request, "frontdoor/check_detail.html", context)


@require_http_methods(["POST"])
def check_chase(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    check = permissions.get_visible_or_404(request, AgencyCheck, pk, action=Action.VIEW_CHECK)
    try:
        services.chase_check(check=check, by=user)
    except ValidationError as error:
        # A repeat within the window is not a mistake: it was counted once, and the page says so.
        said = (
            messages.info if getattr(error, "code", None) == "chased_just_now" else messages.error
        )
        said(request, " ".join(error.messages))
    else:
        messages.success(request, f"Chase of {check.agency} recorded")
    return redirect(check.contact)


@require_http_methods(["GET", "POST"])
def decision_propose(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    permissions.require(user, Action.PROPOSE_DECISION)
    contact = permissions.get_visible_or_404(request, Contact, pk, action=Action.VIEW_CONTACT)
    amending = contact.status == Contact.Status.DECIDED
    form = DecisionForm(request.POST or None, amending=amending)
    if form.is_valid():
        details = form.details()
        saved = save_once(
            request,
            form,
            lambda: services.propose_decision(contact=contact, details=details, by=user).contact,
            "Decision sent to a manager to authorise",
        )
        if saved is not None:
            return saved
    page = selectors.contact_page(contact, user=user)
    context = {"contact": contact, "form": form, "page": page, "amending": amending}
    return render(request, "frontdoor/decision_propose.html", context)


@require_http_methods(["GET"])
def decisions_awaiting(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.can(user, Action.AUTHORISE_DECISION):
        raise PermissionDenied
    today = timezone.localdate()
    decisions = selectors.decisions_awaiting_authorisation(user=user, today=today)
    context = {
        "page_obj": page_of(request, decisions),
        "query_prefix": query_without_page(request),
        "without_checks": selectors.count_decisions_without_checks(
            user=user, since=today - timedelta(days=365)
        )
        if permissions.can(user, Action.VIEW_FRONT_DOOR_SAFEGUARDS)
        else None,
    }
    return render(request, "frontdoor/decisions_awaiting.html", context)


def _authorised_message(decision: ContactDecision) -> str:
    """What the manager is told: the outcome, and each child whose episode was already open (the
    contact joined it; another decision may have opened it a moment before)."""
    message = f"Decision authorised: {decision.get_outcome_display()}"
    for referral in selectors.episodes_joined(decision):
        opened_by = f" from contact {referral.contact.reference}" if referral.contact else ""
        message += (
            f". {referral.child.full_name}'s episode was already open (referral of "
            f"{referral.referred_on:%-d %B %Y}{opened_by}): this contact joined it"
        )
    return message


@require_http_methods(["GET", "POST"])
def decision_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    permissions.require(user, Action.AUTHORISE_DECISION)
    decision = selectors.contact_of_decision(pk)
    if decision is None:
        raise Http404("No such decision.")
    contact = permissions.get_visible_or_404(request, Contact, decision, action=Action.VIEW_CONTACT)
    page = selectors.contact_page(contact, user=user)
    proposed = next((item for item in page.decisions if item.pk == int(pk)), None)
    if proposed is None:
        raise Http404("No such decision.")
    if proposed.status != ContactDecision.Status.PROPOSED and request.method == "GET":
        messages.info(request, f"This decision is {proposed.get_status_display().lower()}.")
        return redirect(contact)
    form = DecisionReviewForm(
        request.POST or None,
        needs_disclosure_reason=proposed.needs_no_strategy_discussion_reason,
        has_open_checks=bool(page.open_checks),
    )
    reviewed = review_approval(
        request,
        form,
        authorise=partial(services.authorise_decision, decision=proposed),
        give_back=partial(services.return_decision, decision=proposed),
        authorised=_authorised_message,
        returned="Decision returned for more work",
    )
    if reviewed is not None:
        return reviewed
    context = {"contact": contact, "page": page, "decision": proposed, "form": form}
    return render(request, "frontdoor/decision_review.html", context)


@require_http_methods(["POST"])
def meeting_choose(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    permissions.require(user, Action.PLAN_MEETING)
    contact = permissions.get_visible_or_404(
        request, Contact, pk, action=Action.VIEW_CONTACT, log=False
    )
    form = MeetingChoiceForm(request.POST)
    if form.is_valid():
        meeting_on = form.cleaned_data["meeting_on"]
        try:
            services.choose_for_meeting(contact=contact, meeting_on=meeting_on, by=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Added to the MASH meeting on {meeting_on:%-d %B %Y}")
    else:
        messages.error(request, "Enter the meeting date as a real date")
    return redirect(contact)


@require_http_methods(["GET"])
def meeting(request: HttpRequest) -> HttpResponse:
    """The day's MASH meeting: contacts chosen by the manager, and by rule red contacts and those
    with checks past their time. Printable."""
    user = signed_in_user(request)
    if not permissions.reads_front_door(user):
        raise PermissionDenied
    form = MeetingChoiceForm(request.GET or None)
    meeting_on = timezone.localdate()
    if request.GET and form.is_valid() and form.cleaned_data["meeting_on"]:
        meeting_on = form.cleaned_data["meeting_on"]
    elif not request.GET:
        form = MeetingChoiceForm(initial={"meeting_on": meeting_on})
    contacts = selectors.meeting_agenda(user=user, meeting_on=meeting_on, now=timezone.now())
    page_obj = page_of(request, contacts, per_page=100)
    context = {
        "form": form,
        "meeting_on": meeting_on,
        "page_obj": page_obj,
        "query_prefix": query_without_page(request),
        "tab": "meeting",
        "previous_day": meeting_on - timedelta(days=1),
        "next_day": meeting_on + timedelta(days=1),
        "can_record": permissions.can(user, Action.RECORD_MEETING),
        # An outcome is dated the meeting's day, so a day still to come has nothing to record.
        "is_to_come": meeting_on > timezone.localdate(),
    }
    return render(request, "frontdoor/meeting.html", context)


@require_http_methods(["POST"])
def meeting_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    permissions.require(user, Action.RECORD_MEETING)
    contact = permissions.get_visible_or_404(
        request, Contact, pk, action=Action.VIEW_CONTACT, log=False
    )
    form = MeetingOutcomeForm(request.POST)
    meeting_url = reverse("frontdoor:meeting")
    if form.is_valid():
        meeting_on = form.cleaned_data["meeting_on"]
        day = {"meeting_on_day": meeting_on.day, "meeting_on_month": meeting_on.month}
        meeting_url += "?" + urlencode(day | {"meeting_on_year": meeting_on.year})
        try:
            services.record_meeting_outcome(
                contact=contact, meeting_on=meeting_on, agreed=form.cleaned_data["agreed"], by=user
            )
        except ValidationError as error:
            messages.error(request, f"{contact.reference}: {' '.join(error.messages)}")
        else:
            messages.success(request, f"Agreement recorded for contact {contact.reference}")
    else:
        # Say what was wrong: a day still to come is refused for its date, not its text.
        wrong = form.errors.get("meeting_on") or ["enter what the meeting agreed"]
        messages.error(request, f"{contact.reference}: {' '.join(str(text) for text in wrong)}")
    return redirect(f"{meeting_url}#contact-{contact.pk}")


@require_http_methods(["GET"])
def early_help(request: HttpRequest) -> HttpResponse:
    """Step-downs to early help and step-ups to social care, counted both ways by month."""
    user = signed_in_user(request)
    if not permissions.reads_front_door(user):
        raise PermissionDenied
    today = timezone.localdate()
    since = today.replace(day=1) - timedelta(days=365)
    months = selectors.early_help_transfers_by_month(since=since.replace(day=1))
    kind = request.GET.get("kind", "")
    context = {
        "months": months,
        "step_downs": sum(row["step_downs"] for row in months),
        "step_ups": sum(row["step_ups"] for row in months),
        "kind": kind,
        "page_obj": page_of(request, selectors.recent_transfers(kind=kind)),
        "query_prefix": query_without_page(request),
        "tab": "early_help",
    }
    return render(request, "frontdoor/early_help.html", context)


def _partner(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if user.role != Role.PARTNER_AGENCY or user.agency_id is None:
        raise PermissionDenied
    return user


@require_http_methods(["GET"])
def partner_home(request: HttpRequest) -> HttpResponse:
    """A partner agency's own page: checks waiting for its answer and the contacts it made."""
    user = _partner(request)
    waiting = selectors.partner_checks(user=user, waiting=True)
    context = {
        "waiting": page_of(request, waiting, param="checks_page"),
        "page_obj": page_of(request, selectors.partner_contacts(user=user)),
        "query_prefix": query_without_page(request),
        "today": timezone.localdate(),
    }
    return render(request, "frontdoor/partner_home.html", context)


@require_http_methods(["GET", "POST"])
def partner_contact_create(request: HttpRequest) -> HttpResponse:
    user = _partner(request)
    form = PartnerContactForm(request.POST or None)
    if form.is_valid():
        agency_kind = user.agency.kind if user.agency is not None else "other"
        details = form.details(
            named_children=form.named_children(),
            method=ContactMethod.PARTNER_PORTAL,
            referral_source=AGENCY_REFERRAL_SOURCE.get(agency_kind, "8"),
        )
        saved = save_once(
            request,
            form,
            lambda: services.record_contact(details=details, by=user),
            "Contact sent to the MASH",
        )
        if saved is not None:
            return saved
    return render(request, "frontdoor/partner_contact_create.html", {"form": form})

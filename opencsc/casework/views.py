"""Pages of a child's episode kept by casework: referrals waiting for a team, allocation with
direction and transfers between teams."""

from datetime import date
from functools import partial
from typing import Protocol

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencsc import permissions
from opencsc.accounts import selectors as accounts
from opencsc.accounts.models import Team, User
from opencsc.accounts.requests import signed_in_user
from opencsc.audit import services as audit
from opencsc.casework import selectors, services
from opencsc.casework.forms import (
    AllocateWithSiblingsForm,
    DirectionActionChangeForm,
    DirectionActionDoneForm,
    TransferRequestForm,
    TransferReviewForm,
)
from opencsc.casework.models import Allocation, DirectionAction, Referral, TeamTransfer
from opencsc.core.requests import page_of, parse_id, query_without_page, showing_staff
from opencsc.core.reviews import review_approval
from opencsc.core.submissions import save_once
from opencsc.people.forms import PersonDetailsForm, RestrictionForm
from opencsc.people.models import Person
from opencsc.permissions import Action


class Linkable(Protocol):
    def get_absolute_url(self) -> str: ...


def _episode(request: HttpRequest, pk: int) -> Referral:
    return permissions.get_visible_or_404(request, Referral, pk, action=Action.VIEW_EPISODE)


def _chosen_team(
    request: HttpRequest, teams: QuerySet[Team], *, holding: Allocation | None
) -> Team | None:
    """The team whose staff the allocation form offers: the one posted (among `teams`, never
    looked up as typed); before one is posted, the team holding the case, or the only team the
    manager manages. None: the manager chooses a team first."""
    if request.method == "POST":
        posted = parse_id(request.POST.get("team"))
        return teams.filter(pk=posted).first() if posted else None
    if holding is not None:
        held = teams.filter(pk=holding.team_id).first()
        if held is not None:
            return held
    only = list(teams[:2])
    return only[0] if len(only) == 1 else None


def _social_work_teams(user: User) -> QuerySet[Team]:
    """The case-holding teams `user` manages (every one for a head of service)."""
    return accounts.active_teams(
        kinds=services.CASE_HOLDING_TEAM_KINDS, ids=permissions.managed_team_ids(user)
    )


@require_http_methods(["GET"])
def to_allocate(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.can(user, Action.ALLOCATE):
        raise PermissionDenied
    referrals = selectors.referrals_to_allocate_for(user)
    context = {"page_obj": page_of(request, referrals), "query_prefix": query_without_page(request)}
    return render(request, "casework/to_allocate.html", context)


@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = _episode(request, pk)
    if not permissions.can(user, Action.ALLOCATE):
        raise PermissionDenied
    teams = _social_work_teams(user)
    siblings = selectors.sibling_episodes_to_allocate(referral, user=user)
    if siblings:
        audit.log_views(
            by=user,
            children=[row.child for row in siblings],
            record=referral,
            action=Action.ALLOCATE,
            summary="Offered as a brother or sister to allocate together",
        )
    holding = selectors.current_allocation(referral.child)
    # The staff offered are the chosen team's: the page costs one team's staff, never the
    # authority's. "Show this team's staff" shows the form again for the team chosen, unsaved.
    showing = showing_staff(request)
    team = _chosen_team(request, teams, holding=holding)
    form = AllocateWithSiblingsForm(
        None if showing else request.POST or None,
        teams=teams,
        team=team,
        people=accounts.active_members([team.pk] if team else [], also=user),
        held=selectors.open_direction_actions([referral.child_id]),
        siblings=siblings,
        viewer=user,
    )
    if not showing and form.is_valid():
        data = form.cleaned_data

        def write() -> Referral:
            services.allocate_referrals_together(
                referral=referral,
                siblings=data["together"],
                team=data["team"],
                worker=data["worker"],
                direction=data["direction"],
                actions=data["actions"],
                replacing=data["replacing"],
                resolutions=data["resolutions"],
                by=user,
            )
            return referral

        saved = save_once(request, form, write, "Case allocated", field_for={"actions": "action_1"})
        if saved is not None:
            return saved
    if form.is_bound:
        # Read after any refusal: the form shown again carries the allocation that holds it now.
        holding = selectors.current_allocation(referral.child)
    context = {"form": form, "referral": referral, "child": referral.child, "holding": holding}
    return render(request, "casework/allocate.html", context)


def _direction_action(request: HttpRequest, pk: int) -> DirectionAction:
    """The directed action, through the gate of its allocation's child (404 when not theirs)."""
    action = get_object_or_404(selectors.direction_actions(), pk=pk)
    action.allocation = permissions.get_visible_or_404(
        request,
        Allocation,
        action.allocation_id,
        action=Action.VIEW_EPISODE,
        related=("team", "referral"),
    )
    return action


def _after_action(action: DirectionAction) -> str:
    allocation = action.allocation
    if allocation.referral_id is None:
        return allocation.child.get_absolute_url()
    return reverse("record:episode", args=[allocation.referral_id])


@require_http_methods(["GET", "POST"])
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a directed action done: when, and what was done (the worker's tray links here)."""
    user = signed_in_user(request)
    action = _direction_action(request, pk)
    form = DirectionActionDoneForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: services.complete_action(
                action=action, done_on=data["done_on"], note=data["done_note"], by=user
            ),
            f"Recorded as done: {action.action}",
            then=_after_action(action),
        )
        if saved is not None:
            return saved
    context = {
        "action": action,
        "child": action.allocation.child,
        "form": form,
        "back": _after_action(action),
        "may_change": permissions.manages_team(user, action.allocation.team),
    }
    return render(request, "casework/action_done.html", context)


@require_http_methods(["GET", "POST"])
def action_change(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager of the holding team reassigns an open directed action or withdraws it, why."""
    user = signed_in_user(request)
    action = _direction_action(request, pk)
    if not permissions.manages_team(user, action.allocation.team):
        raise PermissionDenied
    form = DirectionActionChangeForm(
        request.POST or None, people=accounts.active_members([action.allocation.team_id], also=user)
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["change"] == form.REASSIGN_CHOICE:
            write = partial(
                services.reassign_action,
                action=action,
                assignee=data["assignee"],
                reason=data["reason"],
                by=user,
            )
            done = f"Reassigned to {data['assignee']}: {action.action}"
        else:
            write = partial(services.withdraw_action, action=action, reason=data["reason"], by=user)
            done = f"Withdrawn: {action.action}"
        saved = save_once(request, form, write, done, then=_after_action(action))
        if saved is not None:
            return saved
    context = {
        "action": action,
        "child": action.allocation.child,
        "form": form,
        "back": _after_action(action),
    }
    return render(request, "casework/action_change.html", context)


@require_http_methods(["GET", "POST"])
def transfer_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = _episode(request, pk)
    permissions.require(user, Action.REQUEST_TRANSFER, referral.child)
    holding = selectors.current_allocation(referral.child)
    teams = accounts.active_teams(kinds=services.CASE_HOLDING_TEAM_KINDS)
    if holding is not None:
        teams = teams.exclude(pk=holding.team_id)
    form = TransferRequestForm(request.POST or None, teams=teams)
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: services.request_transfer(
                referral=referral, to_team=data["to_team"], reason=data["reason"], by=user
            ),
            f"Transfer to {data['to_team']} requested",
        )
        if saved is not None:
            return saved
    context = {"form": form, "referral": referral, "child": referral.child, "holding": holding}
    return render(request, "casework/transfer_new.html", context)


def _year_start(today: date) -> date:
    """1 April starting the council's reporting year that holds `today`."""
    return date(today.year if today.month >= 4 else today.year - 1, 4, 1)


@require_http_methods(["GET"])
def transfers(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.can(user, Action.ALLOCATE):
        raise PermissionDenied
    team_ids = permissions.managed_team_ids(user)
    today = timezone.localdate()
    start = _year_start(today)
    context = {
        "page_obj": page_of(request, selectors.incoming_transfers(team_ids=team_ids)),
        "query_prefix": query_without_page(request),
        "wait": selectors.transfer_wait(team_ids=team_ids, start=start, end=today),
        "period_start": start,
        "today": today,
    }
    return render(request, "casework/transfers.html", context)


@require_http_methods(["GET", "POST"])
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    record = permissions.get_visible_or_404(
        request,
        TeamTransfer,
        pk,
        action=Action.VIEW_EPISODE,
        related=("from_team", "to_team", "proposed_by", "reviewed_by", "referral"),
    )
    manages = permissions.manages_team(user, record.to_team)
    if request.method == "POST" and not manages:
        raise PermissionDenied
    # A late second answer is posted to the service, which says who answered first.
    may_answer = manages and (
        record.status == TeamTransfer.Status.PROPOSED or request.method == "POST"
    )
    siblings = selectors.sibling_transfers(record) if may_answer else selectors.no_transfers()
    sibling_rows = list(siblings)
    held = (
        selectors.open_direction_actions([record.child_id, *(row.child_id for row in sibling_rows)])
        if may_answer
        else []
    )
    form = TransferReviewForm(
        request.POST or None,
        people=accounts.active_members([record.to_team_id], also=user),
        team=record.to_team,
        held=held,
        siblings=sibling_rows,
    )
    if may_answer:
        reviewed = review_approval(
            request,
            form,
            authorise=partial(services.accept_transfer, transfer=record),
            give_back=partial(services.decline_transfer, transfer=record),
            authorised=f"Transfer accepted: {record.to_team} now holds the case",
            returned="Transfer declined",
        )
        if reviewed is not None:
            return reviewed
    context = {
        "transfer": record,
        "child": record.child,
        "form": form,
        "may_answer": may_answer,
        "siblings": sibling_rows,
        "chosen": {str(pk) for pk in form["together"].value() or []},
    }
    return render(request, "casework/transfer.html", context)


@require_http_methods(["GET", "POST"])
def restriction(request: HttpRequest, pk: int) -> HttpResponse:
    """Who may open a record: for the managers of the team holding the child's case (the MASH's
    while no team holds it) and heads of service, even when the restriction names others only;
    then the page shows that a restricted record exists and who may open it, never whose it is."""
    user = signed_in_user(request)
    person = permissions.get_held_or_404(request, pk)
    may_open = permissions.can_see(user, person)
    named = "\n".join(person.named_staff.order_by("username").values_list("username", flat=True))
    initial = {"is_restricted": "yes" if person.is_restricted else "no", "named_staff": named}
    form = RestrictionForm(request.POST or None, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: services.restrict_record(
                person=person,
                is_restricted=data["is_restricted"],
                named_staff=data["named_staff"],
                reason=data["reason"],
                by=user,
            ),
            "Access to this record has been updated",
            then=request.path,
        )
        if saved is not None:
            return saved
    context = {"person": person, "form": form, "may_open": may_open}
    return render(request, "casework/restriction.html", context)


@require_http_methods(["GET", "POST"])
def person_details(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a person's details, with the reason; a change of who a child is (date of birth, NHS
    number, UPN) while their episode is open alerts the holding manager. Kept here, above the
    person index, because that alert needs the child's allocation."""
    user = signed_in_user(request)
    person = permissions.get_visible_or_404(request, Person, pk, action=Action.VIEW_PERSON)
    if not permissions.can(user, Action.EDIT_PERSON, person):
        raise PermissionDenied
    form = PersonDetailsForm(request.POST or None, person=person)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: (
                services.change_child_details(
                    person=person,
                    changes=form.changes(),
                    reason=form.cleaned_data["reason"],
                    by=user,
                ).person
            ),
            "Details changed: the history shows what was there before",
            then=person.get_absolute_url(),
        )
        if saved is not None:
            return saved
    return render(request, "casework/person_details.html", {"person": person, "form": form})

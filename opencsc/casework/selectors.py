"""Reads for casework: a child's episode and who holds it, referrals waiting for a team, transfers
between teams and the days children wait for them."""

import statistics
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from opencsc import permissions
from opencsc.accounts import selectors as accounts
from opencsc.accounts.models import User
from opencsc.casework import risk
from opencsc.casework.models import Allocation, DirectionAction, Referral, TeamTransfer
from opencsc.people.models import Person, Relationship
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem


def open_episode(child: Person) -> Referral | None:
    """The child's open episode (referral), if any: there is at most one."""
    return Referral.objects.filter(child=child, status=Referral.Status.OPEN).first()


def current_allocation(child: Person) -> Allocation | None:
    """The child's open allocation, with its team and worker."""
    return (
        Allocation.objects.filter(child=child, ended_on=None)
        .select_related("team", "worker")
        .first()
    )


def case_workers(child: Person, *, also: User) -> QuerySet[User]:
    """Active members of the team holding the child's case (and `also`), by name."""
    allocation = current_allocation(child)
    return accounts.active_members([allocation.team_id] if allocation else [], also=also)


def episode_due_items(child: Person) -> QuerySet[DueItem]:
    """The child's open deadlines on their episode: every open due item but the MASH's own
    (contact decisions and agency checks), a private fostering arrangement's visits, the notices
    in a worker's tray, and the directed actions' (shown with the direction that gave them;
    closing the episode withdraws them, "Case closed")."""
    return DueItem.objects.filter(child=child, closed_at=None).exclude(
        rule__in=rules.OUTSIDE_THE_EPISODE_CODES
        | rules.TRAY_NOTICE_CODES
        | {rules.DIRECTED_ACTION.code}
    )


def referrals_to_allocate() -> QuerySet[Referral]:
    """Open referrals whose child no team holds yet: red and section 47 first (casework.risk),
    then the longest waiting, each with the RAG rating of the contact it came from."""
    held = Allocation.objects.filter(child_id=OuterRef("child_id"), ended_on=None)
    return (
        Referral.objects.filter(status=Referral.Status.OPEN)
        .exclude(Exists(held))
        .select_related("child", "contact")
        .annotate(
            risk=risk.risk_order(risk.is_high_risk("child_id")),
            rating=Coalesce(F("contact__rating"), Value("")),
        )
        .order_by("risk", "referred_on", "pk")
    )


def referrals_to_allocate_for(user: User) -> QuerySet[Referral]:
    """The referrals waiting for a team that `user` may act on: those whose child they may open,
    and those whose restricted record they answer for (`may_open` False: shown as "Restricted
    record" with a link to its restriction, so restricting a child never hides the referral from
    the managers who must act on it)."""
    visible = permissions.visible_child_condition(user, "child__")
    held = Q(child__in=permissions.held_restricted(user))
    return (
        referrals_to_allocate()
        .filter(visible | held)
        .annotate(may_open=ExpressionWrapper(visible, output_field=BooleanField()))
    )


def incoming_transfers(*, team_ids: list[int] | None) -> QuerySet[TeamTransfer]:
    """Transfers waiting for an answer from the given teams (None: every team), oldest first."""
    transfers = TeamTransfer.objects.filter(status=TeamTransfer.Status.PROPOSED)
    if team_ids is not None:
        transfers = transfers.filter(to_team_id__in=team_ids)
    return transfers.select_related("child", "from_team", "to_team", "proposed_by").order_by(
        "proposed_at", "pk"
    )


@dataclass(frozen=True)
class TransferWait:
    """How long children waited for accepted transfers: working days from the assessment's
    authorisation (or the request) to acceptance."""

    count: int
    average: float | None
    median: float | None
    within_timescale: int
    timescale: int


def transfer_wait(*, team_ids: list[int] | None, start: date, end: date) -> TransferWait:
    """The days-to-transfer measure over transfers accepted from `start` to `end` inclusive, into
    the given teams (None: every team)."""
    accepted = TeamTransfer.objects.filter(
        status=TeamTransfer.Status.AUTHORISED,
        reviewed_at__date__gte=start,
        reviewed_at__date__lte=end,
    )
    if team_ids is not None:
        accepted = accepted.filter(to_team_id__in=team_ids)
    waits = [
        days for days in accepted.values_list("working_days_waited", flat=True) if days is not None
    ]
    timescale = rules.TRANSFER_AFTER_ASSESSMENT.effective_period().n
    return TransferWait(
        count=len(waits),
        average=round(statistics.fmean(waits), 1) if waits else None,
        median=statistics.median(waits) if waits else None,
        within_timescale=sum(1 for days in waits if days <= timescale),
        timescale=timescale,
    )


def episode_allocation(referral: Referral) -> Allocation | None:
    """The open allocation working this episode, with its team and worker."""
    return (
        Allocation.objects.filter(referral=referral, ended_on=None)
        .select_related("team", "worker")
        .first()
    )


def direction_actions() -> QuerySet[DirectionAction]:
    """Directed actions with their allocation, for the gate to check the allocation's child."""
    return DirectionAction.objects.select_related(
        "allocation__team",
        "assignee",
        "directed_by",
        "done_by",
        "withdrawn_by",
    )


def open_direction_actions(children: list[int]) -> list[DirectionAction]:
    """The open directed actions on the cases of `children` (ids) as held now, with their child,
    for the manager taking the cases to decide each: oldest due first."""
    return list(
        DirectionAction.objects.filter(
            allocation__child_id__in=children,
            allocation__ended_on=None,
            done_on=None,
            withdrawn_on=None,
        )
        .select_related("allocation__child", "assignee", "directed_by")
        .order_by("allocation__child_id", "due_on", "pk")
    )


def sibling_ids(child: Person) -> set[int]:
    """The child's brothers and sisters: a sibling relationship either way, or the same
    household (children only)."""
    related = set(
        Relationship.objects.filter(from_person=child, kind=Relationship.Kind.SIBLING).values_list(
            "to_person_id", flat=True
        )
    ) | set(
        Relationship.objects.filter(to_person=child, kind=Relationship.Kind.SIBLING).values_list(
            "from_person_id", flat=True
        )
    )
    if child.household_id is not None:
        related |= set(
            Person.objects.filter(household_id=child.household_id)
            .exclude(pk=child.pk)
            .values_list("pk", flat=True)
        )
    return related - {child.pk}


def sibling_transfers(transfer: TeamTransfer) -> QuerySet[TeamTransfer]:
    """Transfers of the child's brothers and sisters waiting for the same team from the same
    team (the same episode of work): offered to be accepted together."""
    return (
        TeamTransfer.objects.filter(
            status=TeamTransfer.Status.PROPOSED,
            to_team_id=transfer.to_team_id,
            from_team_id=transfer.from_team_id,
            child_id__in=sibling_ids(transfer.child),
        )
        .exclude(pk=transfer.pk)
        .select_related("child")
        .order_by("child__date_of_birth", "pk")
    )


def no_transfers() -> QuerySet[TeamTransfer]:
    """No team transfers (a page with none to offer)."""
    return TeamTransfer.objects.none()


def sibling_episodes_to_allocate(referral: Referral, *, user: User) -> list[Referral]:
    """The open episodes of the child's brothers and sisters that `user` may see and allocate
    with the child's (issue 13: siblings together), each with `holding_id`, the allocation holding
    the case now (None: unallocated). A sibling whose case carries open directed actions is
    allocated on its own page, where each action is decided. A fixed number of queries."""
    child = referral.child
    related = Relationship.objects.filter(kind=Relationship.Kind.SIBLING)
    family = Q(child_id__in=related.filter(from_person=child).values("to_person_id")) | Q(
        child_id__in=related.filter(to_person=child).values("from_person_id")
    )
    if child.household_id is not None:
        family |= Q(child__household_id=child.household_id)
    holding = Allocation.objects.filter(child_id=OuterRef("child_id"), ended_on=None)
    directed = DirectionAction.objects.filter(
        allocation__child_id=OuterRef("child_id"),
        allocation__ended_on=None,
        done_on=None,
        withdrawn_on=None,
    )
    rows = (
        Referral.objects.filter(
            family,
            permissions.visible_child_condition(user, "child__"),
            status=Referral.Status.OPEN,
            child__kind__in=[Person.Kind.CHILD, Person.Kind.UNBORN],
        )
        .exclude(child_id=child.pk)
        .annotate(
            holding_id=Subquery(holding.values("pk")[:1]),
            has_directed_actions=Exists(directed),
        )
        .filter(has_directed_actions=False)
        .select_related("child")
        .order_by("child__date_of_birth", "pk")
    )
    return list(rows) if permissions.can(user, Action.ALLOCATE) else []

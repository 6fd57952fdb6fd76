"""Reads for the composed pages: the episode page with the next steps a user may take, and the
closures waiting for a manager."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Team, User
from opencsc.assessments.models import Assessment
from opencsc.casework.models import Allocation, Closure, DirectionAction, Referral, TeamTransfer
from opencsc.casework.selectors import current_allocation, episode_due_items
from opencsc.permissions import Action
from opencsc.plans.models import CINPlan, Visit
from opencsc.protection.models import (
    Conference,
    ProtectionPlan,
    Section47Enquiry,
    StrategyDiscussion,
)
from opencsc.record.contributors import CONTRIBUTORS
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from opencsc.timescales.selectors import with_status


def team_overdue_directed_actions(user: User, *, today: date) -> int:
    """How many directed actions are overdue in the teams `user` manages (every team for a head of
    service), for the home page; the team tray lists them."""
    items = DueItem.objects.filter(
        rule=rules.DIRECTED_ACTION.code, closed_at=None, due_on__lt=today
    ).filter(permissions.open_to_team_managers(user))
    team_ids = permissions.managed_team_ids(user)
    if team_ids is not None:
        items = items.filter(team_id__in=team_ids)
    return items.count()


def closures_to_authorise(*, team_ids: list[int] | None) -> QuerySet[Closure]:
    """Proposed closures of episodes held by the given teams (None: every episode), oldest first."""
    closures = Closure.objects.filter(status=Closure.Status.PROPOSED)
    if team_ids is not None:
        held = Allocation.objects.filter(
            child_id=OuterRef("referral__child_id"), ended_on=None, team_id__in=team_ids
        )
        closures = closures.filter(Exists(held))
    return closures.select_related("referral__child", "proposed_by").order_by("proposed_at", "pk")


@dataclass
class NextStep:
    """A link to something the user may do next on the episode."""

    label: str
    url: str


@dataclass
class EpisodePage:
    """Everything the episode page shows, read with a fixed number of queries."""

    referral: Referral
    allocations: list[Allocation] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    strategy_discussions: list[StrategyDiscussion] = field(default_factory=list)
    enquiries: list[Section47Enquiry] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)
    protection_plans: list[ProtectionPlan] = field(default_factory=list)
    cin_plans: list[CINPlan] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    transfers: list[TeamTransfer] = field(default_factory=list)
    closures: list[Closure] = field(default_factory=list)
    due_items: list[DueItem] = field(default_factory=list)
    next_steps: list[NextStep] = field(default_factory=list)

    @property
    def current_allocation(self) -> Allocation | None:
        return next((row for row in self.allocations if row.ended_on is None), None)

    @property
    def pending_transfer(self) -> TeamTransfer | None:
        proposed = TeamTransfer.Status.PROPOSED
        return next((row for row in self.transfers if row.status == proposed), None)

    @property
    def pending_closure(self) -> Closure | None:
        proposed = Closure.Status.PROPOSED
        return next((row for row in self.closures if row.status == proposed), None)

    @property
    def authorised_closure(self) -> Closure | None:
        authorised = Closure.Status.AUTHORISED
        return next((row for row in self.closures if row.status == authorised), None)

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.due_items if getattr(item, "status", "") == "overdue")


def _with_actions(allocations: list[Allocation]) -> list[Allocation]:
    """Each allocation with its directed actions (`direction_actions`), due first, in one query
    that runs with no allocation too, so the episode page's count does not depend on it."""
    actions: dict[int, list[DirectionAction]] = {}
    rows = DirectionAction.objects.filter(
        allocation_id__in=[allocation.pk for allocation in allocations] or [0]
    )
    for action in rows.select_related("assignee").order_by("due_on", "pk"):
        actions.setdefault(action.allocation_id, []).append(action)
    for allocation in allocations:
        allocation.direction_actions = actions.get(allocation.pk, [])  # type: ignore[attr-defined]
    return allocations


def episode_page(referral: Referral, *, user: User, today: date | None = None) -> EpisodePage:
    """A child's episode from referral to closure: who holds it and with what direction, each
    assessment, strategy discussion, section 47 enquiry, conference and plan, the latest visits,
    transfers, the closure, the open deadlines, and the next steps `user` may take."""
    today = today or timezone.localdate()
    # Keep the child the permission gate fetched: it carries what the gate already checked.
    gated = referral.child if Referral.child.is_cached(referral) else None
    referral = Referral.objects.select_related(
        "child", "contact", "previous_referral", "created_by"
    ).get(pk=referral.pk)
    if gated is not None:
        referral.child = gated
    child = referral.child
    episode = {"referral": referral}
    sections: dict[str, list[Any]] = {}
    for app in CONTRIBUTORS:
        sections.update(app.episode_section(referral))
    page = EpisodePage(
        referral=referral,
        allocations=_with_actions(
            list(
                Allocation.objects.filter(referral=referral)
                .select_related("team", "worker", "allocated_by")
                .order_by("-started_on", "-pk")
            )
        ),
        transfers=list(
            TeamTransfer.objects.filter(**episode)
            .select_related("from_team", "to_team", "proposed_by", "reviewed_by")
            .order_by("-proposed_at", "-pk")
        ),
        closures=list(
            Closure.objects.filter(**episode)
            .select_related("proposed_by", "reviewed_by")
            .order_by("-proposed_at", "-pk")
        ),
        **sections,
    )
    if referral.is_open:
        items = episode_due_items(child).select_related("owner", "team").order_by("due_on", "pk")
        page.due_items = list(with_status(items, today=today))
    page.next_steps = _next_steps(page, user=user)
    return page


def _step(label: str, name: str, *args: int) -> NextStep:
    return NextStep(label, reverse(name, args=args))


def _holding_team(page: EpisodePage) -> Team | None:
    """The team holding the case. A case held before episodes may have an allocation with no
    referral: ask the child's."""
    allocation = page.current_allocation or current_allocation(page.referral.child)
    return allocation.team if allocation is not None else None


def _next_steps(page: EpisodePage, *, user: User) -> list[NextStep]:
    """The pathway steps `user` may take on this episode now, as links."""
    referral = page.referral
    if not referral.is_open:
        return []
    holder = _holding_team(page)
    steps: list[NextStep] = []
    if permissions.can(user, Action.ALLOCATE) and (
        holder is None or permissions.manages_team(user, holder)
    ):
        label = "Allocate with direction" if holder is None else "Reallocate"
        steps.append(_step(label, "casework:allocate", referral.pk))
    # Every pathway step is recorded by the team holding the case: one check answers them all.
    if permissions.can(user, Action.START_ASSESSMENT, referral.child):
        steps += _assessment_and_enquiry_steps(page)
        steps += _plan_steps(page, user=user)
        steps += _episode_steps(page, holder=holder)
    steps += _review_steps(page, user=user)
    return steps


def _assessment_and_enquiry_steps(page: EpisodePage) -> list[NextStep]:
    referral = page.referral
    steps = []
    if not any(assessment.is_open for assessment in page.assessments):
        steps.append(_step("Start an assessment", "assessments:start", referral.pk))
    steps.append(_step("Record a strategy discussion", "protection:strategy-new", referral.pk))
    for enquiry in page.enquiries:
        if enquiry.completed_on is None:
            steps.append(
                _step("Complete the section 47 enquiry", "protection:enquiry-complete", enquiry.pk)
            )
        if (
            enquiry.outcome == Section47Enquiry.Outcome.CONFERENCE
            and getattr(enquiry, "conference", None) is None
        ):
            steps.append(
                _step("Record the initial conference", "protection:conference-new", enquiry.pk)
            )
    return steps


def _plan_steps(page: EpisodePage, *, user: User) -> list[NextStep]:
    steps = []
    open_cp = [plan for plan in page.protection_plans if plan.is_open]
    open_cin = [plan for plan in page.cin_plans if plan.is_open]
    for plan in open_cp:
        steps.append(_step("Record a core group meeting", "protection:core-group-new", plan.pk))
        steps.append(_step("Record a review conference", "protection:review-new", plan.pk))
    for cin_plan in open_cin:
        steps.append(_step("Review the child in need plan", "plans:review-new", cin_plan.pk))
        steps.append(_step("End the child in need plan", "plans:end", cin_plan.pk))
    if open_cp or open_cin:
        if permissions.can(user, Action.RECORD_VISIT, page.referral.child):
            steps.append(_step("Record a visit", "plans:visit-new", page.referral.pk))
    else:
        steps.append(_step("Start a child in need plan", "plans:new", page.referral.pk))
    return steps


def _episode_steps(page: EpisodePage, *, holder: Team | None) -> list[NextStep]:
    referral = page.referral
    steps = []
    if holder is not None and page.pending_transfer is None:
        steps.append(
            _step("Request a transfer to another team", "casework:transfer-new", referral.pk)
        )
    if page.pending_closure is None:
        steps.append(_step("Propose closing the episode", "record:close", referral.pk))
    return steps


def _review_steps(page: EpisodePage, *, user: User) -> list[NextStep]:
    """The answers waiting on `user`: a transfer to accept or decline, a closure to review."""
    steps = []
    transfer = page.pending_transfer
    if transfer is not None and permissions.can(user, Action.ACCEPT_TRANSFER, transfer):
        steps.append(
            _step(f"Answer the transfer to {transfer.to_team}", "casework:transfer", transfer.pk)
        )
    closure = page.pending_closure
    if closure is not None and permissions.can(user, Action.RETURN_CLOSURE, closure):
        steps.append(_step("Review the proposed closure", "record:closure", closure.pk))
    return steps


def closures_with_reviewers() -> QuerySet[Closure]:
    """Closures with who proposed and who reviewed them, for the closure page."""
    return Closure.objects.select_related("proposed_by", "reviewed_by")

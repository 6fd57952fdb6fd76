"""The worker's tray and the manager's team tray: reads only, each page in a fixed number of
queries whatever the data size.

The worker's tray is every open due item the worker owns: actions a manager directed, work a
manager returned with a comment, new allocations, new contacts on children they hold, notes to
read, warnings to review and every statutory deadline they own. Overdue items come first, then
the rest grouped by kind. The team tray is the manager's teams' overdue directed actions and the
approvals waiting for them (threshold decisions, assessments, closures, transfers to their team),
red and section 47 first, then the longest waiting.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncDate
from django.urls import reverse

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.assessments.models import Assessment
from opencsc.casework import risk
from opencsc.casework.models import Allocation, Closure, TeamTransfer
from opencsc.frontdoor.codes import Outcome, Rating
from opencsc.frontdoor.models import ContactChild, ContactDecision
from opencsc.people import display
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.protection.models import ProtectiveDecision
from opencsc.timescales import calendar, rules
from opencsc.timescales.models import DueItem
from opencsc.workforce.selectors import RECORD_PAGES
from opencsc.workforce.services import NOTICE_CODES

# The worker's tray, section by section: overdue work first, then each kind in this order.
OVERDUE = "Overdue"
KINDS: tuple[tuple[str, str], ...] = (
    (rules.DIRECTED_ACTION.code, "Actions directed to you"),
    (rules.RETURNED_TO_WORKER.code, "Returned to you by a manager"),
    (rules.NEW_ALLOCATION.code, "Cases newly allocated to you"),
    (rules.CONTACT_ON_HELD_CHILD.code, "New contacts on children you hold"),
    (rules.MISSING_POLICE_NOTIFICATION.code, "Children you hold reported missing"),
    (rules.NOTE_TO_READ.code, "Case notes to read"),
    (rules.WARNING_REVIEW.code, "Warnings to review"),
)
OTHER_DEADLINES = "Other deadlines you own"
SECTIONS = (OVERDUE, *(label for _, label in KINDS), OTHER_DEADLINES)


# Records the tray reads for a line's wording: the person a line is from, the manager's comment and
# when it was returned, and the directed action's own words. Each kind names its fields (None: the
# line does not show it); all of them are read in one query (`_details_for`).
@dataclass(frozen=True)
class Details:
    model: str
    from_whom: str
    comment: str | None = "manager_comment"
    returned_at: str | None = "reviewed_at"
    action: str | None = None
    # The record's own foreign key the line's link needs (the contact, the episode).
    link_id: str | None = None


RECORD_DETAILS: dict[str, Details] = {
    "casework.directionaction": Details(
        "casework.DirectionAction",
        "allocation__allocated_by",
        comment=None,
        returned_at=None,
        action="action",
    ),
    "casework.allocation": Details(
        "casework.Allocation", "allocated_by", comment=None, returned_at=None
    ),
    "frontdoor.contactdecision": Details(
        "frontdoor.ContactDecision", "reviewed_by", link_id="contact_id"
    ),
    "frontdoor.consentoverride": Details(
        "frontdoor.ConsentOverride", "reviewed_by", link_id="contact_id"
    ),
    "assessments.assessment": Details("assessments.Assessment", "reviewed_by"),
    "casework.closure": Details("casework.Closure", "reviewed_by", link_id="referral_id"),
    "protection.protectivedecision": Details("protection.ProtectiveDecision", "reviewed_by"),
    "protection.medicalnotheld": Details("protection.MedicalNotHeld", "reviewed_by"),
}


@dataclass
class TrayLine:
    """One line of a worker's tray: the due item, what it asks, who from, where to act."""

    item: DueItem
    section: str
    what: str
    url: str
    from_whom: Any = None
    comment: str = ""
    returned_at: Any = None
    is_notice: bool = False
    working_days_overdue: int = 0
    key: str = ""  # the mark-as-read form's one-time key

    @property
    def rule_label(self) -> str:
        return rules.get(self.item.rule).label


def worker_tray(user: User, *, today: date) -> QuerySet[DueItem]:
    """Every open due item `user` owns: overdue first (oldest due first), then by kind, soonest
    due first; `section` says which part of the tray each is in."""
    kind_order = [When(rule=code, then=Value(n + 1)) for n, (code, _) in enumerate(KINDS)]
    return (
        DueItem.objects.filter(owner=user, closed_at=None)
        .select_related("child", "team", "record_type")
        .annotate(
            section_order=Case(
                When(due_on__lt=today, then=Value(0)),
                *kind_order,
                default=Value(len(KINDS) + 1),
                output_field=IntegerField(),
            )
        )
        .order_by("section_order", "due_on", "pk")
    )


def own_items(user: User) -> QuerySet[DueItem]:
    """The due items `user` owns, open or closed: what they may mark as read."""
    return DueItem.objects.filter(owner=user).select_related("child")


# Further records whose own page takes their key (as their get_absolute_url gives it).
PAGES_BY_PK = {
    "protection.protectivedecision": "protection:decision",
    "protection.medicalnotheld": "protection:medical-not-held",
    "frontdoor.agencycheck": "frontdoor:check-detail",
}


@dataclass
class LineDetails:
    """What a tray line shows of its record (`RECORD_DETAILS`)."""

    from_whom: User | None = None
    comment: str = ""
    returned_at: Any = None
    action: str = ""
    link_id: int | None = None


def _column(path: str | None, field: models.Field) -> Any:
    return F(path) if path else Cast(Value(None), output_field=field)


def _details_for(items: list[DueItem]) -> dict[tuple[str, int], LineDetails]:
    """The details of the page's lines, in one query however many kinds of record the page holds
    (each kind a branch of a UNION; a kind not on the page asks for no row)."""
    ids: dict[str, list[int]] = {name: [0] for name in RECORD_DETAILS}
    for item in items:
        name = _kind(item)
        if name in ids:
            ids[name].append(item.record_id)
    branches = []
    for name, details in RECORD_DETAILS.items():
        model = apps.get_model(details.model)
        person = details.from_whom
        branches.append(
            model._default_manager.filter(pk__in=ids[name])
            .order_by()
            .annotate(
                d_kind=Value(name, output_field=models.CharField()),
                d_id=F("pk"),
                d_user=F(f"{person}__id"),
                d_first=F(f"{person}__first_name"),
                d_last=F(f"{person}__last_name"),
                d_username=F(f"{person}__username"),
                d_comment=_column(details.comment, models.TextField()),
                d_returned_at=_column(details.returned_at, models.DateTimeField()),
                d_action=_column(details.action, models.TextField()),
                d_link_id=_column(details.link_id, models.IntegerField()),
            )
            .values_list(*DETAIL_COLUMNS)
        )
    first, *rest = branches
    found: dict[tuple[str, int], LineDetails] = {}
    rows = first.union(*rest, all=True)
    for kind, pk, user_id, first_name, last_name, username, comment, at, action, link in rows:
        # Enough of the user to name them (str(user)) and to compare with another.
        sender = User(pk=user_id, first_name=first_name, last_name=last_name, username=username)
        found[(kind, pk)] = LineDetails(
            from_whom=sender if user_id is not None else None,
            comment=comment or "",
            returned_at=at,
            action=action or "",
            link_id=link,
        )
    return found


DETAIL_COLUMNS = (
    "d_kind",
    "d_id",
    "d_user",
    "d_first",
    "d_last",
    "d_username",
    "d_comment",
    "d_returned_at",
    "d_action",
    "d_link_id",
)


def _kind(item: DueItem) -> str:
    record_type = item.record_type
    return f"{record_type.app_label}.{record_type.model}"


def _link(item: DueItem, details: LineDetails | None) -> str:
    """Where the worker acts on the item: the record's own page, or the child's record. A record
    with no page of its own in `RECORD_PAGES` is opened through the tray (`open_item`), which
    reads it then: the tray itself reads no record to make its links."""
    name = _kind(item)
    if name == "casework.directionaction":
        # The action's own page: the worker records when it was done and what was done.
        return reverse("casework:action-done", args=[item.record_id])
    if name in ("frontdoor.contactdecision", "frontdoor.consentoverride") and details:
        return reverse("frontdoor:contact-detail", args=[details.link_id])
    if name == "casework.closure" and details:
        return reverse("record:close", args=[details.link_id])
    if name in RECORD_PAGES and name != "people.person":
        return reverse(RECORD_PAGES[name], args=[item.record_id])
    if name in PAGES_BY_PK:
        return reverse(PAGES_BY_PK[name], args=[item.record_id])
    if hasattr(item.record_type.model_class(), "get_absolute_url"):
        return reverse("workforce:tray-open", args=[item.pk])
    return reverse("record:child", args=[item.child_id]) if item.child_id else ""


def item_url(item: DueItem) -> str:
    """The page a tray item opens onto: its record's own page, or else the child's record."""
    model = item.record_type.model_class()
    record = model._default_manager.filter(pk=item.record_id).first() if model else None
    if record is not None and hasattr(record, "get_absolute_url"):
        return str(record.get_absolute_url())
    if item.child_id:
        return reverse("record:child", args=[item.child_id])
    return reverse("workforce:tray")


def tray_lines(viewer: User, items: list[DueItem], *, today: date) -> list[TrayLine]:
    """The page's due items as tray lines. What a line says of a restricted child's record (the
    action, the manager's comment) is left out for a viewer the record does not name."""
    found = _details_for(items)
    lines = []
    for item in items:
        details = found.get((_kind(item), item.record_id))
        hidden = item.child is not None and display.is_hidden(viewer, item.child)
        section = OVERDUE if item.due_on < today else dict(KINDS).get(item.rule, OTHER_DEADLINES)
        line = TrayLine(
            item=item,
            section=section,
            what=item.summary,
            url="" if hidden else _link(item, details),
            is_notice=item.rule in NOTICE_CODES,
            working_days_overdue=max(0, calendar.working_days_between(item.due_on, today)),
        )
        if details is not None:
            directed = _kind(item) == "casework.directionaction"
            if item.rule == rules.DIRECTED_ACTION.code and directed:
                line.from_whom = details.from_whom
                line.what = item.summary if hidden else details.action
            elif item.rule == rules.NEW_ALLOCATION.code and _kind(item) == "casework.allocation":
                line.from_whom = details.from_whom
            elif item.rule == rules.RETURNED_TO_WORKER.code and details.returned_at is not None:
                line.from_whom = details.from_whom
                line.returned_at = details.returned_at
                line.comment = "" if hidden else details.comment
        lines.append(line)
    return lines


# The manager's team tray

DECISION = "decision"
ASSESSMENT = "assessment"
CLOSURE = "closure"
TRANSFER = "transfer"
PROTECTIVE = "protective_decision"
DIRECTED = "directed_action"

COLUMNS = ("kind", "obj_id", "child_ref", "person_ref", "risk", "rating", "waiting_since")


@dataclass(frozen=True)
class Scope:
    """Whose team tray is read: the manager, the teams they manage (None: every team, for a head
    of service) and the day."""

    user: User
    team_ids: list[int] | None
    today: date

    def held_children(self) -> QuerySet:
        """The children whose case the teams hold (every child for a head of service)."""
        holding = Allocation.objects.filter(ended_on=None)
        if self.team_ids is not None:
            holding = holding.filter(team_id__in=self.team_ids)
        return holding.values("child_id")


@dataclass(frozen=True)
class TeamPart:
    """One kind of line on the team tray: its label, its rows for a manager (None when the kind is
    not theirs), and the page where the manager acts on one (None: the child's record).

    `rows` returns a queryset through `_row`: every part has the shape of COLUMNS, and the parts
    are read as one `UNION ALL` query, so a new kind of line is one more TeamPart in TEAM_PARTS."""

    kind: str
    label: str
    rows: Callable[[Scope], QuerySet | None]
    url_name: str | None = None


def _risky_child(child_ref: str) -> Q:
    """A child with a section 47 enquiry under way, or an open episode from a red contact or a
    section 47 decision (casework.risk, as every manager's queue)."""
    return risk.is_high_risk(child_ref)


def _risk(condition: Q) -> Case:
    return risk.risk_order(condition)


def _row(queryset: QuerySet, kind: str, **columns: Any) -> QuerySet:
    """One kind's rows in the shape every kind shares, so they are read as one list."""
    annotated = queryset.annotate(kind=Value(kind, output_field=CharField()), **columns)
    return annotated.order_by().values(*COLUMNS)


def _proposal(queryset: QuerySet, kind: str, scope: Scope, child: str = "child") -> QuerySet:
    """Proposals waiting for the manager: never their own, which another manager must authorise;
    a restricted child only when the record names them; waiting since the day proposed."""
    return _row(
        queryset.exclude(proposed_by=scope.user).filter(
            permissions.open_to_team_managers(scope.user, child)
        ),
        kind,
        obj_id=F("pk"),
        child_ref=F(f"{child}_id"),
        person_ref=F("proposed_by_id"),
        risk=_risk(_risky_child(f"{child}_id")),
        rating=risk.rating(f"{child}_id"),
        waiting_since=Cast(TruncDate("proposed_at"), models.DateField()),
    )


def _overdue_directed_actions(scope: Scope) -> QuerySet:
    directed = DueItem.objects.filter(
        rule=rules.DIRECTED_ACTION.code, closed_at=None, due_on__lt=scope.today
    ).filter(permissions.open_to_team_managers(scope.user))
    if scope.team_ids is not None:
        directed = directed.filter(team_id__in=scope.team_ids)
    return _row(
        directed,
        DIRECTED,
        obj_id=F("pk"),
        child_ref=F("child_id"),
        person_ref=F("owner_id"),
        risk=_risk(_risky_child("child_id")),
        rating=risk.rating("child_id"),
        waiting_since=F("due_on"),
    )


def _decisions(scope: Scope) -> QuerySet | None:
    """Threshold decisions waiting at the front door, for its managers: never one about a
    restricted child the record does not name them on."""
    user = scope.user
    if not (
        permissions.reads_front_door(user) and permissions.can(user, Action.AUTHORISE_DECISION)
    ):
        return None
    first_child = ContactChild.objects.filter(contact_id=OuterRef("contact_id")).order_by("pk")
    named = Person.named_staff.through.objects.filter(user_id=user.pk).values("person_id")
    restricted = ContactChild.objects.filter(
        contact_id=OuterRef("contact_id"), child__is_restricted=True
    ).exclude(child_id__in=named)
    decisions = ContactDecision.objects.filter(status=ContactDecision.Status.PROPOSED)
    return _row(
        decisions.exclude(proposed_by=user).exclude(Exists(restricted)),
        DECISION,
        obj_id=F("pk"),
        child_ref=Subquery(first_child.values("child_id")[:1]),
        person_ref=F("proposed_by_id"),
        risk=_risk(Q(contact__rating=Rating.RED) | Q(outcome=Outcome.SECTION_47)),
        rating=F("contact__rating"),
        waiting_since=Cast(TruncDate("proposed_at"), models.DateField()),
    )


def _assessments(scope: Scope) -> QuerySet:
    assessments = Assessment.objects.filter(status=Assessment.Status.PROPOSED)
    if scope.team_ids is not None:
        assessments = assessments.filter(child_id__in=scope.held_children())
    return _proposal(assessments, ASSESSMENT, scope)


def _closures(scope: Scope) -> QuerySet:
    closures = Closure.objects.filter(status=Closure.Status.PROPOSED)
    if scope.team_ids is not None:
        closures = closures.filter(referral__child_id__in=scope.held_children())
    return _proposal(closures, CLOSURE, scope, child="referral__child")


def _transfers(scope: Scope) -> QuerySet:
    transfers = TeamTransfer.objects.filter(status=TeamTransfer.Status.PROPOSED)
    if scope.team_ids is not None:
        transfers = transfers.filter(to_team_id__in=scope.team_ids)
    return _proposal(transfers, TRANSFER, scope)


def _protective_decisions(scope: Scope) -> QuerySet:
    """The protective decisions waiting (no section 47, a section 47 outcome with no conference,
    a plan ending outside a review conference): child protection work, so always high risk."""
    waiting = ProtectiveDecision.objects.filter(status=ProtectiveDecision.Status.PROPOSED)
    if scope.team_ids is not None:
        waiting = waiting.filter(child_id__in=scope.held_children())
    return _row(
        waiting.exclude(proposed_by=scope.user).filter(
            permissions.open_to_team_managers(scope.user)
        ),
        PROTECTIVE,
        obj_id=F("pk"),
        child_ref=F("child_id"),
        person_ref=F("proposed_by_id"),
        risk=Value(0, output_field=IntegerField()),
        rating=risk.rating("child_id"),
        waiting_since=Cast(TruncDate("proposed_at"), models.DateField()),
    )


# The kinds of line on the team tray, in one place: the page's labels and links and the union of
# rows all come from here.
TEAM_PARTS: tuple[TeamPart, ...] = (
    TeamPart(DIRECTED, "Directed action overdue", _overdue_directed_actions),
    TeamPart(DECISION, "Threshold decision to authorise", _decisions, "frontdoor:decision-review"),
    TeamPart(ASSESSMENT, "Assessment to authorise", _assessments, "assessments:review"),
    TeamPart(CLOSURE, "Closure to authorise", _closures, "record:closure"),
    TeamPart(TRANSFER, "Transfer to your team to answer", _transfers, "casework:transfer"),
    TeamPart(
        PROTECTIVE,
        "Child protection decision to authorise",
        _protective_decisions,
        "protection:decision",
    ),
)
TEAM_KINDS = {part.kind: part for part in TEAM_PARTS}


def team_tray(user: User, *, today: date) -> QuerySet:
    """The rows of the manager's team tray, as (kind, obj_id, child_ref, person_ref, risk, rating,
    waiting_since), one `UNION ALL` query of every part: red and section 47 first, then the
    longest waiting. The teams are those `user` manages (a head of service: every team); never
    their own proposals, which another manager must authorise; a restricted child only when the
    record names them. Read it through `core.rows.CompiledRows` to compile it once a page."""
    team_ids = permissions.managed_team_ids(user)
    if team_ids == []:
        return DueItem.objects.none()
    scope = Scope(user=user, team_ids=team_ids, today=today)
    parts = [rows for part in TEAM_PARTS if (rows := part.rows(scope)) is not None]
    first, *others = parts
    return first.union(*others, all=True).order_by("risk", "waiting_since", "kind", "obj_id")


@dataclass
class TeamTrayLine:
    """One line of the team tray: what waits, on which child, who proposed it or owns it, how
    long, and where the manager acts."""

    kind: str
    label: str
    child: Person | None
    person: User | None
    is_high_risk: bool
    rating: str
    waiting_since: date
    working_days: int
    url: str


def _team_url(kind: str, obj_id: int, child_id: int | None) -> str:
    url_name = TEAM_KINDS[kind].url_name
    if url_name is not None:
        return reverse(url_name, args=[obj_id])
    return reverse("record:child", args=[child_id]) if child_id else ""


def team_tray_lines(rows: list[dict[str, Any]], *, today: date) -> list[TeamTrayLine]:
    """The page's rows with their child and person: two queries whatever the page holds."""
    children = Person.objects.in_bulk([row["child_ref"] for row in rows if row["child_ref"]])
    people = User.objects.in_bulk([row["person_ref"] for row in rows if row["person_ref"]])
    return [
        TeamTrayLine(
            kind=row["kind"],
            label=TEAM_KINDS[row["kind"]].label,
            child=children.get(row["child_ref"]),
            person=people.get(row["person_ref"]),
            is_high_risk=row["risk"] == 0,
            rating=row["rating"] or "",
            waiting_since=row["waiting_since"],
            working_days=max(0, calendar.working_days_between(row["waiting_since"], today)),
            url=_team_url(row["kind"], row["obj_id"], row["child_ref"]),
        )
        for row in rows
    ]

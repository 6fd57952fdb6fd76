"""Reads for a worker's caseload, a team manager's view of the team's caseloads, and the manager's
alerts. Each page runs the same number of queries whatever the number of rows."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
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
from django.db.models.functions import Coalesce
from django.urls import reverse

from opencsc import permissions
from opencsc.accounts.models import Membership, Role, Team, User
from opencsc.assessments.models import Assessment
from opencsc.casework.models import Allocation
from opencsc.casework.services import CASE_HOLDING_TEAM_KINDS
from opencsc.people.models import Person
from opencsc.plans.models import CINPlan
from opencsc.protection.models import ProtectionPlan
from opencsc.timescales import calendar, rules
from opencsc.timescales.models import DueItem
from opencsc.workforce.alerts import ALERT_RULES, IMMEDIATE_KINDS, OVERDUE_KINDS, AlertRule


class Stage:
    """Where a child's episode is, as the caseload shows it."""

    CP_PLAN = "Child protection plan"
    CIN_PLAN = "Child in need plan"
    ASSESSMENT = "Assessment"
    OTHER = "Other"


def caseload_standard() -> int:
    """The number of open cases a worker should hold at most (OPENCSC_CASELOAD_STANDARD)."""
    return int(settings.OPENCSC_CASELOAD_STANDARD)


def _open_items(child_ref: str) -> QuerySet[DueItem]:
    return DueItem.objects.filter(child_id=OuterRef(child_ref), closed_at=None).exclude(
        rule__in=rules.FRONT_DOOR_CODES
    )


def _count(items: QuerySet, group_by: str) -> Coalesce:
    """A correlated count of `items`, zero when there are none."""
    counted = items.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def my_caseload(user: User, *, today: date) -> QuerySet[Allocation]:
    """The worker's open cases: each child, the team, where the episode is, the next deadline and
    how many are overdue; soonest deadline first."""
    child = "child_id"
    next_item = _open_items(child).order_by("due_on", "pk")
    named = Person.named_staff.through.objects.filter(person_id=OuterRef(child), user_id=user.pk)
    return (
        Allocation.objects.filter(worker=user, ended_on=None)
        .select_related("child", "team", "referral")
        .annotate(
            stage=Case(
                When(
                    Exists(ProtectionPlan.objects.filter(child_id=OuterRef(child), ended_on=None)),
                    then=Value(Stage.CP_PLAN),
                ),
                When(
                    Exists(CINPlan.objects.filter(child_id=OuterRef(child), ended_on=None)),
                    then=Value(Stage.CIN_PLAN),
                ),
                When(
                    Exists(
                        Assessment.objects.filter(child_id=OuterRef(child)).exclude(
                            status=Assessment.Status.AUTHORISED
                        )
                    ),
                    then=Value(Stage.ASSESSMENT),
                ),
                default=Value(Stage.OTHER),
                output_field=CharField(),
            ),
            next_due_on=Subquery(next_item.values("due_on")[:1]),
            next_due_summary=Subquery(next_item.values("summary")[:1]),
            overdue_count=_count(_open_items(child).filter(due_on__lt=today), "child_id"),
            may_open=Case(
                When(child__is_restricted=False, then=Value(True)),
                When(Exists(named), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by(F("next_due_on").asc(nulls_last=True), "child__last_name", "pk")
    )


def overseen_teams(team_ids: list[int] | None) -> QuerySet[Team]:
    """The case-holding teams a manager oversees (None: every team), each with its count of cases
    held by no worker."""
    teams = Team.objects.filter(is_active=True, kind__in=CASE_HOLDING_TEAM_KINDS)
    if team_ids is not None:
        teams = teams.filter(pk__in=team_ids)
    unallocated = Allocation.objects.filter(team_id=OuterRef("pk"), ended_on=None, worker=None)
    return teams.annotate(unallocated=_count(unallocated, "team_id")).order_by("name")


def team_caseloads(team_ids: list[int] | None, *, today: date) -> QuerySet[Membership]:
    """Each worker in the given teams (None: every team) with their open cases and overdue
    deadlines, busiest first; `over_standard` marks caseloads above the standard."""
    memberships = Membership.objects.filter(
        user__is_active=True,
        user__role__in=permissions.CASE_HOLDING_ROLES,
        team__is_active=True,
        team__kind__in=CASE_HOLDING_TEAM_KINDS,
    )
    if team_ids is not None:
        memberships = memberships.filter(team_id__in=team_ids)
    cases = Allocation.objects.filter(worker_id=OuterRef("user_id"), ended_on=None)
    overdue = DueItem.objects.filter(
        owner_id=OuterRef("user_id"), closed_at=None, due_on__lt=today
    ).exclude(rule__in=rules.FRONT_DOOR_CODES)
    standard = caseload_standard()
    return (
        memberships.select_related("user", "team")
        .annotate(open_cases=_count(cases, "worker_id"), overdue_count=_count(overdue, "owner_id"))
        .annotate(
            over_standard=Case(
                When(open_cases__gt=standard, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("team__name", "-open_cases", "user__last_name", "pk")
    )


# Manager alerts

# Where an alert's record opens, by the record's model (content type "app_label.model").
RECORD_PAGES = {
    "frontdoor.contact": "frontdoor:contact-detail",
    "casework.referral": "record:episode",
    "casework.teamtransfer": "casework:transfer",
    "assessments.assessment": "assessments:detail",
    "protection.section47enquiry": "protection:enquiry",
    "protection.strategydiscussion": "protection:strategy",
    "protection.protectionplan": "protection:plan",
    "plans.cinplan": "plans:detail",
    "plans.visit": "plans:visit",
    # A return home interview overdue: the interview page, which every reader of the episode opens.
    "missing.missingepisode": "missing:interview",
    # A record restricted while its referral is open: the alert opens the restriction, which a
    # head of service manages without being able to open the record.
    "people.person": "casework:restrict",
}


def record_url(item: DueItem) -> str:
    """The page of the record a due item is about ('' when it has none)."""
    record_type = item.record_type
    name = RECORD_PAGES.get(f"{record_type.app_label}.{record_type.model}")
    return reverse(name, args=[item.record_id]) if name is not None else ""


@dataclass
class Alert:
    """One alert on a manager's list: the due item, the rule it breaks, how late it is."""

    item: DueItem
    rule: AlertRule
    working_days_overdue: int
    record_url: str

    @property
    def acknowledgement(self) -> object | None:
        return getattr(self.item, "acknowledgement", None)


def alert_scope(user: User) -> QuerySet[DueItem]:
    """Due items of the alert rules, for the teams `user` oversees and children they may see,
    each with its child, team, owner and record type."""
    items = DueItem.objects.filter(rule__in=list(ALERT_RULES))
    team_ids = permissions.managed_team_ids(user)
    if team_ids is not None:
        # The manager's own teams' items: only restricted records need a further check.
        items = items.filter(team_id__in=team_ids).filter(permissions.open_to_team_managers(user))
    else:
        seen = Q(child__isnull=True) | permissions.visible_child_condition(user, "child__")
        if user.role == Role.HEAD_OF_SERVICE:
            # Alerted to a restriction on a record that need not name them (shown without a name).
            seen |= Q(rule=rules.RESTRICTED_WITH_OPEN_REFERRAL.code)
        items = items.filter(seen)
    return items.select_related("child", "team", "owner", "record_type")


def manager_alerts(
    user: User,
    *,
    today: date,
    now: datetime | None = None,
    acknowledged: bool = False,
    kind: str = "",
) -> QuerySet[DueItem]:
    """The alerts for the teams `user` oversees, oldest first: open due items of the alert rules
    that are overdue (or, for an immediate rule, open at all), not yet acknowledged; or, with
    `acknowledged`, those acknowledged, most recent first. `kind` keeps one rule's alerts. A rule
    counted in hours (its items have a `due_at`) is overdue the moment `now` passes it; a rule
    counted in days, the day after its `due_on`."""
    items = alert_scope(user)
    if kind:
        items = items.filter(rule=kind)
    if acknowledged:
        return (
            items.filter(acknowledgement__isnull=False)
            .select_related("acknowledgement__acknowledged_by")
            .order_by("-acknowledgement__acknowledged_at", "-pk")
        )
    overdue = Q(due_at__isnull=True, due_on__lt=today)
    if now is not None:
        overdue |= Q(due_at__lt=now)
    live = Q(rule__in=IMMEDIATE_KINDS) | (Q(rule__in=OVERDUE_KINDS) & overdue)
    return items.filter(live, closed_at=None, acknowledgement__isnull=True).order_by("due_on", "pk")


def as_alerts(items: list[DueItem], *, today: date) -> list[Alert]:
    """The page's due items as alerts, with how late each is and the link to its record."""
    return [
        Alert(
            item=item,
            rule=ALERT_RULES[item.rule],
            working_days_overdue=max(0, calendar.working_days_between(item.due_on, today)),
            record_url=record_url(item),
        )
        for item in items
    ]

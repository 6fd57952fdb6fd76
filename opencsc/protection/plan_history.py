"""Reads of a child protection plan's earlier versions: what the plan said before each revision
(outcomes, what must change, the contingency, the views, the lead social worker, the category)
and each change to its actions, with who made it and when. Every version is kept by
django-simple-history (`ProtectionPlan.history`, `ProtectionPlanAction.history`); this page shows
them, newest first, in four queries whatever the plan's history holds."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from opencsc.accounts.models import Agency, User
from opencsc.protection.models import ProtectionPlan, ProtectionPlanAction

# What the page compares between versions of the plan, in the order it shows them.
PLAN_FIELDS = (
    "outcomes",
    "what_must_change",
    "contingency",
    "child_views",
    "parents_views",
    "lead_social_worker_id",
    "latest_category",
    "ended_on",
    "end_reason",
)
LABELS = {
    "lead_social_worker_id": "Lead social worker",
    "latest_category": "Category of abuse",
    "ended_on": "Ended on",
    "end_reason": "Why the plan ended",
}
NONE = "None"
# Most versions (and action changes) the page lists: a plan revised at every core group over a
# year has a few dozen.
SHOWN = 60


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass
class PlanVersion:
    """One saved version of the plan that changed what it says."""

    at: datetime
    by: str
    changes: list[Change] = field(default_factory=list)
    first: bool = False


@dataclass(frozen=True)
class ActionChange:
    """One change to an action: added, changed (its text, who, when, status) or removed."""

    at: datetime
    by: str
    what: str
    action: str
    who: str
    due_on: date
    status: str


def _label(name: str) -> str:
    if name in LABELS:
        return LABELS[name]
    field = ProtectionPlan._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


def _shown(row: Any, name: str, users: dict[int, User]) -> str:
    value = getattr(row, name)
    if value in (None, ""):
        return NONE
    if name == "lead_social_worker_id":
        lead = users.get(value)
        return lead.display_name if lead is not None else NONE
    if name in ("latest_category", "end_reason"):
        return str(getattr(row, f"get_{name}_display")())
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    return str(value)


def _by(row: Any) -> str:
    user = row.history_user
    return user.display_name if user is not None else "System"


def plan_versions(plan: ProtectionPlan) -> list[PlanVersion]:
    """The plan's versions that changed what it says, newest first (the first written, too)."""
    rows = list(
        plan.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : SHOWN + 1
        ]
    )
    leads = {row.lead_social_worker_id for row in rows if row.lead_social_worker_id}
    users = User.objects.in_bulk(sorted(leads) or [0])
    versions: list[PlanVersion] = []
    # A plan loaded in bulk (the demo's) has no saved version: nothing to compare.
    olders: list[Any] = [*rows[1:], None] if rows else []
    for version, older in zip(rows, olders, strict=True):
        if older is None:
            if len(rows) <= SHOWN:  # the plan's first version is on the page
                versions.append(PlanVersion(version.history_date, _by(version), first=True))
            continue
        changes = [
            Change(_label(name), _shown(older, name, users), _shown(version, name, users))
            for name in PLAN_FIELDS
            if getattr(older, name) != getattr(version, name)
        ]
        if changes:
            versions.append(PlanVersion(version.history_date, _by(version), changes))
    return versions[:SHOWN]


ACTION_WHAT = {"+": "Added", "~": "Changed", "-": "Removed"}


def action_changes(plan: ProtectionPlan) -> list[ActionChange]:
    """Each change to the plan's actions, newest first."""
    rows = list(
        ProtectionPlanAction.history.filter(plan_id=plan.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:SHOWN]
    )
    agencies = Agency.objects.in_bulk(
        sorted({row.agency_id for row in rows if row.agency_id}) or [0]
    )

    def who(row: Any) -> str:
        agency = agencies.get(row.agency_id) if row.agency_id else None
        return ", ".join(part for part in (agency.name if agency else "", row.who) if part)

    return [
        ActionChange(
            at=row.history_date,
            by=_by(row),
            what=ACTION_WHAT.get(row.history_type, "Changed"),
            action=row.action,
            who=who(row),
            due_on=row.due_on,
            status=row.get_status_display(),
        )
        for row in rows
    ]

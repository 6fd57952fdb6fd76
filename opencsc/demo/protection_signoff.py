"""The demo's protective decisions (issue 13, part 4): every strategy discussion that started no
section 47 enquiry, and every enquiry concluded with concerns not substantiated or with no
conference needed, was proposed by its worker and authorised by a manager of the team holding the
case that day (another manager when the worker is the manager). A few wait for a manager today:
the "no section 47" decisions of the last five working days on open episodes (or at least the
latest), and the outcome of the second of every three enquiries still open (their initial
conference clock still running). Nothing here is drawn from the random source, so every other
table stays the same."""

from datetime import date, datetime, timedelta
from typing import Any

from opencsc.accounts.models import Role, User
from opencsc.casework.models import Allocation, Referral
from opencsc.demo.pathway.saving import PathwaySaver
from opencsc.demo.vocabulary import ENQUIRY_OUTCOME_REASONS
from opencsc.protection.models import ProtectiveDecision, Section47Enquiry, StrategyDiscussion
from opencsc.timescales import calendar

COLUMNS = (
    "child_id",
    "referral_id",
    "decision_kind",
    "strategy_discussion_id",
    "enquiry_id",
    "plan_id",
    "decided_on",
    "enquiry_outcome",
    "end_reason",
    "reason",
    "status",
    "proposed_by_id",
    "proposed_at",
    "reviewed_by_id",
    "reviewed_at",
    "manager_comment",
)
WAITING_EVERY = 3
REVIEW_AFTER = timedelta(hours=2)


class _Managers:
    """Who authorises for a child on a day: a manager of the team holding the case then, never
    the proposer (a head of service instead)."""

    def __init__(self, saver: PathwaySaver, children: set[int]) -> None:
        self.members = saver.build.members
        self.held: dict[int, list[tuple[date, int]]] = {}
        rows = Allocation.objects.filter(child_id__in=children).values_list(
            "child_id", "started_on", "team_id"
        )
        for child_id, started_on, team_id in rows.order_by("started_on", "pk"):
            self.held.setdefault(child_id, []).append((started_on, team_id))
        self.head = User.objects.filter(role=Role.HEAD_OF_SERVICE, is_active=True).order_by("pk")[0]

    def on(self, child_id: int, day: date, *, proposer_id: int) -> User:
        team_id = None
        for started_on, team in self.held.get(child_id, []):
            if started_on <= day or team_id is None:
                team_id = team
        managers = self.members.get(team_id or 0, {}).get(Role.TEAM_MANAGER, [])
        manager = next((user for user in managers if user.pk != proposer_id), None)
        return manager or self.head


def save_protective_decisions(saver: PathwaySaver) -> None:
    """The protective decisions of the strategy discussions and enquiries already saved."""
    today = saver.today
    recent = calendar.subtract_working_days(today, 5)
    yesterday = calendar.subtract_working_days(today, 1)
    discussions = list(
        StrategyDiscussion.objects.filter(
            start_section_47=False, pk__gt=saver.build.floor(StrategyDiscussion)
        )
        .values_list(
            "pk", "child_id", "referral_id", "held_at", "decision_reason", "recorded_by_id"
        )
        .order_by("pk")
    )
    open_referrals = set(
        Referral.objects.filter(status=Referral.Status.OPEN).values_list("pk", flat=True)
    )
    enquiries = list(
        Section47Enquiry.objects.filter(
            conference__isnull=True, pk__gt=saver.build.floor(Section47Enquiry)
        )
        .exclude(outcome=Section47Enquiry.Outcome.CONFERENCE)
        .values_list(
            "pk",
            "child_id",
            "referral_id",
            "started_on",
            "completed_on",
            "outcome",
            "outcome_reason",
            "recorded_by_id",
        )
        .order_by("pk")
    )
    managers = _Managers(saver, {row[1] for row in discussions} | {row[1] for row in enquiries})
    rows: list[tuple[Any, ...]] = []

    def add(kind: str, child: int, referral: int, day: date, by: int, **values: Any) -> None:
        proposed_at = saver.midday(day)
        assert proposed_at is not None  # noqa: S101
        waiting = values.pop("waiting", False)
        manager = None if waiting else managers.on(child, day, proposer_id=by)
        reviewed_at: datetime | None = None if waiting else proposed_at + REVIEW_AFTER
        rows.append(
            (
                child,
                referral,
                kind,
                values.get("discussion"),
                values.get("enquiry"),
                None,
                day,
                values.get("outcome", ""),
                "",
                values["reason"],
                "proposed" if waiting else "authorised",
                by,
                proposed_at,
                manager.pk if manager else None,
                reviewed_at,
                "",
            )
        )

    for pk, child, referral, held_at, reason, by in discussions:
        day = held_at.astimezone(saver.zone).date()
        waiting = day >= recent and referral in open_referrals
        add(
            "no_section_47", child, referral, day, by, discussion=pk, reason=reason, waiting=waiting
        )
    waited = 0
    for pk, child, referral, started_on, completed_on, outcome, reason, by in enquiries:
        if completed_on is not None:
            add(
                "enquiry_outcome",
                child,
                referral,
                completed_on,
                by,
                enquiry=pk,
                outcome=outcome,
                reason=reason,
            )
        elif started_on <= yesterday and referral in open_referrals:
            waited += 1
            if waited % WAITING_EVERY == 2:
                add(
                    "enquiry_outcome",
                    child,
                    referral,
                    max(started_on, yesterday),
                    by,
                    enquiry=pk,
                    outcome=Section47Enquiry.Outcome.NOT_SUBSTANTIATED,
                    reason=ENQUIRY_OUTCOME_REASONS[Section47Enquiry.Outcome.NOT_SUBSTANTIATED],
                    waiting=True,
                )
    if not any(row[10] == "proposed" for row in rows):
        _leave_the_latest_waiting(rows, open_referrals)
    saver.build.insert("protective decisions", ProtectiveDecision, COLUMNS, rows)


def _leave_the_latest_waiting(rows: list[tuple[Any, ...]], open_referrals: set[int]) -> None:
    """Every size shows one decision waiting: the latest "no section 47" on an open episode."""
    candidates = [
        n for n, row in enumerate(rows) if row[2] == "no_section_47" and row[1] in open_referrals
    ]
    if candidates:
        n = max(candidates, key=lambda index: rows[index][6])
        rows[n] = (*rows[n][:10], "proposed", rows[n][11], rows[n][12], None, None, "")

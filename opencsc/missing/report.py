"""The missing children report (issue 14, part 6): figures for a period, for the partnership and
senior managers. Two queries whatever the number of episodes: one grouped by police risk grading
and whether the child was known to social care, one for the children counted once each.

An episode counts in the period when the child was last seen (`missing_since`) on a day within
it. "Known to social care" means a team held the child's case when the episode was recorded or
matched (`held_by_team`); "not known" is every other episode, including children the police named
and the MASH has not matched yet. A return home interview is "offered within 72 hours" when an
offer the child accepted or declined, or the interview itself, is recorded at or before 72 elapsed
hours after the return (`rules.RETURN_HOME_INTERVIEW`); an attempt that could not reach the child
is not an offer.
"""

import csv
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from io import StringIO

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from opencsc.core import replica
from opencsc.core.exports import safe_cell
from opencsc.missing.codes import AbsenceKind, OfferOutcome, PoliceRisk
from opencsc.missing.models import InterviewAttempt, MissingEpisode, ReturnInterview
from opencsc.timescales import rules
from opencsc.timescales.rules import Hours

KNOWN = "known"
NOT_KNOWN = "not_known"
ALL = "all"
COLUMNS = ((KNOWN, "Known to social care"), (NOT_KNOWN, "Not known"), (ALL, "All"))

# The counted measures, in the order the page and the download show them: (key, label).
MEASURES = (
    ("episodes", "Missing episodes"),
    ("missing", "Of which missing"),
    ("absent", "Of which absent (away without authorisation)"),
    ("children", "Children (matched to a record)"),
    ("unmatched", "Episodes of a child not matched to a record yet"),
    ("returned", "Children found or returned"),
    ("offered_in_time", "Return home interview offered within 72 hours of the return"),
    ("held", "Return home interview held"),
)
# The measures shown by risk grading.
RISK_MEASURES = (
    ("episodes", "Missing episodes"),
    ("offered_in_time", "Offered within 72 hours"),
    ("held", "Interview held"),
)


def default_period(today: date) -> tuple[date, date]:
    """The last 12 months up to and including `today`."""
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28)
    return start + timedelta(days=1), today


@dataclass
class Report:
    """The figures for a period: `totals[measure][column]`, and `by_risk[risk][measure][column]`
    (no distinct children by risk: a child may be graded differently in each episode)."""

    start: date
    end: date
    # Read from the read replica (core.replica), which may be a few seconds behind the records.
    may_lag: bool = False
    totals: dict[str, dict[str, int]] = field(default_factory=dict)
    by_risk: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, list[int]]]:
        """The totals as (label, [known, not known, all]) rows."""
        return [
            (label, [self.totals[key][column] for column, _ in COLUMNS]) for key, label in MEASURES
        ]

    def risk_rows(self) -> list[tuple[str, list[int]]]:
        """By risk grading: (grading, [episodes known, not known, offered known, not known, held
        known, not known])."""
        return [
            (
                PoliceRisk(risk).label,
                [
                    self.by_risk[risk][key][column]
                    for key, _ in RISK_MEASURES
                    for column in (KNOWN, NOT_KNOWN)
                ],
            )
            for risk in PoliceRisk.values
        ]


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _interview_period() -> timedelta:
    """The return home interview's 72 hours, as the rule states them."""
    period = rules.RETURN_HOME_INTERVIEW.effective_period()
    if not isinstance(period, Hours):
        raise TypeError("The return home interview is counted in hours.")
    return timedelta(hours=period.n)


def episodes_in(start: date, end: date) -> QuerySet[MissingEpisode]:
    """The episodes whose child was last seen on a day from `start` to `end` (inclusive), each
    with whether the child was known, and whether the interview was offered in time and held."""
    deadline = ExpressionWrapper(
        F("returned_at") + _interview_period(), output_field=DateTimeField()
    )
    offered = InterviewAttempt.objects.filter(
        episode=OuterRef("pk"),
        outcome__in=[OfferOutcome.ACCEPTED, OfferOutcome.DECLINED],
        attempted_at__lte=OuterRef("interview_deadline"),
    )
    held_in_time = ReturnInterview.objects.filter(
        episode=OuterRef("pk"), held_at__lte=OuterRef("interview_deadline")
    )
    return (
        MissingEpisode.objects.filter(
            missing_since__gte=_start_of(start),
            missing_since__lt=_start_of(end + timedelta(days=1)),
        )
        .annotate(interview_deadline=deadline)
        .annotate(
            known=Case(
                When(held_by_team__isnull=False, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            offered_in_time=Case(
                When(Exists(offered), then=Value(True)),
                When(Exists(held_in_time), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            held=Exists(ReturnInterview.objects.filter(episode=OuterRef("pk"))),
        )
    )


def _counts() -> dict[str, Count]:
    return {
        "episodes": Count("pk"),
        "missing": Count("pk", filter=Q(absence=AbsenceKind.MISSING)),
        "absent": Count("pk", filter=Q(absence=AbsenceKind.ABSENT)),
        "unmatched": Count("pk", filter=Q(child__isnull=True)),
        "returned": Count("pk", filter=Q(returned_at__isnull=False)),
        "offered_in_time": Count("pk", filter=Q(offered_in_time=True)),
        "held": Count("pk", filter=Q(held=True)),
    }


def missing_report(start: date, end: date) -> Report:
    """The figures for the period from `start` to `end`, inclusive (two queries, on the read
    replica when there is one: docs/deployment.md)."""
    episodes = replica.for_reports(episodes_in(start, end))
    report = Report(start=start, end=end, may_lag=replica.replica_may_lag())
    empty = dict.fromkeys((KNOWN, NOT_KNOWN, ALL), 0)
    report.totals = {key: dict(empty) for key, _ in MEASURES}
    report.by_risk = {
        risk: {key: dict(empty) for key, _ in RISK_MEASURES} for risk in PoliceRisk.values
    }
    grouped = episodes.order_by().values("police_risk", is_known=F("known")).annotate(**_counts())
    for row in grouped:
        column = KNOWN if row["is_known"] else NOT_KNOWN
        for key, _ in MEASURES:
            if key == "children":
                continue
            report.totals[key][column] += row[key]
            report.totals[key][ALL] += row[key]
        if row["police_risk"] in report.by_risk:
            for key, _ in RISK_MEASURES:
                report.by_risk[row["police_risk"]][key][column] += row[key]
                report.by_risk[row["police_risk"]][key][ALL] += row[key]
    children = episodes.order_by().aggregate(
        children_known=Count("child", distinct=True, filter=Q(known=True)),
        children_not_known=Count("child", distinct=True, filter=Q(known=False)),
        children_all=Count("child", distinct=True),
    )
    report.totals["children"] = {
        column: children[f"children_{column}"] or 0 for column, _ in COLUMNS
    }
    return report


def as_csv(report: Report) -> str:
    """The report as CSV text: one line for each figure. Every cell goes through
    `core.exports.safe_cell`, so nothing in it runs as a spreadsheet formula."""
    out = StringIO()
    writer = csv.writer(out)
    period = f"{report.start.isoformat()} to {report.end.isoformat()}"
    writer.writerow(
        [safe_cell(cell) for cell in ("Period", "Section", "Measure", *(c for _, c in COLUMNS))]
    )
    for label, values in report.rows():
        writer.writerow([safe_cell(cell) for cell in (period, "All gradings", label, *values)])
    for risk in PoliceRisk.values:
        for key, label in RISK_MEASURES:
            figures = report.by_risk[risk][key]
            writer.writerow(
                [
                    safe_cell(cell)
                    for cell in (
                        period,
                        f"Police risk: {PoliceRisk(risk).label}",
                        label,
                        figures[KNOWN],
                        figures[NOT_KNOWN],
                        figures[ALL],
                    )
                ]
            )
    return out.getvalue()

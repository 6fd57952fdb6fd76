"""The CIN census record invariants as one set of checks, each returning the problems it finds
(empty when the rule holds): the closure runs them before an episode closes, the demo's tests on
the built data, and later the statutory returns' data-quality page."""

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS

from opencsc.casework import selectors as casework
from opencsc.casework.models import Closure, Referral
from opencsc.casework.services import CLOSED_AFTER_ASSESSMENT
from opencsc.record.contributors import CONTRIBUTORS

# What an episode closed after assessment (RC8, RC9) cannot hold (CIN census 8867).
BEYOND_ASSESSMENT = frozenset({"section 47 enquiry", "child protection plan", "child in need plan"})


def census_records(referral: Referral) -> set[str]:
    """The kinds of CIN census record the episode holds (empty: no further action)."""
    return set().union(*(app.census_records(referral) for app in CONTRIBUTORS))


def latest_episode_date(
    referral: Referral, *, open_allocation: bool = True
) -> tuple[date, str] | None:
    """The latest date recorded on the episode, and what it was (CIN census 8565: the episode
    cannot close before any of them). `open_allocation`: count the child's current allocation."""
    dated = [pair for app in CONTRIBUTORS for pair in app.episode_dates(referral)]
    allocation = casework.current_allocation(referral.child) if open_allocation else None
    if allocation is not None:
        dated.append((allocation.started_on, "the current allocation"))
    return max(dated, key=lambda pair: pair[0]) if dated else None


def closure_problems(referral: Referral, *, closed_on: date, reason: str) -> dict[str, list[str]]:
    """What stops the episode closing on `closed_on` for `reason`, by form field: the CIN census
    record invariants (8565, 8867, 8868, 2990, 8825Q) and an open child protection plan."""
    problems: dict[str, list[str]] = {}
    for app in CONTRIBUTORS:
        for key, message in app.closure_problems(referral, closed_on=closed_on, reason=reason):
            problems.setdefault(key or NON_FIELD_ERRORS, []).append(message)
    if reason in CLOSED_AFTER_ASSESSMENT and census_records(referral) & BEYOND_ASSESSMENT:
        problems.setdefault("reason", []).append(
            "Closed after assessment cannot follow a section 47 enquiry, a child "
            "protection plan or a child in need plan: choose another reason"
        )
    last = latest_episode_date(referral)
    if last is not None and closed_on < last[0]:
        problems.setdefault("closed_on", []).append(
            f"The closure date cannot be before {last[1]} on {last[0]:%-d %B %Y}"
        )
    return problems


def closed_episode_problems(referral: Referral) -> list[str]:
    """What breaks the census rules on a closed episode: nothing dated after its closure (8565),
    no further action only with no census record, closed after assessment (RC8, RC9) only with
    an assessment and nothing beyond it (8867), and the closure authorised on its date."""
    problems: list[str] = []
    closed_on = referral.closed_on
    if referral.status != Referral.Status.CLOSED or closed_on is None:
        return problems
    last = latest_episode_date(referral, open_allocation=False)
    if last is not None and last[0] > closed_on:
        problems.append(f"{last[1]} on {last[0]:%-d %B %Y} is after the closure")
    records = census_records(referral)
    if referral.is_nfa and records:
        problems.append("No further action, but the episode holds " + ", ".join(sorted(records)))
    if referral.closure_reason in CLOSED_AFTER_ASSESSMENT and (
        "assessment" not in records or records & BEYOND_ASSESSMENT
    ):
        problems.append("Closed after assessment, but the episode holds more or no assessment")
    authorised = Closure.objects.filter(referral=referral, status=Closure.Status.AUTHORISED)
    if list(authorised.values_list("closed_on", flat=True)) != [closed_on]:
        problems.append("The closure date is not that of its authorised closure")
    return problems

"""The CIN census rules on a closed episode (record.census.closed_episode_problems)."""

from datetime import date

from opencsc.record import census
from opencsc.record.closure import authorise_closure, propose_closure
from tests.casework.factories import AssessmentFactory, CINPlanFactory
from tests.record.test_closure import SUMMARY, held  # noqa: F401


def _close(referral, *, worker, manager, reason="RC7"):
    closure = propose_closure(
        referral=referral,
        closed_on=date(2026, 5, 29),
        reason=reason,
        summary=SUMMARY,
        open_items_note="",
        by=worker,
    )
    authorise_closure(closure=closure, by=manager)
    referral.refresh_from_db()
    return referral


def test_an_episode_closed_through_the_closure_keeps_the_rules(held, worker, manager):  # noqa: F811
    AssessmentFactory(referral=held, authorised=True)

    assert census.closed_episode_problems(_close(held, worker=worker, manager=manager)) == []


def test_a_record_dated_after_the_closure_breaks_the_rules(held, worker, manager):  # noqa: F811
    closed = _close(held, worker=worker, manager=manager)
    CINPlanFactory(referral=closed, started_on=date(2026, 5, 30))

    assert census.closed_episode_problems(closed) == [
        "a child in need plan on 30 May 2026 is after the closure",
        "No further action, but the episode holds child in need plan",
    ]

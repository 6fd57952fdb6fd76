"""What case notes contribute to the child's record (the interface every pathway app offers the
record composer: see opencsc/record/contributors.py). Notes belong to the child, not to one
episode: nothing on the episode page, and nothing stops or ends with a closure (a call after an
episode closed is still recorded)."""

from datetime import date
from typing import Any

from opencsc.accounts.models import User
from opencsc.casework.models import Closure, Referral
from opencsc.notes import selectors
from opencsc.people.models import Person


def episode_dates(referral: Referral) -> list[tuple[date, str]]:
    return []


def census_records(referral: Referral) -> set[str]:
    return set()


def closure_problems(referral: Referral, *, closed_on: date, reason: str) -> list[tuple[str, str]]:
    return []


def end_for_closure(closure: Closure, *, by: User) -> None:
    return None


def episode_section(referral: Referral) -> dict[str, list[Any]]:
    return {}


def record_section(child: Person, *, user: User) -> dict[str, list[Any]]:
    """The child's latest case notes (the viewer's drafts among them), each with the other
    children it is about, in three queries whatever their number."""
    return {"case_notes": selectors.recent_notes(child, viewer=user)}

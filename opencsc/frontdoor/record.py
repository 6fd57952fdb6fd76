"""What the front door contributes to the child's record, the episode page and the episode's
closure (the interface every pathway app offers the record composer: see
opencsc/record/contributors.py)."""

from datetime import date
from typing import Any

from opencsc.accounts.models import User
from opencsc.casework.models import Closure, Referral
from opencsc.frontdoor import selectors
from opencsc.people.models import Person


def episode_dates(referral: Referral) -> list[tuple[date, str]]:
    """None: the contact is dated before the referral that opens the episode."""
    return []


def census_records(referral: Referral) -> set[str]:
    """None: the referral itself is the casework kernel's."""
    return set()


def closure_problems(referral: Referral, *, closed_on: date, reason: str) -> list[tuple[str, str]]:
    """None: the MASH's own deadlines stay open after the episode closes."""
    return []


def end_for_closure(closure: Closure, *, by: User) -> None:
    """Nothing: the MASH's work on a contact is not part of the episode."""


def episode_section(referral: Referral) -> dict[str, list[Any]]:
    """Nothing: the episode page links to the contact through its referral."""
    return {}


def record_section(child: Person, *, user: User) -> dict[str, list[Any]]:
    """The child's most recent contacts, each with its decision and referral."""
    return {"contacts": selectors.contacts_for_child(child)}

"""The one list of the apps that contribute to the child's record, the episode page and the
episode's closure. A new pathway app adds a `record.py` module with these functions (or, when its
rows belong to the child alone, a `casework.contributions.ChildOnly` of its record section) and is
listed here; the composer reads no app's tables itself."""

from datetime import date
from typing import Any, Protocol

from opencsc.accounts.models import User
from opencsc.assessments import record as assessments
from opencsc.casework.models import Closure, Referral
from opencsc.exploitation import record as exploitation
from opencsc.frontdoor import record as frontdoor
from opencsc.missing import record as missing
from opencsc.people.models import Person
from opencsc.plans import record as plans
from opencsc.privatefostering import record as privatefostering
from opencsc.protection import record as protection


class Contributor(Protocol):
    """What each app's `record` module offers."""

    def episode_dates(self, referral: Referral) -> list[tuple[date, str]]:
        """The latest dates it recorded on the episode, each with what it was."""
        ...

    def census_records(self, referral: Referral) -> set[str]:
        """The kinds of CIN census record it holds on the episode."""
        ...

    def closure_problems(
        self, referral: Referral, *, closed_on: date, reason: str
    ) -> list[tuple[str, str]]:
        """What stops the episode closing, as (form field or "", message)."""
        ...

    def end_for_closure(self, closure: Closure, *, by: User) -> None:
        """End what the closure ends, through the app's own services."""
        ...

    def episode_section(self, referral: Referral) -> dict[str, list[Any]]:
        """Its rows on the episode page, by name, in a fixed number of queries."""
        ...

    def record_section(self, child: Person, *, user: User) -> dict[str, list[Any]]:
        """Its rows on the child's record, by name, in a fixed number of queries."""
        ...


CONTRIBUTORS: tuple[Contributor, ...] = (
    frontdoor,
    assessments,
    protection,
    plans,
    missing.contributor,
    exploitation.contributor,
    privatefostering.contributor,
)

# The parts of the child's record (people.record_parts.TABS) each app's section is shown on: a
# page reads only its own part's sections, so no page pays for every app's work at once. Case
# notes have a part of their own, the notes app's list of the child's notes (notes:child-notes).
RECORD_PARTS: dict[str, tuple[Contributor, ...]] = {
    "work": (frontdoor, assessments, protection, plans),
    "missing": (missing.contributor, exploitation.contributor),
    "fostering": (privatefostering.contributor,),
}

"""A contribution to the child's record that belongs to the child, not to an episode of need (the
`record.contributors.Contributor` interface): case notes, missing episodes. Such rows have no
dates on the episode page, no CIN census records, and nothing that stops or ends with a closure."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from opencsc.accounts.models import User
from opencsc.casework.models import Closure, Referral
from opencsc.people.models import Person

Section = Callable[..., dict[str, list[Any]]]


@dataclass(frozen=True)
class ChildOnly:
    """The contributor of an app whose only part is its section of the child's record."""

    section: Section

    def episode_dates(self, referral: Referral) -> list[tuple[date, str]]:
        return []

    def census_records(self, referral: Referral) -> set[str]:
        return set()

    def closure_problems(
        self, referral: Referral, *, closed_on: date, reason: str
    ) -> list[tuple[str, str]]:
        return []

    def end_for_closure(self, closure: Closure, *, by: User) -> None:
        return None

    def episode_section(self, referral: Referral) -> dict[str, list[Any]]:
        return {}

    def record_section(self, child: Person, *, user: User) -> dict[str, list[Any]]:
        return self.section(child, user=user)

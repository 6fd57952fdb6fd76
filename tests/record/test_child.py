"""The child's record page: who holds the case."""

from datetime import date

from opencsc.casework.selectors import current_allocation
from tests.factories import AllocationFactory


def test_the_record_shows_the_open_allocation_only(db):
    old = AllocationFactory(started_on=date(2025, 1, 6))
    old.ended_on = date(2026, 1, 5)
    old.save()
    current = AllocationFactory(child=old.child, started_on=date(2026, 1, 5))

    assert current_allocation(old.child) == current

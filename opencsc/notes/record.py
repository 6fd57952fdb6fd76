"""What case notes contribute to the child's record (the interface every pathway app offers the
record composer: see opencsc/record/contributors.py). Notes belong to the child, not to one
episode: nothing on the episode page, and nothing stops or ends with a closure (a call after an
episode closed is still recorded)."""

from typing import Any

from opencsc.accounts.models import User
from opencsc.casework.contributions import ChildOnly
from opencsc.notes import selectors
from opencsc.people.models import Person


def record_section(child: Person, *, user: User) -> dict[str, list[Any]]:
    """The child's latest case notes (the viewer's drafts among them), each with the other
    children it is about, in three queries whatever their number."""
    return {"case_notes": selectors.recent_notes(child, viewer=user)}


contributor = ChildOnly(record_section)

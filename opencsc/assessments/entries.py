"""How an assessment's events read on the child's chronology: one wording for the services, which
save one row, and the demo, which bulk-saves many (see `chronology.services.new_entry`)."""

from collections.abc import Sequence
from datetime import date

from opencsc.accounts.models import User
from opencsc.assessments.models import Assessment
from opencsc.chronology.models import ChronologyEntry
from opencsc.chronology.services import new_entry
from opencsc.people.display import token
from opencsc.people.models import Person


def started(
    child: Person,
    *,
    assessment_id: int,
    worker: User,
    together: Sequence[Person] = (),
    on: date,
    by: User,
) -> ChronologyEntry:
    """A child and family assessment started by `worker`, with the siblings assessed `together`."""
    # Siblings as tokens: each reader of the chronology sees them as they may see them.
    siblings = f", with {', '.join(token(sibling) for sibling in together)}" if together else ""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.ASSESSMENT,
        happened_on=on,
        summary=f"Child and family assessment started by {worker}{siblings}",
        model=Assessment,
        record_id=assessment_id,
        by=by,
    )


def authorised(
    child: Person, *, assessment_id: int, outcome: str, on: date, by: User
) -> ChronologyEntry:
    """A manager authorised the assessment; `outcome` is its label."""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.ASSESSMENT,
        happened_on=on,
        summary=f"Assessment authorised by {by}: {outcome}",
        model=Assessment,
        record_id=assessment_id,
        by=by,
    )

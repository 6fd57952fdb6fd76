"""How a person's own events read on a child's chronology: one wording for the services, which
save one row, and the demo, which bulk-saves many (see `chronology.services.new_entry`)."""

from datetime import date

from opencsc.accounts.models import User
from opencsc.chronology.models import ChronologyEntry
from opencsc.chronology.services import new_entry
from opencsc.people.models import Person


def record_created(child: Person, *, on: date, by: User) -> ChronologyEntry:
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.RECORD_CREATED,
        happened_on=on,
        summary=f"Record created by {by.display_name}",
        model=Person,
        record_id=child.pk,
        by=by,
    )

"""How a case note reads on each child's chronology: one wording for the services, which save one
row per child, and the demo, which bulk-saves many (see `chronology.services.new_entry`).

The summary never holds the note's text (it may name anyone): it says the kind, and names the
other children of a note about siblings by `{person:<id>}` tokens, filled per viewer."""

from datetime import date

from opencsc.accounts.models import User
from opencsc.chronology.models import ChronologyEntry
from opencsc.chronology.services import new_entry
from opencsc.notes.models import CaseNote, NoteKind
from opencsc.people.display import token
from opencsc.people.models import Person


def chronology_kind(kind: NoteKind) -> str:
    """The chronology kind of a note of `kind`: management oversight, or a case note."""
    return ChronologyEntry.Kind.OVERSIGHT if kind.is_oversight else ChronologyEntry.Kind.CASE_NOTE


def summary(kind: NoteKind, *, version: int, others: list[Person]) -> str:
    """What the chronology says of a note: its kind, "corrected" from version 2, and the other
    children it is about."""
    text = kind.label if kind.is_oversight else f"Case note: {kind.label}"
    if version > 1:
        text += " (corrected)"
    if others:
        text += " · also about " + ", ".join(token(person) for person in others)
    return text


def note_entry(
    child: Person,
    *,
    note_id: int,
    kind: NoteKind,
    version: int,
    on: date,
    others: list[Person],
    by: User,
) -> ChronologyEntry:
    """The chronology line for one child of a finalised note (or of its correction)."""
    return new_entry(
        child,
        kind=chronology_kind(kind),
        happened_on=on,
        summary=summary(kind, version=version, others=others),
        model=CaseNote,
        record_id=note_id,
        by=by,
    )

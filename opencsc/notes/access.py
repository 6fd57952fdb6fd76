"""How the read gate opens a case note (docs/permissions.md, "Case notes about several children").

A note about several children opens for a member of staff who may open the record of at least one
of them, unless it is also about a restricted child whose record does not name them: then it is
held back whole (its text may say what the restriction protects). A draft opens for its author
alone. The page shows the note on the children the reader may open; every other child it names is
shown through `people.display` with no link, and the access log records the reading against the
children the reader may open only. Registered with permissions in NotesConfig.ready.
"""

from django.db.models import Exists, OuterRef

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.notes.models import CaseNote, CaseNoteChild
from opencsc.people.models import Person
from opencsc.permissions import Action

NOTE_RELATED = ("kind", "author", "original", "supersedes")


def may_open(user: User, note: CaseNote) -> bool:
    """Whether `user` may open `note`: a draft only by its author; a final note by anyone who may
    open the record of a child it is about."""
    if note.is_draft and note.author_id != user.pk:
        return False
    if CaseNote.objects.filter(pk=note.pk).filter(held_back(user)).exists():
        return False
    links = CaseNoteChild.objects.filter(note_id=note.pk)
    return links.filter(permissions.visible_child_condition(user, "child__")).exists()


def held_back(user: User) -> Exists:
    """For CaseNote rows: the note is about a restricted child whose record does not name `user`,
    so it is held back from them whole, wherever it would show. Correlated on the note (its
    children by the (note, child) index), so it costs a few rows per note listed."""
    named = Person.named_staff.through.objects.filter(user_id=user.pk).values("person_id")
    return Exists(
        CaseNoteChild.objects.filter(note_id=OuterRef("pk"), child__is_restricted=True).exclude(
            child_id__in=named
        )
    )


def children_of(note: CaseNote) -> list[Person]:
    """Every child the note is about."""
    return list(Person.objects.filter(case_note_links__note=note).order_by("pk"))


def log_reading(note: CaseNote, *, by: User, children: list[Person]) -> None:
    """The access log's rows for reading `note`: one for each child whose record `by` may open
    (the note is read on those children's records only), in one insert."""
    audit.log_views(by=by, children=children, record=note, action=Action.VIEW_CASE_NOTE)


def register() -> None:
    permissions.register_read_scope(
        CaseNote, may_open=may_open, children=children_of, related=NOTE_RELATED
    )

"""Writes of case notes: record (a draft, or finalised at once), change a draft, finalise,
correct (a new version), and the "notes to read" a note's author asks of named staff.

A finalised note is never changed: the database refuses a second version of the same number and
a correction without a reason, and these services refuse any write to a final row."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.chronology.models import ChronologyEntry
from opencsc.core.states import move
from opencsc.notes import access, entries
from opencsc.notes.models import CaseNote, CaseNoteChild, NoteKind, NoteReadRequest
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem

MOST_CHILDREN = 12
MOST_READERS = 20


@dataclass
class NoteDetails:
    """What a note says: its kind, when the thing happened, who was present, and the text."""

    kind: NoteKind
    happened_at: datetime
    present: str
    text: str


def _check_details(details: NoteDetails) -> None:
    errors: dict[str, str] = {}
    if not details.kind.is_active:
        errors["kind"] = "This kind of note is no longer used: choose another"
    if details.happened_at > timezone.now():
        errors["happened_on"] = "The date and time it happened must be in the past"
    if not details.text.strip():
        errors["text"] = "Enter what happened"
    if errors:
        raise ValidationError(errors)


def _checked_children(children: list[Person]) -> list[Person]:
    """The children a note is about, each once, in order of id: at least one, at most
    MOST_CHILDREN, children only."""
    children = sorted({child.pk: child for child in children}.values(), key=lambda c: c.pk)
    if not children:
        raise ValidationError({"children": "Choose the child or children the note is about"})
    if len(children) > MOST_CHILDREN:
        raise ValidationError({"children": f"A note can be about {MOST_CHILDREN} children at most"})
    if any(not child.is_child for child in children):
        raise ValidationError({"children": "A case note is about children only"})
    return children


def _write_action(kind: NoteKind) -> Action:
    return Action.RECORD_OVERSIGHT_NOTE if kind.is_oversight else Action.RECORD_CASE_NOTE


def _require_for_each(by: User, action: Action, children: list[Person]) -> None:
    """`by` may do `action` for every child the note is about (a note across siblings is written
    by someone who works each sibling's case)."""
    for child in children:
        permissions.require(by, action, child)


def _note_children(note: CaseNote) -> list[Person]:
    return list(Person.objects.filter(case_note_links__note_id=note.pk).order_by("pk"))


def _log_change(note: CaseNote, children: list[Person], *, action: Action, by: User) -> None:
    for child in children:
        audit.log_change(by=by, child=child, record=note, action=action)


@transaction.atomic
def record_note(
    *,
    children: list[Person],
    details: NoteDetails,
    by: User,
    finalise: bool = False,
    readers: list[User] | None = None,
) -> CaseNote:
    """Write a case note about one child or several (siblings) as a draft, or finalised at once
    (with the staff asked to read it). A management oversight note needs a manager of each case."""
    children = _checked_children(children)
    _require_for_each(by, _write_action(details.kind), children)
    _check_details(details)
    note = CaseNote(
        kind=details.kind,
        happened_at=details.happened_at,
        present=details.present.strip(),
        text=details.text.strip(),
        author=by,
    )
    note.save()
    CaseNoteChild.objects.bulk_create([CaseNoteChild(note=note, child=c) for c in children])
    _log_change(note, children, action=_write_action(details.kind), by=by)
    if finalise:
        _finalise(note, children=children, readers=readers or [], by=by)
    return note


def _lock_draft(note: CaseNote, *, by: User) -> CaseNote:
    locked = CaseNote.objects.select_for_update(of=("self",)).select_related("kind").get(pk=note.pk)
    if not locked.is_draft:
        raise ValidationError("This note is finalised: it can no longer be changed. Correct it.")
    if locked.author_id != by.pk:
        raise PermissionDenied("Only the note's author can change a draft.")
    return locked


@transaction.atomic
def update_draft(
    *, note: CaseNote, details: NoteDetails, by: User, children: list[Person] | None = None
) -> CaseNote:
    """Change a draft note (its author only): its content and, when `children` is given, the
    children it is about (the author must work each child it is now about). A draft is on no
    chronology yet: the change is logged against every child it was or is now about."""
    note = _lock_draft(note, by=by)
    before = _note_children(note)
    after = before if children is None else _checked_children(children)
    action = _write_action(details.kind)
    _require_for_each(by, action, after)
    _check_details(details)
    note.kind = details.kind
    note.happened_at = details.happened_at
    note.present = details.present.strip()
    note.text = details.text.strip()
    note.save(update_fields=["kind", "happened_at", "present", "text", "updated_at"])
    kept = {child.pk for child in after}
    was = {child.pk for child in before}
    CaseNoteChild.objects.filter(note=note).exclude(child_id__in=kept).delete()
    CaseNoteChild.objects.bulk_create(
        [CaseNoteChild(note=note, child=child) for child in after if child.pk not in was]
    )
    touched = {child.pk: child for child in [*before, *after]}
    _log_change(note, sorted(touched.values(), key=lambda c: c.pk), action=action, by=by)
    return note


@transaction.atomic
def finalise_note(*, note: CaseNote, by: User, readers: list[User] | None = None) -> CaseNote:
    """Finalise a draft (its author only): it is locked, each child's chronology gets a line, and
    each member of staff in `readers` gets the note to read."""
    note = _lock_draft(note, by=by)
    children = _note_children(note)
    _require_for_each(by, _write_action(note.kind), children)
    _finalise(note, children=children, readers=readers or [], by=by)
    return note


def _finalise(note: CaseNote, *, children: list[Person], readers: list[User], by: User) -> None:
    move(note, CaseNote.Status.FINAL)
    note.finalised_at = timezone.now()
    note.save(update_fields=["status", "finalised_at", "updated_at"])
    _write_chronology(note, children=children, by=by)
    _log_change(note, children, action=Action.FINALISE_CASE_NOTE, by=by)
    ask_to_read(note=note, readers=readers, children=children, by=by)


def _write_chronology(note: CaseNote, *, children: list[Person], by: User) -> None:
    on = timezone.localtime(note.happened_at).date()
    ChronologyEntry.objects.bulk_create(
        [
            entries.note_entry(
                child,
                note_id=note.pk,
                kind=note.kind,
                version=note.version,
                on=on,
                others=[other for other in children if other.pk != child.pk],
                by=by,
            )
            for child in children
        ]
    )


def may_correct(user: User, note: CaseNote, children: list[Person]) -> bool:
    """Whether `user` may correct `note`: the current final version; its author, or a manager of
    every child's case; an oversight note only by a manager."""
    if note.is_draft or is_superseded(note):
        return False
    manager = all(permissions.can(user, Action.RECORD_OVERSIGHT_NOTE, child) for child in children)
    if note.kind.is_oversight:
        return manager
    original_author = note.original.author_id if note.original is not None else note.author_id
    writes = all(permissions.can(user, Action.CORRECT_CASE_NOTE, child) for child in children)
    return manager or (writes and user.pk in {original_author, note.author_id})


def is_superseded(note: CaseNote) -> bool:
    """Whether a later version corrects `note`."""
    return CaseNote.objects.filter(supersedes_id=note.pk).exists()


@transaction.atomic
def correct_note(*, note: CaseNote, details: NoteDetails, reason: str, by: User) -> CaseNote:
    """Correct a finalised note: a new final version with the reason; the old one stays as it was
    (the one-to-one `supersedes` lets each version be corrected once, so two people correcting at
    once give one correction and a clear error)."""
    note = (
        CaseNote.objects.select_for_update(of=("self",))
        .select_related("kind", "original")
        .get(pk=note.pk)
    )
    children = _note_children(note)
    if not may_correct(by, note, children):
        if not note.is_draft and is_superseded(note):
            raise ValidationError("This version was already corrected: correct the latest one.")
        raise PermissionDenied("You do not have permission to correct this note.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the note is corrected"})
    if details.kind.is_oversight != note.kind.is_oversight:
        raise ValidationError({"kind": "A correction keeps the note a management oversight note"})
    _check_details(details)
    now = timezone.now()
    correction = CaseNote(
        kind=details.kind,
        happened_at=details.happened_at,
        present=details.present.strip(),
        text=details.text.strip(),
        author=by,
        status=CaseNote.Status.FINAL,
        finalised_at=now,
        version=note.version + 1,
        original_id=note.first_id,
        supersedes=note,
        reason=reason.strip()[:500],
    )
    correction.save()
    CaseNoteChild.objects.bulk_create(
        [CaseNoteChild(note=correction, child=child) for child in children]
    )
    _write_chronology(correction, children=children, by=by)
    _log_change(correction, children, action=Action.CORRECT_CASE_NOTE, by=by)
    return correction


def ask_to_read(
    *, note: CaseNote, readers: list[User], children: list[Person], by: User
) -> list[NoteReadRequest]:
    """Ask each of `readers` to read a finalised note: a request and an open NOTE_TO_READ due
    item they own (the worker's tray lists it). Each reader must be able to open the note."""
    readers = [reader for reader in {r.pk: r for r in readers}.values() if reader.pk != by.pk]
    if len(readers) > MOST_READERS:
        raise ValidationError({"readers": f"Ask {MOST_READERS} people at most to read a note"})
    requests = []
    for reader in readers:
        visible = permissions.visible_children(reader).filter(pk__in=[c.pk for c in children])
        if not reader.is_active or not access.may_open(reader, note):
            raise ValidationError({"readers": f"{reader} cannot open this note"})
        request = NoteReadRequest.objects.create(note=note, reader=reader, requested_by=by)
        child = next(c for c in children if visible.filter(pk=c.pk).exists())
        timescales.open_due_item(
            rules.NOTE_TO_READ,
            child=child,
            record=request,
            start=timezone.localdate(),
            owner=reader,
            team=reader.teams.order_by("pk").first(),
            summary=f"{rules.NOTE_TO_READ.label}: {note.kind.label}",
        )
        requests.append(request)
    return requests


@transaction.atomic
def mark_read(*, note: CaseNote, by: User) -> NoteReadRequest:
    """`by` read the note they were asked to read: the request is answered and its due item
    closed (the tray's "mark as read" and the note page's button both call this)."""
    request = (
        NoteReadRequest.objects.select_for_update().filter(note_id=note.pk, reader_id=by.pk).first()
    )
    if request is None:
        raise ValidationError("You were not asked to read this note.")
    if request.read_at is not None:
        raise ValidationError("You have already marked this note as read.")
    permissions.require(by, Action.MARK_NOTE_READ)
    request.read_at = timezone.now()
    request.save(update_fields=["read_at", "updated_at"])
    items = DueItem.objects.select_for_update().filter(
        rule=rules.NOTE_TO_READ.code,
        record_type=ContentType.objects.get_for_model(NoteReadRequest),
        record_id=request.pk,
        closed_at=None,
    )
    for item in items:
        timescales.close_item(item=item, by=by, note="Read")
    audit.log_change(
        by=by, child=None, record=note, action=Action.MARK_NOTE_READ, summary="Marked as read"
    )
    return request

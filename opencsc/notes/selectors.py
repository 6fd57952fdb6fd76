"""Reads of case notes: a child's notes (the record's recent ones, all of them), a note with its
versions and children as one viewer may see them, a manager's oversight notes, the choices a new
note offers, and the chronology's text search over notes."""

from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.casework import access as casework_access
from opencsc.chronology.models import ChronologyEntry
from opencsc.notes import access
from opencsc.notes.models import CaseNote, CaseNoteChild, NoteKind, NoteReadRequest
from opencsc.people import selectors as people
from opencsc.people.models import Person
from opencsc.permissions import Action


@dataclass
class NamedChild:
    """A child a note is about, and whether the viewer may open their record."""

    person: Person
    may_open: bool


@dataclass
class NoteRow:
    """A note on a list, with the children it is about (each shown through people.display)."""

    note: CaseNote
    children: list[NamedChild] = field(default_factory=list)

    def others(self, child: Person) -> list[NamedChild]:
        return [named for named in self.children if named.person.pk != child.pk]


def _latest_final() -> Q:
    """A final note no correction has replaced. An anti-join (NOT EXISTS) rather than the reverse
    relation's outer join: PostgreSQL then estimates the rows well and joins the note's author
    and kind by index, where the outer join's estimate of one row had it scan every user."""
    corrected = CaseNote.objects.filter(supersedes_id=OuterRef("pk"))
    return Q(status=CaseNote.Status.FINAL) & ~Q(Exists(corrected))


def current_notes() -> QuerySet[CaseNote]:
    """Final notes in their latest version."""
    return CaseNote.objects.filter(_latest_final())


def notes_for_child(child: Person, *, viewer: User) -> QuerySet[CaseNote]:
    """The child's notes, newest first: the latest version of each final note, and the viewer's
    own drafts."""
    about = CaseNoteChild.objects.filter(child=child).values("note_id")
    mine = Q(status=CaseNote.Status.DRAFT, author_id=viewer.pk)
    latest = _latest_final()
    return (
        CaseNote.objects.filter(pk__in=about)
        .filter(latest | mine)
        .exclude(access.held_back(viewer))
        .select_related("kind", "author")
        .order_by("-happened_at", "-pk")
    )


def with_children(notes: list[CaseNote], *, viewer: User) -> list[NoteRow]:
    """Each note with its children and whether `viewer` may open each child's record, in one
    query whatever the notes (run when the list is empty too, so a page's count is fixed)."""
    ids = [note.pk for note in notes] or [0]
    links = (
        CaseNoteChild.objects.filter(note_id__in=ids)
        .select_related("child")
        .annotate(
            may_open=Case(
                When(permissions.visible_child_condition(viewer, "child__"), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("child_id")
    )
    rows = {note.pk: NoteRow(note) for note in notes}
    for link in links:
        if link.may_open:
            # The annotation is the read gate's rule for these rows: what the page then checks
            # for each child (may this reader correct the note?) need not ask the database again.
            permissions.mark_opened(link.child, viewer)
        rows[link.note_id].children.append(NamedChild(link.child, link.may_open))
    return [rows[note.pk] for note in notes]


def oversight_notes_by(user: User) -> QuerySet[CaseNote]:
    """The management oversight notes `user` wrote (latest versions, and their drafts)."""
    # The notes `user` wrote, and the corrections others made of them: read first (a few rows,
    # through the versions' index) so that the list is two indexed reads, where an OR across the
    # original's author had the database read every manager's oversight notes (issue 15).
    corrected_by_others = list(
        CaseNote.objects.filter(original__author_id=user.pk)
        .exclude(author_id=user.pk)
        .values_list("pk", flat=True)
    )
    mine = Q(author_id=user.pk) | Q(pk__in=corrected_by_others)
    latest = _latest_final() | Q(status=CaseNote.Status.DRAFT)
    return (
        CaseNote.objects.filter(kind__is_oversight=True)
        .filter(mine & latest)
        .exclude(access.held_back(user))
        .select_related("kind", "author")
        .order_by("-happened_at", "-pk")
    )


def versions_of(note: CaseNote) -> list[CaseNote]:
    """Every version of the note, first to latest."""
    first = note.first_id
    return list(
        CaseNote.objects.filter(Q(pk=first) | Q(original_id=first))
        .select_related("author")
        .order_by("version")
    )


def open_read_request(note: CaseNote, *, reader: User) -> NoteReadRequest | None:
    """The reader's unanswered request to read this note (any version of it)."""
    return (
        NoteReadRequest.objects.filter(
            Q(note_id=note.first_id) | Q(note__original_id=note.first_id),
            reader_id=reader.pk,
            read_at=None,
        )
        .select_related("note")
        .first()
    )


def read_requests(note: CaseNote) -> list[NoteReadRequest]:
    return list(NoteReadRequest.objects.filter(note=note).select_related("reader").order_by("pk"))


def kinds_for(user: User, children: list[Person]) -> QuerySet[NoteKind]:
    """The kinds of note `user` may write about `children`: oversight only for their manager."""
    kinds = NoteKind.objects.filter(is_active=True)
    manages = bool(children) and all(
        permissions.can(user, Action.RECORD_OVERSIGHT_NOTE, child) for child in children
    )
    return kinds if manages else kinds.filter(is_oversight=False)


def note_children_choices(child: Person, *, user: User) -> QuerySet[Person]:
    """The child, and their brothers, sisters and other children in the family or household whose
    case `user` works: the children a new note may be about."""
    record = people.person_record(child, viewer=user)
    related = {relative.person.pk for relative in record.relatives if relative.person.is_child}
    related |= {member.pk for member in record.household if member.is_child}
    candidates = list(permissions.visible_children(user).filter(pk__in=related | {child.pk}))
    # Read through the need-to-know rule, and their holding teams in one query: asking whether
    # `user` may write about each costs no query per child.
    for person in candidates:
        permissions.mark_opened(person, user)
    casework_access.remember_holding_teams(candidates)
    ids = [
        person.pk
        for person in candidates
        if person.pk == child.pk or permissions.can(user, Action.RECORD_CASE_NOTE, person)
    ]
    return Person.objects.filter(pk__in=ids).order_by("date_of_birth", "pk")


def draft_children_choices(children: list[Person], *, user: User) -> QuerySet[Person]:
    """The children a draft may be about: those it is about now, and the brothers, sisters and
    other children of the family of the first of them whose case `user` works."""
    offered = note_children_choices(children[0], user=user) if children else Person.objects.none()
    ids = {*offered.values_list("pk", flat=True), *(child.pk for child in children)}
    return Person.objects.filter(pk__in=ids).order_by("date_of_birth", "pk")


def reader_choices(children: list[Person], *, user: User) -> QuerySet[User]:
    """Staff `user` may ask to read a note: active members of their own teams and of the teams
    holding the children's cases."""
    holding = Person.objects.filter(
        pk__in=[child.pk for child in children], allocations__ended_on=None
    ).values("allocations__team_id")
    teams = Q(teams__in=user.teams.all()) | Q(teams__in=holding)
    return (
        User.objects.filter(teams__isnull=False, is_active=True)
        .filter(teams)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def _is_note() -> Q:
    """Chronology rows about a case note: matched by the content type's name in the same query
    (ContentType's cache would make the first page of a process one query longer)."""
    return Q(record_type__app_label="notes", record_type__model="casenote")


def chronology_for_child(
    child: Person, *, viewer: User, kind: str = "", text: str = ""
) -> QuerySet[ChronologyEntry]:
    """A child's chronology as `viewer` may read it, newest first: of one kind, and/or whose line
    or case note's text contains `text`; a corrected note shows its latest version only, and a
    note held back from the viewer (about a restricted child) not at all."""
    entries = ChronologyEntry.objects.filter(child=child).select_related("recorded_by")
    child_notes = CaseNote.objects.filter(child_links__child=child)
    hidden = child_notes.filter(
        Q(superseded_by__isnull=False) | Q(access.held_back(viewer))
    ).values("pk")
    entries = entries.exclude(_is_note() & Q(record_id__in=hidden))
    if kind:
        entries = entries.filter(kind=kind)
    if text:
        mentioning = child_notes.filter(text__icontains=text).values("pk")
        entries = entries.filter(
            Q(summary__icontains=text) | (_is_note() & Q(record_id__in=mentioning))
        )
    return entries.order_by("-happened_on", "-id")


def children_of(note: CaseNote) -> list[Person]:
    """The children `note` is about, in the order they were added."""
    return list(Person.objects.filter(case_note_links__note=note).order_by("pk"))

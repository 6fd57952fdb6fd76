"""Pages of case notes. Each gets its record through the permissions gate, then a form and a
service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencsc import permissions
from opencsc.accounts.requests import signed_in_user
from opencsc.casework import access as casework_access
from opencsc.core.requests import page_of, query_without_page
from opencsc.core.submissions import save_once
from opencsc.notes import access, selectors, services
from opencsc.notes.forms import (
    CorrectionForm,
    DraftNoteForm,
    FinaliseForm,
    MarkReadForm,
    NoteForm,
)
from opencsc.notes.models import CaseNote
from opencsc.people import record_parts
from opencsc.people.models import Person
from opencsc.permissions import Action


def _child(request: HttpRequest, pk: int) -> Person:
    person = permissions.get_visible_or_404(request, Person, pk, action=Action.VIEW_PERSON)
    if not person.is_child:
        raise PermissionDenied("Case notes are recorded about children.")
    return person


def _note(request: HttpRequest, pk: int) -> CaseNote:
    # Logged below, against the children the reader may open only.
    return permissions.get_visible_or_404(
        request, CaseNote, pk, action=Action.VIEW_CASE_NOTE, log=False
    )


def _may_write(user: object, child: Person) -> bool:
    return any(
        permissions.can(user, action, child)  # type: ignore[arg-type]
        for action in (Action.RECORD_CASE_NOTE, Action.RECORD_OVERSIGHT_NOTE)
    )


@require_http_methods(["GET"])
def child_notes(request: HttpRequest, pk: int) -> HttpResponse:
    """Every case note on a child's record, newest first: the record's case notes part."""
    user = signed_in_user(request)
    child = record_parts.open_part(request, pk, "notes:child-notes")
    if not isinstance(child, Person):
        return child
    page = page_of(request, selectors.notes_for_child(child, viewer=user))
    context = {
        **record_parts.tab_page(child, current="notes"),
        "child": child,
        "page_obj": page,
        "rows": selectors.with_children(list(page), viewer=user),
        "query_prefix": query_without_page(request),
        "may_write": _may_write(user, child),
    }
    return render(request, "notes/child_notes.html", context)


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a case note about the child (and their siblings)."""
    user = signed_in_user(request)
    child = _child(request, pk)
    if not _may_write(user, child):
        raise PermissionDenied("You do not have permission to write a case note.")
    children = selectors.note_children_choices(child, user=user)
    form = NoteForm(
        request.POST or None,
        initial={"children": [child.pk], "happened_on": timezone.localdate()},
        kinds=selectors.kinds_for(user, [child]),
        children=children,
        staff=selectors.reader_choices(list(children), user=user),
        viewer=user,
    )
    if form.is_valid():
        finalise = form.finalise
        saved = save_once(
            request,
            form,
            lambda: services.record_note(
                children=list(form.cleaned_data["children"]),
                details=form.details(),
                finalise=finalise,
                readers=list(form.cleaned_data["readers"]),
                by=user,
            ),
            "Case note finalised" if finalise else "Case note saved as a draft",
        )
        if saved is not None:
            return saved
    return render(request, "notes/new.html", {"form": form, "child": child})


@require_http_methods(["GET"])
def note(request: HttpRequest, pk: int) -> HttpResponse:
    """A case note: its text, the children it is about, its versions, and what the reader may do."""
    user = signed_in_user(request)
    record = _note(request, pk)
    row = selectors.with_children([record], viewer=user)[0]
    access.log_reading(
        record, by=user, children=[named.person for named in row.children if named.may_open]
    )
    children = [named.person for named in row.children]
    # Who holds each child's case, in one query (who may correct the note asks for each child).
    casework_access.remember_holding_teams(children)
    versions = selectors.versions_of(record)
    latest = versions[-1]
    is_author = record.author_id == user.pk
    context = {
        "note": record,
        "row": row,
        "versions": versions,
        "latest": latest,
        "is_latest": latest.pk == record.pk,
        "may_edit": record.is_draft and is_author,
        "may_correct": services.may_correct(user, record, children),
        "read_request": selectors.open_read_request(record, reader=user),
        "read_requests": selectors.read_requests(record),
        "finalise_form": FinaliseForm(staff=selectors.reader_choices(children, user=user))
        if record.is_draft and is_author
        else None,
        "read_form": MarkReadForm(),
    }
    return render(request, "notes/note.html", context)


def _children_of(record: CaseNote) -> list[Person]:
    return selectors.children_of(record)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft note (its author only)."""
    user = signed_in_user(request)
    record = _note(request, pk)
    if not record.is_draft or record.author_id != user.pk:
        raise PermissionDenied("Only the author can change a draft note.")
    children = _children_of(record)
    initial = {
        "children": [child.pk for child in children],
        "kind": record.kind_id,
        "happened_on": timezone.localtime(record.happened_at).date(),
        "happened_time": f"{timezone.localtime(record.happened_at):%H:%M}",
        "present": record.present,
        "text": record.text,
    }
    form = DraftNoteForm(
        request.POST or None,
        initial=initial,
        kinds=selectors.kinds_for(user, children),
        children=selectors.draft_children_choices(children, user=user),
        viewer=user,
    )
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.update_draft(
                note=record,
                details=form.details(),
                children=list(form.cleaned_data["children"]),
                by=user,
            ),
            "Draft saved",
        )
        if saved is not None:
            return saved
    return render(request, "notes/edit.html", {"form": form, "note": record})


@require_http_methods(["POST"])
def finalise(request: HttpRequest, pk: int) -> HttpResponse:
    """Finalise a draft, asking the chosen staff to read it."""
    user = signed_in_user(request)
    record = _note(request, pk)
    children = _children_of(record)
    form = FinaliseForm(request.POST, staff=selectors.reader_choices(children, user=user))
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.finalise_note(
                note=record, readers=list(form.cleaned_data["readers"]), by=user
            ),
            "Case note finalised",
        )
        if saved is not None:
            return saved
    for error in form.errors.values():
        messages.error(request, " ".join(str(message) for message in error))
    return redirect(record)


@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a finalised note: a new version with the reason."""
    user = signed_in_user(request)
    record = _note(request, pk)
    children = _children_of(record)
    # Who may correct the note asks of each child: read for them all at once.
    permissions.remember_visibility(user, children)
    casework_access.remember_holding_teams(children)
    if not services.may_correct(user, record, children):
        raise PermissionDenied("You may not correct this note.")
    initial = {
        "kind": record.kind_id,
        "happened_on": timezone.localtime(record.happened_at).date(),
        "happened_time": f"{timezone.localtime(record.happened_at):%H:%M}",
        "present": record.present,
        "text": record.text,
    }
    kinds = selectors.kinds_for(user, children).filter(is_oversight=record.kind.is_oversight)
    form = CorrectionForm(request.POST or None, initial=initial, kinds=kinds)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.correct_note(
                note=record, details=form.details(), reason=form.cleaned_data["reason"], by=user
            ),
            "Case note corrected: the earlier version is kept",
        )
        if saved is not None:
            return saved
    return render(request, "notes/correct.html", {"form": form, "note": record})


@require_http_methods(["POST"])
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a note you were asked to read as read."""
    user = signed_in_user(request)
    record = _note(request, pk)
    form = MarkReadForm(request.POST)
    if form.is_valid():
        request_to_read = selectors.open_read_request(record, reader=user)
        try:
            services.mark_read(note=request_to_read.note if request_to_read else record, by=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Marked as read")
    return redirect(record)


@require_http_methods(["GET"])
def oversight(request: HttpRequest) -> HttpResponse:
    """A manager's own management oversight notes, newest first."""
    user = signed_in_user(request)
    if not permissions.can(user, Action.RECORD_OVERSIGHT_NOTE):
        raise PermissionDenied("Only managers write management oversight notes.")
    rows = (
        selectors.oversight_notes_by(user)
        .filter(permissions.visible_child_condition(user, "child_links__child__"))
        .distinct()
    )
    page = page_of(request, rows)
    context = {
        "page_obj": page,
        "rows": selectors.with_children(list(page), viewer=user),
        "query_prefix": query_without_page(request),
    }
    return render(request, "notes/oversight.html", context)

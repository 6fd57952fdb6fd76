"""Case notes (issue 12, "There are no case notes"): a worker records a note about siblings and a
manager an oversight note, both reach each child's chronology; drafts, finalising, corrections."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessLog
from opencsc.chronology.models import ChronologyEntry
from opencsc.notes import selectors, services
from opencsc.notes.models import CaseNote, NoteKind, NoteReadRequest
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from tests.factories import UserFactory
from tests.notes.conftest import details

pytestmark = pytest.mark.django_db


def test_a_sibling_note_and_an_oversight_note_reach_each_childs_chronology(family):
    note = services.record_note(
        children=[family.amy, family.ben], details=details(), finalise=True, by=family.worker
    )
    oversight = services.record_note(
        children=[family.amy, family.ben],
        details=details("management-oversight", "Plan is working; visit weekly."),
        finalise=True,
        by=family.manager,
    )
    for child in (family.amy, family.ben):
        entries = ChronologyEntry.objects.filter(child=child)
        kinds = set(entries.values_list("kind", flat=True))
        assert kinds == {ChronologyEntry.Kind.CASE_NOTE, ChronologyEntry.Kind.OVERSIGHT}
        assert set(entries.values_list("record_id", flat=True)) == {note.pk, oversight.pk}
    line = ChronologyEntry.objects.get(child=family.amy, kind=ChronologyEntry.Kind.CASE_NOTE)
    # The other child by key, never by name; the note's text never on the chronology.
    assert line.summary == f"Case note: Home visit · also about {{person:{family.ben.pk}}}"
    assert "Okafor" not in line.summary
    assert "oversight" in selectors.oversight_notes_by(family.manager).get().kind.code


def test_only_managers_write_oversight_notes(family):
    with pytest.raises(PermissionDenied):
        services.record_note(
            children=[family.amy], details=details("management-oversight"), by=family.worker
        )


def test_a_note_needs_someone_who_works_each_childs_case(family):
    with pytest.raises(PermissionDenied):
        services.record_note(children=[family.amy, family.cal], details=details(), by=family.worker)
    assert not CaseNote.objects.exists()


def test_when_it_happened_cannot_be_in_the_future(family):
    future = details(happened_at=timezone.now() + timedelta(hours=2))
    with pytest.raises(ValidationError) as error:
        services.record_note(children=[family.amy], details=future, by=family.worker)
    assert "happened_on" in error.value.message_dict


def test_a_draft_changes_until_finalised_then_is_locked(family):
    note = services.record_note(children=[family.amy], details=details(), by=family.worker)
    assert not ChronologyEntry.objects.filter(child=family.amy).exists()  # drafts are not events
    with pytest.raises(PermissionDenied):
        services.update_draft(note=note, details=details(text="Mine now"), by=family.manager)
    services.update_draft(note=note, details=details(text="Saw Amy alone."), by=family.worker)
    services.finalise_note(note=note, by=family.worker)
    note.refresh_from_db()
    assert note.status == CaseNote.Status.FINAL
    assert note.text == "Saw Amy alone."
    with pytest.raises(ValidationError):
        services.update_draft(note=note, details=details(text="Changed"), by=family.worker)
    assert ChronologyEntry.objects.filter(child=family.amy).count() == 1


def test_a_correction_is_a_new_version_with_a_reason_and_the_old_one_kept(family):
    note = services.record_note(
        children=[family.amy, family.ben], details=details(), finalise=True, by=family.worker
    )
    with pytest.raises(ValidationError):
        services.correct_note(
            note=note, details=details(text="Fixed"), reason=" ", by=family.worker
        )
    fixed = services.correct_note(
        note=note,
        details=details(text="Saw both, Ben asleep."),
        reason="Ben was asleep",
        by=family.worker,
    )
    note.refresh_from_db()
    assert note.text == "Saw both children at home."  # never overwritten
    assert (fixed.version, fixed.supersedes_id, fixed.original_id) == (2, note.pk, note.pk)
    assert [v.pk for v in selectors.versions_of(note)] == [note.pk, fixed.pk]
    # The chronology shows the latest version, marked corrected.
    shown = list(selectors.chronology_for_child(family.amy, viewer=family.worker))
    assert [(e.record_id, e.summary.split(" ·")[0]) for e in shown] == [
        (fixed.pk, "Case note: Home visit (corrected)")
    ]
    # A version is corrected once: the old one can no longer be.
    with pytest.raises(ValidationError):
        services.correct_note(note=note, details=details(), reason="Again", by=family.worker)


def test_the_database_refuses_a_second_version_of_the_same_number(family):
    note = services.record_note(
        children=[family.amy], details=details(), finalise=True, by=family.worker
    )
    services.correct_note(note=note, details=details(), reason="Typo", by=family.worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseNote.objects.create(
            kind=note.kind,
            happened_at=note.happened_at,
            text="x",
            author=family.worker,
            status=CaseNote.Status.FINAL,
            finalised_at=timezone.now(),
            version=2,
            original=note,
            supersedes=None,
            reason="Sneaky",
        )


def test_notes_to_read_open_a_due_item_for_each_reader_closed_by_mark_read(family):
    note = services.record_note(
        children=[family.amy],
        details=details(),
        finalise=True,
        readers=[family.manager],
        by=family.worker,
    )
    item = DueItem.objects.get(rule=rules.NOTE_TO_READ.code, closed_at=None)
    assert (item.owner, item.child) == (family.manager, family.amy)
    assert item.summary == "Case note to read: Home visit"
    services.mark_read(note=note, by=family.manager)
    item.refresh_from_db()
    assert item.closed_at is not None
    assert item.closed_by == family.manager
    assert NoteReadRequest.objects.get().read_at is not None
    with pytest.raises(ValidationError):
        services.mark_read(note=note, by=family.manager)


def test_a_reader_who_may_open_no_child_cannot_be_asked(family):
    with pytest.raises(ValidationError):
        services.record_note(
            children=[family.amy],
            details=details(),
            finalise=True,
            readers=[family.other_worker],
            by=family.worker,
        )


def test_chronology_filters_by_kind_and_searches_note_text(family):
    services.record_note(
        children=[family.amy],
        details=details(text="Dog bite on arm"),
        finalise=True,
        by=family.worker,
    )
    services.record_note(
        children=[family.amy],
        details=details("phone-call", text="School called about attendance"),
        finalise=True,
        by=family.worker,
    )
    found = selectors.chronology_for_child(family.amy, viewer=family.worker, text="dog bite")
    assert [e.summary for e in found] == ["Case note: Home visit"]
    by_kind = selectors.chronology_for_child(
        family.amy, viewer=family.worker, kind="case_note", text="Phone"
    )
    assert [e.summary for e in by_kind] == ["Case note: Phone call"]
    assert not selectors.chronology_for_child(
        family.amy, viewer=family.worker, kind="visit", text="dog"
    ).exists()


def test_a_council_adds_a_kind_without_code(family):
    from django.core.management import call_command

    call_command("note_kinds", "add", "Family network meeting")
    added = NoteKind.objects.get(code="family-network-meeting")
    assert not added.is_oversight
    call_command("note_kinds", "retire", "family-network-meeting")
    added.refresh_from_db()
    with pytest.raises(ValidationError):
        services.record_note(
            children=[family.amy], details=details("family-network-meeting"), by=family.worker
        )
    assert AccessLog.objects.count() == 0


def test_a_managers_oversight_notes_include_another_managers_correction_of_them(family):
    note = services.record_note(
        children=[family.amy],
        details=details("management-oversight", "Visit weekly."),
        finalise=True,
        by=family.manager,
    )
    deputy = UserFactory(team=family.team, role=Role.TEAM_MANAGER)
    corrected = services.correct_note(
        note=note,
        details=details("management-oversight", "Visit twice a week."),
        reason="The plan says twice",
        by=deputy,
    )
    other = services.record_note(
        children=[family.ben],
        details=details("management-oversight", "Deputy's own note."),
        finalise=True,
        by=deputy,
    )

    mine = list(selectors.oversight_notes_by(family.manager))

    assert mine == [corrected]
    assert other in selectors.oversight_notes_by(deputy)

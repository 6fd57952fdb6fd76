"""The small demo's case notes: about two a month per held case, some about siblings, monthly
oversight by managers, drafts, corrections, notes to read, and one child with 200 notes."""

from django.db.models import Count

from opencsc.accounts.models import Role
from opencsc.chronology.models import ChronologyEntry
from opencsc.notes.models import CaseNote, CaseNoteChild, NoteReadRequest
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem


def test_case_notes_of_every_kind_reach_the_chronology(demo):
    final = CaseNote.objects.filter(status="final")
    assert final.count() > 1000
    assert set(final.values_list("kind__code", flat=True).distinct()) >= {
        "phone-call",
        "home-visit",
        "management-oversight",
    }
    oversight = final.filter(kind__is_oversight=True)
    assert set(oversight.values_list("author__role", flat=True).distinct()) == {Role.TEAM_MANAGER}
    entries = ChronologyEntry.objects.filter(kind__in=["case_note", "oversight"])
    assert entries.count() == CaseNoteChild.objects.filter(note__status="final").count()


def test_some_notes_are_about_siblings(demo):
    several = CaseNoteChild.objects.values("note").annotate(n=Count("id")).filter(n__gt=1)
    assert several.count() > 50


def test_drafts_corrections_and_notes_to_read(demo):
    assert CaseNote.objects.filter(status="draft", author__username="social.worker").exists()
    assert CaseNote.objects.filter(version=2, supersedes__isnull=False).exists()
    assert NoteReadRequest.objects.filter(read_at=None).exists()
    open_items = DueItem.objects.filter(rule=rules.NOTE_TO_READ.code, closed_at=None)
    assert open_items.count() == NoteReadRequest.objects.filter(read_at=None).count()


def test_one_child_has_200_case_notes_for_the_benchmark(demo):
    most = CaseNoteChild.objects.values("child").annotate(n=Count("id")).order_by("-n").first()
    assert most is not None
    assert most["n"] >= 200

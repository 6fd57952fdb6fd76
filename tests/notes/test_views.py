"""The case note pages: write a note about siblings, finalise a draft asking the manager to read
it, the manager marks it read, the author corrects it; future times and foreign ids refused."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from opencsc.notes import services
from opencsc.notes.models import CaseNote, NoteKind, NoteReadRequest
from opencsc.timescales.models import DueItem
from tests.notes.conftest import details

pytestmark = pytest.mark.django_db


def _form(children, *, kind="home-visit", when=None, save="finalise", **extra):
    when = when or timezone.localtime() - timedelta(days=1)
    data = {
        "submission_key": str(uuid.uuid4()),
        "children": [child.pk for child in children],
        "kind": NoteKind.objects.get(code=kind).pk,
        "happened_on_day": when.day,
        "happened_on_month": when.month,
        "happened_on_year": when.year,
        "happened_time": f"{when:%H:%M}",
        "present": "Mother",
        "text": "Saw the children at home.",
        "save": save,
    }
    data.update(extra)
    return data


def test_a_worker_writes_a_note_about_siblings_and_the_manager_reads_it(client, family):
    client.force_login(family.worker)
    response = client.post(
        reverse("notes:new", args=[family.amy.pk]),
        _form([family.amy, family.ben], save="draft"),
    )
    note = CaseNote.objects.get()
    assert response.url == note.get_absolute_url()
    assert note.is_draft
    client.post(
        reverse("notes:finalise", args=[note.pk]),
        {"submission_key": str(uuid.uuid4()), "readers": [family.manager.pk]},
    )
    note.refresh_from_db()
    assert not note.is_draft
    assert DueItem.objects.filter(owner=family.manager, closed_at=None).count() == 1

    client.force_login(family.manager)
    page = client.get(note.get_absolute_url()).content.decode()
    assert "Mark as read" in page
    client.post(reverse("notes:read", args=[note.pk]), {"submission_key": str(uuid.uuid4())})
    assert NoteReadRequest.objects.get().read_at is not None
    assert not DueItem.objects.filter(owner=family.manager, closed_at=None).exists()

    client.force_login(family.worker)
    client.post(
        reverse("notes:correct", args=[note.pk]),
        {**_form([]), "reason": "Wrong time", "text": "Saw them after school."},
    )
    fixed = CaseNote.objects.get(version=2)
    assert fixed.supersedes == note
    old_page = client.get(note.get_absolute_url()).content.decode()
    assert "This version was corrected" in old_page


def test_a_note_in_the_future_or_about_a_child_not_offered_is_refused(client, family):
    client.force_login(family.worker)
    url = reverse("notes:new", args=[family.amy.pk])
    future = timezone.localtime() + timedelta(days=2)
    response = client.post(url, _form([family.amy], when=future))
    assert response.status_code == 200
    assert "must be" in response.content.decode()
    response = client.post(url, _form([family.amy, family.cal]))
    assert response.status_code == 200
    assert not CaseNote.objects.exists()


def test_only_managers_are_offered_the_oversight_kind(client, family):
    client.force_login(family.worker)
    assert (
        "Management oversight"
        not in client.get(reverse("notes:new", args=[family.amy.pk])).content.decode()
    )
    client.force_login(family.manager)
    assert (
        "Management oversight"
        in client.get(reverse("notes:new", args=[family.amy.pk])).content.decode()
    )


def test_a_draft_gains_a_sibling_and_loses_one_before_it_is_finalised(client, family):
    """Issue 12: a note's children can be changed while it is a draft (the worker forgot Ben)."""
    client.force_login(family.worker)
    client.post(reverse("notes:new", args=[family.amy.pk]), _form([family.amy], save="draft"))
    note = CaseNote.objects.get()
    url = reverse("notes:edit", args=[note.pk])

    page = client.get(url).content.decode()
    client.post(url, _form([family.amy, family.ben]))
    with_ben = set(note.child_links.values_list("child_id", flat=True))
    client.post(url, _form([family.ben]))
    only_ben = set(note.child_links.values_list("child_id", flat=True))

    assert "Ben Okafor" in page
    assert "Cal Okafor" not in page  # Cal's case is another team's
    assert (with_ben, only_ben) == ({family.amy.pk, family.ben.pk}, {family.ben.pk})


def test_a_draft_cannot_be_moved_to_a_child_not_offered_or_to_none(client, family):
    client.force_login(family.worker)
    client.post(reverse("notes:new", args=[family.amy.pk]), _form([family.amy], save="draft"))
    note = CaseNote.objects.get()
    url = reverse("notes:edit", args=[note.pk])

    foreign = client.post(url, _form([family.amy, family.cal]))
    empty = client.post(url, _form([]))

    assert (foreign.status_code, empty.status_code) == (200, 200)
    assert "Choose the child or children the note is about" in empty.content.decode()
    assert set(note.child_links.values_list("child_id", flat=True)) == {family.amy.pk}


def test_a_note_to_read_on_the_tray_opens_the_note_only_for_its_reader(client, family):
    note = services.record_note(
        children=[family.amy],
        details=details(),
        finalise=True,
        readers=[family.manager],
        by=family.worker,
    )
    item = DueItem.objects.get(rule="note_to_read", owner=family.manager)
    client.force_login(family.manager)
    tray = client.get(reverse("workforce:tray")).content.decode()
    link = reverse("workforce:tray-open", args=[item.pk])
    assert f'href="{link}"' in tray

    response = client.get(link)

    assert response.status_code == 302
    assert response["Location"] == note.get_absolute_url()
    client.force_login(family.worker)
    assert client.get(link).status_code == 404

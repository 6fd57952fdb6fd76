"""The parts of a child's record: a summary and the parts behind its tabs, each its own page.

The record's composer (opencsc/record/child_record.py) fills the summary, the chronology and each
app's part; the case notes part is the notes app's list of the child's notes. Every part shows the
same header (record/_child_header.html: the child, the warnings, the tabs) from `tab_page`. Split
so that no page pays for every app's work at once (issue 15: every page at most 50 ms at the size
of a large borough).
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from opencsc import permissions
from opencsc.people import selectors
from opencsc.people.models import Person
from opencsc.permissions import Action


@dataclass(frozen=True)
class Tab:
    """One part of a child's record: its own page, reached from the record's tabs."""

    key: str
    label: str
    url_name: str


TABS = (
    Tab("summary", "Summary", "record:child"),
    Tab("notes", "Case notes", "notes:child-notes"),
    Tab("chronology", "Chronology", "record:chronology"),
    Tab("work", "Contacts and episodes", "record:work"),
    Tab("missing", "Missing and exploitation", "record:missing"),
    Tab("fostering", "Private fostering", "record:fostering"),
)


def tab_page(person: Person, *, current: str) -> dict[str, Any]:
    """What every part of the record shows above its own content: the person and the tabs."""
    return {
        "person": person,
        "record_tabs": [
            {
                "label": tab.label,
                "url": reverse(tab.url_name, args=[person.pk]),
                "current": tab.key == current,
            }
            for tab in TABS
        ]
        if person.is_child
        else [],
        "current_tab": next(tab for tab in TABS if tab.key == current),
    }


def _to_survivor(request: HttpRequest, pk: int, survivor_id: int, url_name: str) -> HttpResponse:
    """A merged record's address leads to the same part of the record it was merged into."""
    survivor = permissions.get_visible_or_404(
        request, Person, survivor_id, action=Action.VIEW_PERSON, log=False
    )
    messages.info(request, f"Record C{pk:07d} was merged into this record.")
    return redirect(url_name, survivor.pk)


def open_part(request: HttpRequest, pk: int, url_name: str) -> Person | HttpResponse:
    """The person record `pk` for the part of the record at `url_name`, through the read gate
    (logged); or where the page leads instead: a merged record's part to the same part of the
    record it was merged into, and any part but the summary of an adult's record (which has only
    its summary) to that summary."""
    facts = selectors.record_facts(pk)
    if facts is not None and facts[1] is not None:
        return _to_survivor(request, pk, selectors.survivor_of(pk) or facts[1], url_name)
    person = permissions.get_visible_or_404(
        request, Person, pk, action=Action.VIEW_PERSON, person_kind=facts[0] if facts else None
    )
    if url_name != TABS[0].url_name and not person.is_child:
        return redirect(person)
    return person

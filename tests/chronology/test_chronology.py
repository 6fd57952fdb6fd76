"""The child's chronology: events newest first, filtered by kind, each pointing at its record."""

from datetime import date

from django.contrib.contenttypes.models import ContentType

from opencsc.chronology.models import ChronologyEntry
from opencsc.chronology.selectors import chronology_for_child
from opencsc.chronology.services import add_entry, new_entry
from opencsc.people.models import Person
from tests.factories import ChronologyEntryFactory, PersonFactory


def test_an_entry_points_at_the_record_it_is_about(social_worker):
    child = PersonFactory()

    entry = add_entry(
        child,
        kind=ChronologyEntry.Kind.VISIT,
        happened_on=date(2026, 2, 3),
        summary="Home visit: child seen alone",
        record=child,
        by=social_worker,
    )

    entry.refresh_from_db()
    assert (entry.child, entry.kind, entry.happened_on, entry.recorded_by) == (
        child,
        "visit",
        date(2026, 2, 3),
        social_worker,
    )
    assert (entry.record_type, entry.record_id) == (
        ContentType.objects.get_for_model(Person),
        child.pk,
    )


def test_a_long_summary_is_cut_to_200_characters(social_worker):
    entry = add_entry(
        PersonFactory(), kind="other", happened_on=date(2026, 2, 3), summary="x" * 250, by=None
    )

    assert len(entry.summary) == 200


def test_the_chronology_lists_the_childs_events_newest_first(db):
    child = PersonFactory()
    older = ChronologyEntryFactory(child=child, happened_on=date(2026, 1, 5))
    same_day_first = ChronologyEntryFactory(child=child, happened_on=date(2026, 2, 3))
    same_day_second = ChronologyEntryFactory(child=child, happened_on=date(2026, 2, 3))
    ChronologyEntryFactory(happened_on=date(2026, 3, 1))  # another child's

    entries = list(chronology_for_child(child))

    assert entries == [same_day_second, same_day_first, older]


def test_the_chronology_shows_one_kind_of_event_when_asked(db):
    child = PersonFactory()
    visit = ChronologyEntryFactory(child=child, kind="visit")
    ChronologyEntryFactory(child=child, kind="referral")

    assert list(chronology_for_child(child, kind="visit")) == [visit]


def test_a_new_entry_is_the_row_add_entry_saves_unsaved(social_worker):
    child = PersonFactory()

    entry = new_entry(
        child,
        kind=ChronologyEntry.Kind.RECORD_CREATED,
        happened_on=date(2026, 2, 3),
        summary="Record created",
        model=Person,
        record_id=child.pk,
        by=social_worker,
    )

    assert entry.pk is None
    assert (entry.record_type, entry.record_id) == (
        ContentType.objects.get_for_model(Person),
        child.pk,
    )

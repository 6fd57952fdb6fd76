"""The data migrations of issue 11 take names out of the texts stored before it."""

import importlib

import pytest

due_items = importlib.import_module(
    "opencsc.timescales.migrations.0004_due_item_summaries_without_names"
)


@pytest.mark.parametrize(
    ("stored", "now"),
    [
        ("Child and family assessment for Amara Okafor", "Child and family assessment"),
        ("Strategy discussion for Amara Okafor", "Strategy discussion"),
        ("Core group meeting: Amara Okafor", "Core group meeting"),
        ("Child in need visit to Amara Okafor", "Child in need visit"),
        ("Transfer Amara Okafor to a long-term team", "Transfer to a long-term team"),
        (
            "Amara Okafor not seen alone during the assessment, and no reason given",
            "Not seen alone during the assessment, and no reason given",
        ),
        ("Why Amara Okafor was not seen alone", "Why the child was not seen alone"),
        ("Decide on contact C-2026-00001", "Decide on contact C-2026-00001"),
    ],
)
def test_a_due_item_summary_loses_the_childs_name(stored, now):
    assert due_items.without_name(stored, "Amara Okafor") == now


relationships = importlib.import_module(
    "opencsc.chronology.migrations.0003_relationship_entries_name_by_key"
)
started = importlib.import_module(
    "opencsc.assessments.migrations.0005_started_entries_name_siblings_by_key"
)


def test_relationship_lines_name_the_relative_by_key(db):
    from django.apps import apps

    from opencsc.chronology.models import ChronologyEntry
    from opencsc.chronology.services import add_entry
    from tests.factories import PersonFactory, RelationshipFactory

    child = PersonFactory(first_name="Amara", last_name="Okafor")
    mother = PersonFactory(adult=True, first_name="Grace", last_name="Okafor")
    link = RelationshipFactory(from_person=mother, to_person=child)
    add_entry(
        child,
        kind=ChronologyEntry.Kind.RELATIONSHIP,
        happened_on=child.date_of_birth,
        summary="Grace Okafor recorded as mother",
        record=link,
        by=None,
    )

    relationships.forwards(apps, None)

    assert ChronologyEntry.objects.get().summary == f"{{person:{mother.pk}}} recorded as mother"


def test_assessment_lines_name_the_siblings_by_key(db):
    from django.apps import apps

    from opencsc.assessments.models import Assessment
    from opencsc.chronology.models import ChronologyEntry
    from opencsc.chronology.services import add_entry
    from tests.casework.factories import AssessmentFactory

    first = AssessmentFactory(
        referral__child__first_name="Amara", referral__child__last_name="Okafor"
    )
    second = AssessmentFactory(
        family=first.family,
        referral__child__first_name="Tobi",
        referral__child__last_name="Okafor",
    )
    add_entry(
        first.child,
        kind=ChronologyEntry.Kind.ASSESSMENT,
        happened_on=first.started_on,
        summary="Child and family assessment started by Nia Bell, with Tobi Okafor",
        record=Assessment.objects.get(pk=first.pk),
        by=None,
    )

    started.forwards(apps, None)

    assert ChronologyEntry.objects.get().summary == (
        f"Child and family assessment started by Nia Bell, with {{person:{second.child_id}}}"
    )

"""The demo's warnings: about 8% of open children warned of (on them or an adult in their
household), a few past their review date, some ended, each open one with its review due item."""

from django.db.models import Q
from django.utils import timezone

from opencsc.casework.models import Allocation
from opencsc.people.models import Person, PersonWarning
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem


def test_about_8_percent_of_open_children_have_a_warning_on_them_or_their_household(demo):
    open_children = Person.objects.filter(
        pk__in=Allocation.objects.filter(ended_on=None).values("child_id")
    )
    warned = PersonWarning.objects.filter(ended_on=None)
    households = warned.filter(person__kind=Person.Kind.ADULT).values("person__household_id")
    flagged = open_children.filter(
        Q(pk__in=warned.values("person_id")) | Q(household_id__in=households)
    ).count()

    assert 0.05 <= flagged / open_children.count() <= 0.15


def test_the_demo_warnings_mix_adults_and_children_and_some_are_past_review(demo):
    warned = PersonWarning.objects.filter(ended_on=None)

    assert (
        warned.filter(person__kind=Person.Kind.ADULT).count()
        > warned.filter(person__kind=Person.Kind.CHILD).count()
    )
    assert warned.filter(person__kind=Person.Kind.CHILD).exists()
    assert warned.filter(review_on__lte=timezone.localdate()).exists()
    assert PersonWarning.objects.exclude(ended_on=None).exclude(end_reason="").exists()


def test_each_open_demo_warning_has_its_setters_review_item_on_its_date(demo):
    items = {
        item.record_id: item
        for item in DueItem.objects.filter(rule=rules.WARNING_REVIEW.code, closed_at=None)
    }
    open_warnings = list(PersonWarning.objects.filter(ended_on=None))

    assert set(items) == {warning.pk for warning in open_warnings}
    for warning in open_warnings:
        item = items[warning.pk]
        assert (item.owner_id, item.due_on, item.agreed_by_id) == (
            warning.set_by_id,
            warning.review_on,
            warning.set_by_id,
        )

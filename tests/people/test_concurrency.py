"""Two managers merging the same two records at once, in opposite directions, each on their own
PostgreSQL connection: the records are locked in one order, so one merge stands and the other is
told why not (never a deadlock)."""

from django.core.exceptions import ValidationError

from opencsc.people.models import Person
from opencsc.people.services import merge_people
from tests.factories import PersonFactory, UserFactory
from tests.races import RACE_TEST, at_once, split

pytestmark = RACE_TEST


def test_two_merges_of_the_same_records_in_opposite_directions_merge_once(assessment_team):
    first = PersonFactory(first_name="Jon", last_name="Smyth", recording_team=assessment_team)
    second = PersonFactory(
        first_name="Jon", last_name="Smith", nhs_number="", recording_team=assessment_team
    )
    managers = [UserFactory(role="team_manager", team=assessment_team) for _ in range(2)]

    def merge(survivor, duplicate, by):
        return lambda: merge_people(
            survivor=Person.objects.get(pk=survivor.pk),
            duplicate=Person.objects.get(pk=duplicate.pk),
            reason="Same child",
            by=by,
        )

    results = at_once(merge(first, second, managers[0]), merge(second, first, managers[1]))

    succeeded, failed = split(results, Person)
    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [ValidationError]
    assert failed[0].messages == ["One of these records has already been merged."]
    assert Person.objects.filter(merged_into__isnull=False).count() == 1

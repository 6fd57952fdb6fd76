"""Two reviewers answering the same likely duplicate pair at once, each on their own PostgreSQL
connection: the pair is locked before it is checked, so one review stands and the other is told
the pair was already reviewed (each pair is reviewed once)."""

from django.core.exceptions import ValidationError

from opencsc.people.models import DuplicatePair, Person
from opencsc.people.services import mark_not_the_same_person, merge_people
from tests.factories import PersonFactory, UserFactory
from tests.races import RACE_TEST, at_once

pytestmark = RACE_TEST


def test_a_merge_and_a_not_the_same_review_of_one_pair_at_once_review_it_once():
    first = PersonFactory(first_name="Jon", last_name="Smyth", nhs_number="")
    second = PersonFactory(first_name="Jon", last_name="Smith", nhs_number="")
    low, high = DuplicatePair.ordered(first.pk, second.pk)
    pair = DuplicatePair.objects.create(person_a_id=low, person_b_id=high, found_on="2026-06-01")
    reviewers = [UserFactory(role="business_support") for _ in range(2)]

    def merge():
        return merge_people(
            survivor=Person.objects.get(pk=low),
            duplicate=Person.objects.get(pk=high),
            reason="Same child",
            by=reviewers[0],
            pair=DuplicatePair.objects.get(pk=pair.pk),
        )

    def not_same():
        return mark_not_the_same_person(
            pair=DuplicatePair.objects.get(pk=pair.pk), reason="Twins", by=reviewers[1]
        )

    results = at_once(merge, not_same)

    succeeded = [r for r in results if not isinstance(r, Exception)]
    failed = [r for r in results if isinstance(r, Exception)]
    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [ValidationError]
    assert "already been reviewed" in failed[0].messages[0]
    pair.refresh_from_db()
    merged = Person.objects.filter(merged_into__isnull=False).count()
    assert (pair.outcome, merged) in {("merged", 1), ("not_same", 0)}

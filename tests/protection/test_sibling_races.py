"""Two workers recording a review conference for the same two siblings at the same moment, each
from the other child's plan (the forms name the children in opposite orders), each on their own
PostgreSQL connection: the children are locked in order of id, so the two queue instead of
deadlocking, and each plan gets its reviews as the rules allow (issue 13, part 6)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from opencsc.protection.models import Conference
from opencsc.protection.services import siblings as together
from opencsc.protection.services.siblings import SiblingOutcome
from tests.factories import UserFactory
from tests.protection.test_siblings import _conference, _enquiries, brother_referral, family
from tests.races import RACE_TEST, at_once

pytestmark = RACE_TEST

__all__ = ["brother_referral", "family"]  # fixtures, used by name


@pytest.fixture
def plans(referral, brother_referral, worker):
    sister_enquiry, brother_enquiry = _enquiries(referral, brother_referral, worker)
    made = _conference(
        sister_enquiry, {brother_enquiry: SiblingOutcome(outcome="plan", category="PHY")}, worker
    )
    return [conference.plan for conference in made]


def _review(plan, sibling, by):
    return lambda: together.hold_review_conferences_together(
        plan=plan,
        held_on=date(2027, 3, 17),
        chair="Jo Chair",
        outcome="continue",
        summary="Both children seen; the plans continue.",
        siblings={sibling: SiblingOutcome(outcome="continue")},
        by=by,
    )


def test_reviews_of_two_siblings_from_opposite_plans_queue_and_never_deadlock(
    plans, worker, cp_team
):
    colleague = UserFactory(team=cp_team, first_name="Kit", last_name="Colleague")
    sister_plan, brother_plan = plans

    results = at_once(
        _review(sister_plan, brother_plan, worker), _review(brother_plan, sister_plan, colleague)
    )

    recorded = [result for result in results if isinstance(result, list)]
    refused = [result for result in results if not isinstance(result, list)]
    # Never a database error (a deadlock would be one): each form is recorded or refused.
    assert all(isinstance(error, ValidationError) for error in refused), refused
    assert recorded
    reviews = Conference.objects.filter(kind=Conference.Kind.REVIEW)
    assert reviews.count() == 2 * len(recorded)
    assert set(reviews.values_list("plan_id", flat=True)) == {sister_plan.pk, brother_plan.pk}

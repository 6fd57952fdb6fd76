"""Allocating brothers and sisters together: one team, worker, direction and actions, each child's
own allocation and actions; all or none; only siblings, each once; only siblings the manager may
see are offered."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opencsc.casework import selectors
from opencsc.casework.models import Allocation, DirectionAction
from opencsc.casework.services import allocate_referrals_together
from opencsc.people.models import Person
from tests.factories import AllocationFactory, HouseholdFactory, PersonFactory, ReferralFactory

DIRECTION = "Neglect is chronic: see the children at home and judge the home conditions first."
SPECIFIC = "Visit the children at home and see their bedrooms"


@pytest.fixture
def brother(referral):
    household = HouseholdFactory()
    Person.objects.filter(pk=referral.child_id).update(household=household)
    referral.child.refresh_from_db()
    tobi = PersonFactory(first_name="Tobi", last_name="Okafor", household=household)
    return ReferralFactory(child=tobi, referred_on=date(2026, 5, 1))


def _together(referral, siblings, *, by, team, worker):
    return allocate_referrals_together(
        referral=referral,
        siblings=[(episode, None) for episode in siblings],
        team=team,
        worker=worker,
        direction=DIRECTION,
        actions=[(SPECIFIC, worker, date(2026, 6, 3))],
        replacing=None,
        by=by,
    )


def test_siblings_allocated_together_each_get_their_own_allocation_and_actions(
    referral, brother, manager, worker, assessment_team
):
    made = _together(referral, [brother], by=manager, team=assessment_team, worker=worker)

    assert [a.child for a in made] == [referral.child, brother.child]
    assert {a.referral_id for a in made} == {referral.pk, brother.pk}
    assert DirectionAction.objects.filter(action=SPECIFIC).count() == 2


def test_a_child_who_is_not_a_sibling_is_refused_and_nothing_is_allocated(
    referral, manager, worker, assessment_team
):
    stranger = ReferralFactory(child=PersonFactory(), referred_on=date(2026, 5, 1))

    with pytest.raises(ValidationError) as refused:
        _together(referral, [stranger], by=manager, team=assessment_team, worker=worker)

    assert list(refused.value.message_dict) == ["siblings"]
    assert not Allocation.objects.exists()


def test_a_siblings_refusal_names_them_and_allocates_neither(
    referral, brother, manager, worker, assessment_team, cp_team
):
    # Another team holds Tobi's case: only its manager may reallocate it.
    AllocationFactory(child=brother.child, team=cp_team, started_on=date(2026, 5, 1))

    with pytest.raises(ValidationError) as refused:
        _together(referral, [brother], by=manager, team=assessment_team, worker=worker)

    assert refused.value.message_dict["siblings"][0].startswith("Tobi Okafor: ")
    assert not Allocation.objects.filter(child=referral.child).exists()


def test_only_siblings_the_manager_may_see_are_offered(referral, brother, head_of_service):
    Person.objects.filter(pk=brother.child_id).update(is_restricted=True)
    assert selectors.sibling_episodes_to_allocate(referral, user=head_of_service) == []

    Person.objects.filter(pk=brother.child_id).update(is_restricted=False)
    assert selectors.sibling_episodes_to_allocate(referral, user=head_of_service) == [brother]


def _allocation_form(team, worker, brother, **extra):
    return {
        "submission_key": str(uuid.uuid4()),
        "team": str(team.pk),
        "worker": str(worker.pk),
        "direction": DIRECTION,
        "action_1": SPECIFIC,
        "assignee_1": str(worker.pk),
        "due_on_1_day": "3",
        "due_on_1_month": "6",
        "due_on_1_year": "2026",
        "siblings": [str(brother.pk)],
        **extra,
    }


def test_the_allocation_page_offers_the_sibling_and_allocates_both(
    client, referral, brother, head_of_service, assessment_team, worker
):
    client.force_login(head_of_service)
    url = reverse("casework:allocate", args=[referral.pk])

    page = client.get(url).content.decode()
    response = client.post(url, _allocation_form(assessment_team, worker, brother))

    assert "Tobi Okafor too" in page
    assert response.status_code == 302
    held = set(Allocation.objects.filter(ended_on=None).values_list("child_id", "team_id"))
    assert held == {
        (referral.child_id, assessment_team.pk),
        (brother.child_id, assessment_team.pk),
    }


def test_a_sibling_allocated_by_someone_else_after_the_page_opened_is_not_moved(
    client, referral, brother, head_of_service, assessment_team, worker
):
    """As for the child (`replacing`): each sibling's allocation the page showed is posted back,
    so a brother allocated meanwhile by another manager is not silently reallocated."""
    client.force_login(head_of_service)
    url = reverse("casework:allocate", args=[referral.pk])
    page = client.get(url).content.decode()
    assert f'name="sibling_seen_{brother.pk}"' in page
    meanwhile = AllocationFactory(child=brother.child, referral=brother)

    response = client.post(
        url,
        # Tobi was unallocated when the page opened.
        _allocation_form(assessment_team, worker, brother, **{f"sibling_seen_{brother.pk}": ""}),
    )

    assert response.status_code == 200
    assert "Tobi Okafor: " in response.content.decode()
    held = dict(Allocation.objects.filter(ended_on=None).values_list("child_id", "team_id"))
    assert held == {brother.child_id: meanwhile.team_id}

"""The forms that record brothers and sisters together: they offer only the siblings the user may
see and work (never naming another), each chosen sibling's own outcome and category is asked next
to their name, all are saved or none, and each offered sibling is logged as seen."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from opencsc.audit.models import AccessLog
from opencsc.people.models import Person
from opencsc.protection.models import Conference, ProtectionPlan
from opencsc.protection.services import siblings as together
from opencsc.protection.services.siblings import SiblingOutcome, sibling_field
from tests.factories import AllocationFactory, HouseholdFactory, PersonFactory, ReferralFactory
from tests.protection.fixtures import POLICE, SOCIAL_CARE, strategy_details
from tests.protection.test_views import CONFERENCE_RECORD


def _episode(child, team, worker):
    referral = ReferralFactory(child=child, referred_on=date(2025, 6, 2))
    AllocationFactory(
        child=child, team=team, worker=worker, started_on=date(2025, 6, 2), referral=referral
    )
    return referral


@pytest.fixture
def family(referral, cp_team, worker, other_worker):
    """Amara (the child), her brother Tobi in the same team, her sister Zara held by another team,
    all in one household, each with a section 47 enquiry from one strategy discussion (Zara's
    recorded by her own team)."""
    household = HouseholdFactory()
    Person.objects.filter(pk=referral.child_id).update(household=household)
    referral.child.refresh_from_db()
    tobi = PersonFactory(first_name="Tobi", last_name="Okafor", household=household)
    zara = PersonFactory(first_name="Zara", last_name="Okafor", household=household)
    tobi_referral = _episode(tobi, cp_team, worker)
    zara_referral = _episode(zara, other_worker.memberships.get().team, other_worker)
    first, second = together.record_strategy_discussion_together(
        referral=referral,
        details=strategy_details(),
        attendees=[POLICE, SOCIAL_CARE],
        siblings={tobi_referral: SiblingOutcome()},
        by=worker,
    )
    (zara_discussion,) = together.record_strategy_discussion_together(
        referral=zara_referral,
        details=strategy_details(),
        attendees=[POLICE, SOCIAL_CARE],
        siblings={},
        by=other_worker,
    )
    return {
        "amara": first.enquiry,
        "tobi": second.enquiry,
        "zara": zara_discussion.enquiry,
        "referral": referral,
    }


def _conference_form(**changes):
    values = {
        "submission_key": str(uuid.uuid4()),
        "held_on_day": "17",
        "held_on_month": "12",
        "held_on_year": "2026",
        "chair": "Jo Chair",
        "outcome": "plan",
        "category": "PHY",
        "summary": "Risk of physical harm from a parent.",
        **CONFERENCE_RECORD,
    }
    values.update(changes)
    return values


def test_the_conference_form_offers_the_sibling_the_user_works_and_never_names_another(
    client, family, worker
):
    client.force_login(worker)

    response = client.get(reverse("protection:conference-new", args=[family["amara"].pk]))

    page = response.content.decode()
    assert "Tobi Okafor too" in page
    assert "Zara" not in page
    assert sibling_field("category", family["tobi"].pk) in page


def test_the_offered_sibling_is_logged_as_seen(client, family, worker):
    client.force_login(worker)

    client.get(reverse("protection:conference-new", args=[family["amara"].pk]))

    seen = AccessLog.objects.filter(kind="view", child=family["tobi"].child)
    assert seen.count() == 1


def test_a_restricted_sibling_is_not_offered(client, family, worker):
    Person.objects.filter(pk=family["tobi"].child_id).update(is_restricted=True)
    client.force_login(worker)

    response = client.get(reverse("protection:conference-new", args=[family["amara"].pk]))

    assert "Tobi" not in response.content.decode()


def test_one_conference_form_makes_a_plan_for_each_sibling_with_their_category(
    client, family, worker
):
    client.force_login(worker)
    tobi = family["tobi"].pk

    response = client.post(
        reverse("protection:conference-new", args=[family["amara"].pk]),
        _conference_form(
            siblings=[str(tobi)],
            **{sibling_field("outcome", tobi): "plan", sibling_field("category", tobi): "EMO"},
        ),
    )

    assert response.status_code == 302
    made = dict(ProtectionPlan.objects.values_list("child_id", "initial_category"))
    assert made == {family["amara"].child_id: "PHY", family["tobi"].child_id: "EMO"}


def test_each_sibling_takes_part_in_the_conference_their_own_way(client, family, worker):
    """Amara gave her views another way (the form's answer for the child); Tobi, 14, attended;
    a sibling left at "As the first child" takes the child's answer."""
    client.force_login(worker)
    tobi = family["tobi"].pk
    plan_for_tobi = {sibling_field("outcome", tobi): "plan", sibling_field("category", tobi): "EMO"}

    response = client.post(
        reverse("protection:conference-new", args=[family["amara"].pk]),
        _conference_form(
            siblings=[str(tobi)],
            **plan_for_tobi,
            **{sibling_field("child_participation", tobi): "attended"},
        ),
    )

    assert response.status_code == 302
    taken_part = dict(Conference.objects.values_list("child_id", "child_participation"))
    assert taken_part == {
        family["amara"].child_id: "views_another_way",
        family["tobi"].child_id: "attended",
    }


def test_a_sibling_left_as_the_first_child_takes_the_childs_participation(client, family, worker):
    client.force_login(worker)
    tobi = family["tobi"].pk

    client.post(
        reverse("protection:conference-new", args=[family["amara"].pk]),
        _conference_form(
            siblings=[str(tobi)],
            **{sibling_field("outcome", tobi): "plan", sibling_field("category", tobi): "EMO"},
        ),
    )

    assert set(Conference.objects.values_list("child_participation", flat=True)) == {
        "views_another_way"
    }


def test_a_chosen_sibling_without_a_category_is_refused_next_to_their_field(client, family, worker):
    client.force_login(worker)
    tobi = family["tobi"].pk

    response = client.post(
        reverse("protection:conference-new", args=[family["amara"].pk]),
        _conference_form(siblings=[str(tobi)], **{sibling_field("outcome", tobi): "plan"}),
    )

    assert response.context["form"].errors[sibling_field("category", tobi)] == [
        "Select the category of abuse Tobi Okafor's plan is under"
    ]
    assert not ProtectionPlan.objects.exists()


def test_a_sibling_the_user_may_not_see_cannot_be_posted(client, family, worker):
    client.force_login(worker)
    zara = family["zara"].pk

    response = client.post(
        reverse("protection:conference-new", args=[family["amara"].pk]),
        _conference_form(siblings=[str(zara)]),
    )

    assert "siblings" in response.context["form"].errors
    assert not ProtectionPlan.objects.exists()


def test_the_other_teams_worker_is_offered_none_of_the_siblings_they_do_not_work(
    client, family, other_worker
):
    client.force_login(other_worker)

    response = client.get(reverse("protection:conference-new", args=[family["zara"].pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Amara" not in page
    assert "Tobi" not in page
    assert not AccessLog.objects.filter(kind="view", child=family["tobi"].child).exists()


def test_hostile_sibling_choices_are_refused_not_an_error_page(client, family, worker):
    client.force_login(worker)
    tobi = family["tobi"].pk

    response = client.post(
        reverse("protection:conference-new", args=[family["amara"].pk]),
        _conference_form(
            siblings=["<script>alert(1)</script>", "99999999999999999999999", str(tobi)],
            **{sibling_field("outcome", tobi): "'; DROP TABLE x; --"},
        ),
    )

    assert response.status_code == 200
    assert "siblings" in response.context["form"].errors
    assert not ProtectionPlan.objects.exists()

"""The child's record lists each episode with the CIN census items it holds, in the same number of
queries whether the child has no episode or a long history."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.assessments.models import AssessmentFactor
from opencsc.protection.models import Conference
from tests.casework.factories import (
    AssessmentFactory,
    CINPlanFactory,
    ConferenceFactory,
    ProtectionPlanFactory,
    Section47EnquiryFactory,
)
from tests.factories import AllocationFactory, PersonFactory, ReferralFactory


def _full_history(child, team) -> None:
    """Two episodes: one closed after assessment, one with an enquiry, a CP plan reviewed twice
    and a step-down CIN plan."""
    AllocationFactory(child=child, team=team, started_on=date(2025, 1, 6))
    earlier = ReferralFactory(
        child=child, referred_on=date(2025, 1, 6), closed=True, closed_on=date(2025, 3, 1)
    )
    done = AssessmentFactory(
        referral=earlier,
        started_on=date(2025, 1, 7),
        authorised=True,
        authorised_on=date(2025, 2, 20),
    )
    AssessmentFactor.objects.create(assessment=done, code="21")
    referral = ReferralFactory(child=child, referred_on=date(2026, 5, 1))
    assessment = AssessmentFactory(referral=referral, authorised=True)
    for code in ("3B", "4B", "18C"):
        AssessmentFactor.objects.create(assessment=assessment, code=code)
    enquiry = Section47EnquiryFactory(
        strategy_discussion__referral=referral,
        completed_on=date(2026, 5, 15),
        outcome="conference",
    )
    plan = ProtectionPlanFactory(
        referral=referral, ended_on=date(2026, 11, 2), end_reason="stepped_down"
    )
    ConferenceFactory(enquiry=enquiry, plan=plan)
    for held in (date(2026, 8, 20), date(2026, 11, 2)):
        Conference.objects.create(
            child=child,
            referral=referral,
            kind="review",
            plan=plan,
            held_on=held,
            chair="Chair",
            outcome="continue" if held.month == 8 else "end",
            summary="Reviewed.",
            recorded_by=assessment.worker,
        )
    CINPlanFactory(referral=referral, started_on=date(2026, 11, 3), after_protection_plan=plan)


def _queries(client, child) -> tuple[int, str]:
    client.get(reverse("record:work", args=[child.pk]))  # warm the content-type cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("record:work", args=[child.pk]))
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.django_db
def test_the_record_shows_the_census_items_in_the_same_queries_as_an_empty_history(
    client, social_worker, assessment_team
):
    empty = PersonFactory()
    AllocationFactory(child=empty, team=assessment_team)
    full = PersonFactory()
    _full_history(full, assessment_team)
    client.force_login(social_worker)

    empty_count, _ = _queries(client, empty)
    full_count, html = _queries(client, full)

    assert full_count == empty_count
    for shown in (
        "Factors: 3B, 4B, 18C",
        "Factors: 21",
        "Reviews: 20 Aug 2026, 2 Nov 2026",
        "initial conference due 27 May 2026",
        "3 Nov 2026 to now",
        "Neglect",
    ):
        assert shown in html

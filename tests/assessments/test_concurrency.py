"""Two managers deciding on the same assessment at the same moment, each on their own PostgreSQL
connection: the row locks queue them, so one decision stands and the other is told why not."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from opencsc.assessments.models import Assessment
from opencsc.assessments.services import (
    authorise_assessment,
    return_assessment,
    start_assessment,
    submit_assessment,
    update_assessment,
)
from opencsc.timescales.models import DueItem
from tests.assessments.test_services import COMPLETE
from tests.races import RACE_TEST, at_once, split

pytestmark = RACE_TEST


@pytest.fixture
def submitted(clock, referral, worker) -> Assessment:
    assessment = start_assessment(
        referral=referral, started_on=date(2026, 5, 1), worker=worker, by=worker
    )
    update_assessment(assessment=assessment, details=COMPLETE, by=worker)
    return submit_assessment(assessment=assessment, by=worker)


def _fresh(assessment: Assessment) -> Assessment:
    return Assessment.objects.get(pk=assessment.pk)


def test_two_managers_authorising_at_once_authorise_it_once(submitted, manager, second_manager):
    def as_(user):
        return lambda: authorise_assessment(assessment=_fresh(submitted), by=user)

    succeeded, failed = split(at_once(as_(manager), as_(second_manager)), Assessment)

    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [ValidationError]
    assert "already been authorised by" in failed[0].messages[0]
    assert DueItem.objects.filter(child=submitted.child, rule="cin_plan").count() == 1
    assert (
        DueItem.objects.filter(child=submitted.child, rule="transfer_after_assessment").count() == 1
    )


def test_authorising_and_returning_at_once_give_one_decision(submitted, manager, second_manager):
    succeeded, failed = split(
        at_once(
            lambda: authorise_assessment(assessment=_fresh(submitted), by=manager),
            lambda: return_assessment(
                assessment=_fresh(submitted), comment="More on risk", by=second_manager
            ),
        ),
        Assessment,
    )

    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [ValidationError]
    assert _fresh(submitted).status == succeeded[0].status

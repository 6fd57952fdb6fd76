"""The demo writes the chronology rows the services write, worded by the same builders."""

from django.contrib.contenttypes.models import ContentType

from opencsc.assessments import entries as assessment_entries
from opencsc.assessments.models import Assessment
from opencsc.chronology.models import ChronologyEntry
from opencsc.demo.build import chronology_row
from opencsc.protection import entries as protection_entries
from opencsc.protection.models import ProtectionPlan


def _saved(model, key: int, starts: str) -> ChronologyEntry:
    return ChronologyEntry.objects.get(
        record_type=ContentType.objects.get_for_model(model),
        record_id=key,
        summary__startswith=starts,
    )


def test_an_authorised_assessment_reads_as_the_service_writes_it(demo):
    assessment = (
        Assessment.objects.filter(status=Assessment.Status.AUTHORISED)
        .select_related("child", "reviewed_by")
        .order_by("pk")
        .first()
    )
    assert assessment is not None
    assert assessment.reviewed_by is not None

    expected = assessment_entries.authorised(
        assessment.child,
        assessment_id=assessment.pk,
        outcome=assessment.get_outcome_display(),
        on=assessment.authorised_on,
        by=assessment.reviewed_by,
    )

    saved = _saved(Assessment, assessment.pk, "Assessment authorised")
    assert chronology_row(saved) == chronology_row(expected)


def test_a_repeat_protection_plan_reads_as_the_service_writes_it(demo):
    plan = (
        ProtectionPlan.objects.filter(previous_plans__gt=0)
        .select_related("child")
        .order_by("pk")
        .first()
    )
    assert plan is not None
    saved = _saved(ProtectionPlan, plan.pk, "Child protection plan started")

    expected = protection_entries.plan_started(
        plan.child,
        plan_id=plan.pk,
        category=plan.get_initial_category_display(),
        previous=plan.previous_plans,
        on=plan.started_on,
        by=saved.recorded_by,
    )

    assert chronology_row(saved) == chronology_row(expected)
    assert expected.summary.endswith(f"(repeat plan: {plan.previous_plans} before)")

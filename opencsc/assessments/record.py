"""What assessments contribute to the child's record, the episode page and the episode's closure
(the interface every pathway app offers the record composer: see opencsc/record/contributors.py)."""

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Max

from opencsc.accounts.models import User
from opencsc.assessments.models import Assessment, AssessmentFactor
from opencsc.casework.models import Closure, Referral
from opencsc.casework.services import CLOSED_AFTER_ASSESSMENT
from opencsc.people.models import Person


def episode_dates(referral: Referral) -> list[tuple[date, str]]:
    """The latest dates recorded on the episode's assessments."""
    found = Assessment.objects.filter(referral=referral).aggregate(
        started_on=Max("started_on"), authorised_on=Max("authorised_on")
    )
    return [(value, "an assessment") for value in found.values() if value is not None]


def census_records(referral: Referral) -> set[str]:
    """The CIN census records the episode holds here: an assessment or none."""
    return {"assessment"} if Assessment.objects.filter(referral=referral).exists() else set()


def closure_problems(referral: Referral, *, closed_on: date, reason: str) -> list[tuple[str, str]]:
    """What stops the episode closing, as (form field or "", message): an assessment not
    authorised (CIN census 8868); closed after assessment without an authorised one (8867)."""
    assessments = Assessment.objects.filter(referral=referral)
    problems = []
    if assessments.exclude(status=Assessment.Status.AUTHORISED).exists():
        problems.append(
            (
                "",
                "An assessment on this episode is not authorised: a manager must "
                "authorise it before the episode closes",
            )
        )
    if (
        reason in CLOSED_AFTER_ASSESSMENT
        and not assessments.filter(status=Assessment.Status.AUTHORISED).exists()
    ):
        problems.append(
            ("reason", "Closed after assessment needs an authorised assessment on this episode")
        )
    return problems


def end_for_closure(closure: Closure, *, by: User) -> None:
    """Nothing: an episode closes only once its assessments are authorised."""


def episode_section(referral: Referral) -> dict[str, list[Any]]:
    """The episode page's assessments, newest first."""
    assessments = (
        Assessment.objects.filter(referral=referral, child=referral.child)
        .select_related("worker", "reviewed_by")
        .order_by("-started_on", "-pk")
    )
    return {"assessments": list(assessments)}


def record_section(child: Person, *, user: User) -> dict[str, list[Any]]:
    """The child's assessments, newest first, each with its `factor_list`, in two queries."""
    factors: dict[int, list[AssessmentFactor]] = defaultdict(list)
    for factor in AssessmentFactor.objects.filter(assessment__child=child).order_by("pk"):
        factors[factor.assessment_id].append(factor)
    assessments = list(Assessment.objects.filter(child=child).order_by("-started_on", "-pk"))
    for assessment in assessments:
        assessment.factor_list = factors[assessment.pk]  # type: ignore[attr-defined]
    return {"assessments": assessments}

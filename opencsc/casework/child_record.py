"""The child's record's view of their episodes: every CIN census item the pathway records.

The census is a read of these rows; this module reads them for the child's record page with the
same six queries whatever the child's history holds (none skipped when a list is empty, so the
page's query count does not depend on the record).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from opencsc.assessments.models import Assessment, AssessmentFactor
from opencsc.casework.models import Referral
from opencsc.people.models import Person
from opencsc.plans.models import CINPlan
from opencsc.protection.models import Conference, ProtectionPlan, Section47Enquiry


@dataclass
class EpisodeRecord:
    """One episode (CINdetails) and what belongs to it, newest record first."""

    referral: Referral
    assessments: list[Assessment] = field(default_factory=list)
    enquiries: list[Section47Enquiry] = field(default_factory=list)
    protection_plans: list[ProtectionPlan] = field(default_factory=list)
    cin_plans: list[CINPlan] = field(default_factory=list)


def episodes_for_child(child: Person, *, limit: int = 10) -> list[EpisodeRecord]:
    """The child's latest `limit` episodes, each with its assessments (`factor_list`), section 47
    enquiries (and initial conferences), child protection plans (`reviews`: review conference
    dates) and child in need plans."""
    referrals = list(Referral.objects.filter(child=child).order_by("-referred_on", "-pk")[:limit])
    episodes = {referral.pk: EpisodeRecord(referral) for referral in referrals}
    factors: dict[int, list[AssessmentFactor]] = defaultdict(list)
    for factor in AssessmentFactor.objects.filter(assessment__child=child).order_by("pk"):
        factors[factor.assessment_id].append(factor)
    for assessment in Assessment.objects.filter(child=child).order_by("-started_on", "-pk"):
        assessment.factor_list = factors[assessment.pk]  # type: ignore[attr-defined]
        if assessment.referral_id in episodes:
            episodes[assessment.referral_id].assessments.append(assessment)
    for enquiry in (
        Section47Enquiry.objects.filter(child=child)
        .select_related("conference")
        .order_by("-started_on", "-pk")
    ):
        if enquiry.referral_id in episodes:
            episodes[enquiry.referral_id].enquiries.append(enquiry)
    reviews: dict[int | None, list[Conference]] = defaultdict(list)
    for review in Conference.objects.filter(child=child, kind=Conference.Kind.REVIEW).order_by(
        "held_on", "pk"
    ):
        reviews[review.plan_id].append(review)
    for plan in ProtectionPlan.objects.filter(child=child).order_by("-started_on", "-pk"):
        plan.reviews = reviews[plan.pk]  # type: ignore[attr-defined]
        if plan.referral_id in episodes:
            episodes[plan.referral_id].protection_plans.append(plan)
    for cin_plan in CINPlan.objects.filter(child=child).order_by("-started_on", "-pk"):
        if cin_plan.referral_id in episodes:
            episodes[cin_plan.referral_id].cin_plans.append(cin_plan)
    return [episodes[referral.pk] for referral in referrals]

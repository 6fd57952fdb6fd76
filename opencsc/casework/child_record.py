"""The child's record's view of their episodes: every CIN census item the pathway records.

The census is a read of these rows; this module reads them for the child's record page, with one
query per kind of record whatever the history's length.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from opencsc.assessments.models import Assessment
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
    """The child's latest `limit` episodes, each with its assessments (and factors), section 47
    enquiries (and initial conferences), child protection plans (and review dates) and child in
    need plans."""
    referrals = list(Referral.objects.filter(child=child).order_by("-referred_on", "-pk")[:limit])
    episodes = {referral.pk: EpisodeRecord(referral) for referral in referrals}
    if not episodes:
        return []
    ids = list(episodes)
    for assessment in (
        Assessment.objects.filter(child=child, referral_id__in=ids)
        .prefetch_related("factors")
        .order_by("-started_on", "-pk")
    ):
        episodes[assessment.referral_id].assessments.append(assessment)
    for enquiry in (
        Section47Enquiry.objects.filter(child=child, referral_id__in=ids)
        .select_related("conference")
        .order_by("-started_on", "-pk")
    ):
        episodes[enquiry.referral_id].enquiries.append(enquiry)
    reviews = Conference.objects.filter(kind=Conference.Kind.REVIEW).order_by("held_on")
    for plan in (
        ProtectionPlan.objects.filter(child=child, referral_id__in=ids)
        .prefetch_related(Prefetch("conferences", queryset=reviews, to_attr="reviews"))
        .order_by("-started_on", "-pk")
    ):
        episodes[plan.referral_id].protection_plans.append(plan)
    for cin_plan in CINPlan.objects.filter(child=child, referral_id__in=ids).order_by(
        "-started_on", "-pk"
    ):
        episodes[cin_plan.referral_id].cin_plans.append(cin_plan)
    return [episodes[referral.pk] for referral in referrals]

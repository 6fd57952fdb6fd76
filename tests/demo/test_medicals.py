"""The demo's child protection medicals: most medicals decided needed are recorded, a few not
held with a manager's reason, a few still outstanding with their due item (issue 13, part 3)."""

from django.db.models import F

from opencsc.protection.models import MedicalNotHeld, ProtectionMedical, StrategyDiscussion
from opencsc.timescales.models import DueItem


def test_medicals_decided_needed_are_mostly_recorded_and_a_few_outstanding(demo):
    needed = StrategyDiscussion.objects.filter(medical_decision="needed")
    recorded = ProtectionMedical.objects.count()
    outstanding = DueItem.objects.filter(rule="protection_medical", closed_at=None)

    assert recorded > needed.count() / 2
    assert 0 < outstanding.count() < recorded
    assert not outstanding.filter(record_id__in=ProtectionMedical.objects.values("discussion"))
    assert not MedicalNotHeld.objects.filter(reviewed_by=F("proposed_by")).exists()

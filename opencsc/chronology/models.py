"""A dated list of significant events in a child's life and the council's involvement."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from opencsc.core.models import BaseModel


class ChronologyEntry(BaseModel):
    """One event on a child's chronology, written by the service that recorded it."""

    class Kind(models.TextChoices):
        RECORD_CREATED = "record_created", "Record created"
        DETAILS_CHANGED = "details_changed", "Details changed"
        RELATIONSHIP = "relationship", "Family and relationships"
        HOUSEHOLD = "household", "Household and address"
        MERGED = "merged", "Records merged"
        ALLOCATED = "allocated", "Allocation"
        TRANSFER = "transfer", "Transfer"
        CONTACT = "contact", "Contact"
        REFERRAL = "referral", "Referral"
        ASSESSMENT = "assessment", "Assessment"
        STRATEGY = "strategy", "Strategy discussion"
        SECTION_47 = "section_47", "Section 47 enquiry"
        CONFERENCE = "conference", "Conference"
        PLAN = "plan", "Plan"
        VISIT = "visit", "Visit"
        CLOSURE = "closure", "Closure"
        CASE_NOTE = "case_note", "Case note"
        OVERSIGHT = "oversight", "Management oversight"
        MISSING = "missing", "Missing episode"
        EXPLOITATION = "exploitation", "Exploitation"
        PRIVATE_FOSTERING = "private_fostering", "Private fostering"
        OTHER = "other", "Other"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="chronology")
    kind = models.CharField(max_length=32, choices=Kind)
    happened_on = models.DateField()
    summary = models.CharField(max_length=200)
    record_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "chronology entries"
        ordering = ["-happened_on", "-id"]
        indexes = [
            models.Index(fields=["child", "-happened_on", "-id"], name="chronology_child_newest"),
            models.Index(fields=["child", "kind", "-happened_on"], name="chronology_child_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.happened_on}: {self.summary}"

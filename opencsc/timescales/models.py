"""Deadlines as data: one row for each piece of work with a timescale."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from opencsc.core.models import BaseModel


class DueItem(BaseModel):
    """A piece of work due by a date (or, for hour rules, a time). Only timescales.services opens,
    closes, reassigns, recounts it or records a date someone agreed.

    open ──> closed
    """

    rule = models.CharField(
        max_length=64, help_text="The code of a rule in opencsc/timescales/rules.py."
    )
    child = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="due_items",
        help_text="Empty only while a partner agency's contact names a child not yet matched.",
    )
    record_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    record_id = models.PositiveBigIntegerField()
    summary = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="due_items",
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="due_items"
    )
    starts_on = models.DateField(help_text="Day 0: the event the timescale counts from.")
    due_on = models.DateField()
    due_at = models.DateTimeField(
        null=True, blank=True, help_text="Set for rules counted in hours."
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    close_note = models.CharField(max_length=300, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who agreed the due date (e.g. a review set an earlier next review).",
    )
    agreed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the due date was agreed; a recount leaves it alone."
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["owner", "due_on"],
                condition=Q(closed_at__isnull=True),
                name="dueitem_owner_open",
            ),
            models.Index(
                fields=["team", "due_on"],
                condition=Q(closed_at__isnull=True),
                name="dueitem_team_open",
            ),
            models.Index(
                fields=["child", "due_on"],
                condition=Q(closed_at__isnull=True),
                name="dueitem_child_open",
            ),
            models.Index(
                fields=["rule", "due_on"],
                condition=Q(closed_at__isnull=True),
                name="dueitem_rule_open",
            ),
            models.Index(fields=["record_type", "record_id"], name="dueitem_record"),
        ]
        constraints = [
            models.CheckConstraint(
                name="dueitem_due_after_start", condition=Q(due_on__gte=models.F("starts_on"))
            ),
            models.CheckConstraint(
                name="dueitem_agreed_by_iff_agreed_at",
                condition=Q(agreed_by__isnull=True, agreed_at__isnull=True)
                | Q(agreed_by__isnull=False, agreed_at__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["rule", "record_type", "record_id"],
                condition=Q(closed_at__isnull=True),
                name="dueitem_one_open_per_rule_and_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.summary} due {self.due_on}"

"""Who holds a child's case."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from opencsc.core.models import BaseModel


class Allocation(BaseModel):
    """A child's case held by a team and, once named, a worker. One open allocation per child."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        indexes = [
            models.Index(fields=["team", "ended_on"], name="allocation_team_open"),
            models.Index(fields=["worker", "ended_on"], name="allocation_worker_open"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_on__isnull=True),
                name="allocation_one_open_per_child",
            ),
            models.CheckConstraint(
                name="allocation_ends_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} allocated to {self.team}"

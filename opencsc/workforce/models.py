"""A team manager's oversight: alerts raised from overdue and unexplained work, acknowledged."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from opencsc.core.models import BaseModel


class AlertAcknowledgement(BaseModel):
    """A team manager's note that they have seen an alert and what they directed.

    An alert is an open due item of an alert rule (workforce.alerts) that has fallen overdue. The
    work itself is still due: acknowledging an alert records oversight, it does not close it.
    """

    due_item = models.OneToOneField(
        "timescales.DueItem", on_delete=models.PROTECT, related_name="acknowledgement"
    )
    note = models.TextField()
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(name="alert_acknowledgement_has_note", condition=~Q(note="")),
        ]

    def __str__(self) -> str:
        return f"Alert {self.due_item_id} acknowledged by {self.acknowledged_by}"

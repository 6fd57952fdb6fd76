"""The append-only access log: every view of a child's record and every change."""

from typing import Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AppendOnlyQuerySet(models.QuerySet["AccessLog"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("The access log is append-only.")

    def delete(self) -> NoReturn:
        raise PermissionError("The access log is append-only.")


class AccessLog(models.Model):
    """One view or change of a record: by whom, when, from which address. Never updated or deleted.

    Database triggers refuse UPDATE and DELETE (migration 0002) and, on PostgreSQL, TRUNCATE
    (0004). Each row is numbered (`seq`, no gaps) and carries a hash chained to the previous row's
    (`audit.chain`), so `opencsc audit verify` finds a row deleted, changed or slipped in by
    someone who got past the triggers. Rows are written only by `audit.services.save_rows`, which
    numbers, times and hashes them under the chain's lock.
    """

    class Kind(models.TextChoices):
        VIEW = "view", "Viewed"
        CHANGE = "change", "Changed"

    # Set by audit.services.save_rows under the chain's lock (not auto_now_add: the hash covers it).
    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=Kind)
    action = models.CharField(max_length=64)
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    record_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)
    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["child", "-at"], name="accesslog_child_newest"),
            models.Index(fields=["user", "-at"], name="accesslog_user_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_kind_display()} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Guard the invariant in Python too, so the mistake shows before the database refuses it.
        if self.pk is not None:
            raise PermissionError("The access log is append-only.")
        if not self.hash:
            raise ValueError(
                "Write access-log rows through audit.services (save_rows chains them)."
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("The access log is append-only.")

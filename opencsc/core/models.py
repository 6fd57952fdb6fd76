"""The base every OpenCSC record builds on."""

from django.db import models


class BaseModel(models.Model):
    """A record with creation and update times."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Submission(models.Model):
    """A form submission already carried out: a double submit finds it and does not write twice."""

    key = models.UUIDField(unique=True)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    result_url = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return str(self.key)

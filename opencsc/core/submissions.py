"""Carry out a form submission once, however often the browser sends it."""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.db import IntegrityError, models, transaction

from opencsc.accounts.models import User
from opencsc.core.models import Submission

RecordT = TypeVar("RecordT", bound=models.Model)


class AlreadySubmitted(Exception):
    """The same form was submitted before; `url` shows what it made."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class SubmitOnceForm(forms.Form):
    """A form carrying a one-time key, so a double submit creates one record."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


def run_once(*, key: uuid.UUID, by: User, write: Callable[[], RecordT]) -> RecordT:
    """Run `write` unless a submission with `key` already ran; then raise AlreadySubmitted."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = Submission.objects.create(key=key, user=by)
        except IntegrityError:
            earlier = Submission.objects.filter(key=key, user=by).first()
            raise AlreadySubmitted(earlier.result_url if earlier else "") from None
        record = write()
        get_url = getattr(record, "get_absolute_url", None)
        submission.result_url = get_url() if callable(get_url) else ""
        submission.save(update_fields=["result_url"])
        return record


def earlier_result(*, key: uuid.UUID, by: User) -> str | None:
    """Where an earlier submission of the same form led, or None if it is new."""
    return Submission.objects.filter(key=key, user=by).values_list("result_url", flat=True).first()

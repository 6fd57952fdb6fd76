"""Carry out a form submission once, however often the browser sends it."""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from opencsc.core.models import Submission
from opencsc.core.requests import signed_in

RecordT = TypeVar("RecordT", bound=models.Model)


class AlreadySubmitted(Exception):
    """The same form was submitted before; `url` shows what it made."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class SubmitOnceForm(forms.Form):
    """A form carrying a one-time key, so a double submit creates one record."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


def run_once(
    *, key: uuid.UUID, by: AbstractBaseUser, write: Callable[[], RecordT], then: str = ""
) -> RecordT:
    """Run `write` unless a submission with `key` already ran; then raise AlreadySubmitted. The
    submission keeps where it led: `then`, or the written record's own page."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = Submission.objects.create(key=key, user_id=by.pk)
        except IntegrityError:
            earlier = Submission.objects.filter(key=key, user_id=by.pk).first()
            raise AlreadySubmitted(earlier.result_url if earlier else "") from None
        record = write()
        get_url = getattr(record, "get_absolute_url", None)
        submission.result_url = then or (get_url() if callable(get_url) else "")
        submission.save(update_fields=["result_url"])
        return record


def earlier_result(*, key: uuid.UUID, by: AbstractBaseUser) -> str | None:
    """Where an earlier submission of the same form led, or None if it is new."""
    return (
        Submission.objects.filter(key=key, user_id=by.pk)
        .values_list("result_url", flat=True)
        .first()
    )


ALREADY_SENT = "That form was already sent: it was saved once."


def sent_before(request: HttpRequest, form: forms.Form, *, then: str = "") -> HttpResponse | None:
    """If this form's submission key was carried out before, go where it led (or to `then`), for a
    view that must not run its checks again on a form already saved (they would find the record
    it made). Returns None for a new submission."""
    earlier = earlier_result(key=form.cleaned_data["submission_key"], by=signed_in(request))
    if earlier is None:
        return None
    messages.info(request, ALREADY_SENT)
    return HttpResponseRedirect(earlier or then or request.path)


def save_once(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[], RecordT],
    done: str | Callable[[RecordT], str],
    *,
    field_for: dict[str, str] | None = None,
    then: str = "",
) -> HttpResponse | None:
    """Run a service once for this form's submission key and go on to the record it wrote (or to
    `then`), with `done` as the success message (or made from the record the service returned).
    A second submission of the same form goes where the first led (or to `then`). The service's
    errors go on the form: next to the field they name (`field_for` maps a service's key to the
    form's field), or above the form. Returns None when the form is to be shown again."""
    from opencsc.core.forms import add_service_errors

    user = signed_in(request)
    try:
        record = run_once(key=form.cleaned_data["submission_key"], by=user, write=write, then=then)
    except AlreadySubmitted as error:
        messages.info(request, ALREADY_SENT)
        return HttpResponseRedirect(error.url or request.path)
    except PermissionDenied as error:
        form.add_error(None, str(error) or "You do not have permission to do this.")
        return None
    except ValidationError as error:
        if field_for and hasattr(error, "error_dict"):
            error = ValidationError(
                {field_for.get(key, key): value for key, value in error.error_dict.items()}
            )
        add_service_errors(form, error)
        return None
    messages.success(request, done if isinstance(done, str) else done(record))
    url = then or getattr(record, "get_absolute_url", lambda: request.path)()
    return HttpResponseRedirect(url)

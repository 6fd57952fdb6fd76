"""A form sent twice is carried out once."""

import uuid

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from opencsc.core.models import Submission
from opencsc.core.submissions import (
    ALREADY_SENT,
    AlreadySubmitted,
    SubmitOnceForm,
    earlier_result,
    run_once,
    save_once,
    sent_before,
)
from opencsc.people.models import Person
from tests.factories import PersonFactory


def test_a_submission_runs_its_write_once(social_worker):
    key = uuid.uuid4()
    first = run_once(key=key, by=social_worker, write=lambda: PersonFactory(last_name="Okafor"))

    with pytest.raises(AlreadySubmitted) as again:
        run_once(key=key, by=social_worker, write=lambda: PersonFactory(last_name="Okafor"))

    assert again.value.url == first.get_absolute_url()
    assert Person.objects.filter(last_name="Okafor").count() == 1


def test_a_refused_write_can_be_corrected_and_sent_again_with_the_same_key(social_worker):
    key = uuid.uuid4()

    def refuse():
        raise ValidationError("Enter the person's last name")

    with pytest.raises(ValidationError):
        run_once(key=key, by=social_worker, write=refuse)
    person = run_once(key=key, by=social_worker, write=lambda: PersonFactory(last_name="Okafor"))

    assert Submission.objects.get(key=key).result_url == person.get_absolute_url()


def test_an_earlier_submission_is_found_by_its_key(social_worker):
    key = uuid.uuid4()
    person = run_once(key=key, by=social_worker, write=PersonFactory)

    assert earlier_result(key=key, by=social_worker) == person.get_absolute_url()
    assert earlier_result(key=uuid.uuid4(), by=social_worker) is None


def test_another_users_key_is_not_their_earlier_submission(social_worker, make_user):
    key = uuid.uuid4()
    run_once(key=key, by=social_worker, write=PersonFactory)

    assert earlier_result(key=key, by=make_user()) is None


def _sent(user, key):
    """A POST of a one-time-key form by `user`, with somewhere to keep messages."""
    request = RequestFactory().post("/teams/new/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    form = SubmitOnceForm({"submission_key": str(key)})
    assert form.is_valid()
    return request, form


def _messages(request) -> list[str]:
    return [str(message) for message in get_messages(request)]


def test_the_success_message_can_be_made_from_the_saved_record(social_worker):
    request, form = _sent(social_worker, uuid.uuid4())

    response = save_once(
        request,
        form,
        lambda: PersonFactory(first_name="Ada", last_name="Okafor"),
        lambda person: f"Record created for {person.full_name}",
    )

    assert response is not None
    assert response["Location"] == Person.objects.get(last_name="Okafor").get_absolute_url()
    assert _messages(request) == ["Record created for Ada Okafor"]


def test_a_second_send_goes_where_the_first_led(social_worker):
    key = uuid.uuid4()
    first = save_once(*_sent(social_worker, key), PersonFactory, "Saved", then="/staff/")
    request, form = _sent(social_worker, key)

    second = save_once(request, form, PersonFactory, "Saved", then="/staff/")

    assert first is not None
    assert second is not None
    assert first["Location"] == second["Location"] == "/staff/"
    assert _messages(request) == [ALREADY_SENT]
    assert Person.objects.count() == 1


def test_a_form_sent_before_is_found_before_its_checks_run(social_worker):
    key = uuid.uuid4()
    person = run_once(key=key, by=social_worker, write=PersonFactory)
    request, form = _sent(social_worker, key)

    again = sent_before(request, form)

    assert again is not None
    assert again["Location"] == person.get_absolute_url()
    assert _messages(request) == [ALREADY_SENT]
    assert sent_before(*_sent(social_worker, uuid.uuid4())) is None


def test_forms_save_only_through_save_once():
    """One path for a form's one-time key: no app handles it by hand."""
    code = settings.BASE_DIR / "opencsc"
    by_hand = [
        str(path.relative_to(code))
        for path in code.rglob("*.py")
        if path != code / "core" / "submissions.py"
        and any(
            name in path.read_text() for name in ("run_once", "earlier_result", "AlreadySubmitted")
        )
    ]

    assert by_hand == []


def test_views_read_records_only_through_selectors_and_the_gate():
    """One path for reads: no view queries a model's manager itself."""
    code = settings.BASE_DIR / "opencsc"
    direct = [
        f"{path.relative_to(code)}:{number}"
        for path in code.rglob("views.py")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if ".objects" in line or "_default_manager" in line
    ]

    assert direct == []

"""A form sent twice is carried out once."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from opencsc.core.models import Submission
from opencsc.core.submissions import AlreadySubmitted, earlier_result, run_once
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

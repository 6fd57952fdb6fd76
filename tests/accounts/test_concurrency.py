"""The same sign-in code sent twice at the same moment (two tabs, or a replayed request), each on
its own PostgreSQL connection: the device's row lock queues them, so the code signs in once."""

import pytest
from django.core.exceptions import ValidationError
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencsc.accounts.signin import services
from opencsc.audit.models import AccessLog
from tests.accounts.test_second_factor import code_for
from tests.factories import UserFactory
from tests.races import RACE_TEST, at_once, split

pytestmark = RACE_TEST


@pytest.fixture
def enrolled_user():
    user = UserFactory()
    key = services.new_secret()
    _, codes = services.set_up_authenticator(user=user, key=key, code=code_for(key))
    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    return user, key, codes


@pytest.mark.parametrize("which", ["authenticator", "recovery"])
def test_one_code_sent_twice_at_once_signs_in_once(enrolled_user, which):
    user, key, codes = enrolled_user
    code = code_for(key) if which == "authenticator" else codes[0]

    def attempt():
        return services.check_sign_in_code(user=user, code=code)

    succeeded, failed = split(at_once(attempt, attempt), Device)

    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [ValidationError]
    assert AccessLog.objects.filter(action="accounts.sign_in", user=user).count() == 2  # set-up too


def test_two_set_ups_at_once_make_one_authenticator():
    user = UserFactory()
    first, second = services.new_secret(), services.new_secret()

    results = at_once(
        lambda: services.set_up_authenticator(user=user, key=first, code=code_for(first)),
        lambda: services.set_up_authenticator(user=user, key=second, code=code_for(second)),
    )

    succeeded, failed = split(results, tuple)
    assert len(succeeded) == 1
    assert [error.messages for error in failed] == [
        ["You have already set up an authenticator app"]
    ]
    assert TOTPDevice.objects.filter(user=user).count() == 1

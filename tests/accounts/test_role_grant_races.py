"""Two administrators answering the same role change at the same moment, each on their own
PostgreSQL connection: the row lock queues them, so one answer wins and the other is told."""

import pytest
from django.core.exceptions import ValidationError

from opencsc.accounts import services
from opencsc.accounts.models import Role, RoleGrant, User
from opencsc.accounts.services import StaffDetails
from tests.factories import UserFactory
from tests.races import RACE_TEST, at_once

pytestmark = RACE_TEST


@pytest.fixture
def grant() -> RoleGrant:
    asking = UserFactory(role=Role.ADMINISTRATOR, email="asking@example.org")
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    services.update_staff(
        user=worker,
        details=StaffDetails(
            first_name=worker.first_name,
            last_name=worker.last_name,
            email="",
            role=Role.HEAD_OF_SERVICE,
        ),
        by=asking,
    )
    return RoleGrant.objects.get()


def _admin(email: str) -> User:
    return UserFactory(role=Role.ADMINISTRATOR, email=email)


def test_two_approvals_at_once_approve_once(grant):
    first, second = _admin("one@example.org"), _admin("two@example.org")

    results = at_once(
        lambda: services.authorise_role_grant(grant=grant, by=first),
        lambda: services.authorise_role_grant(grant=grant, by=second),
    )

    approved = [result for result in results if isinstance(result, RoleGrant)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert (len(approved), len(refused)) == (1, 1)
    assert "already been approved" in refused[0].messages[0]


def test_an_approval_and_a_refusal_at_once_leave_one_answer(grant):
    first, second = _admin("one@example.org"), _admin("two@example.org")

    results = at_once(
        lambda: services.authorise_role_grant(grant=grant, by=first),
        lambda: services.return_role_grant(grant=grant, comment="No", by=second),
    )

    answered = [result for result in results if isinstance(result, RoleGrant)]
    grant.refresh_from_db()
    account = User.objects.get(pk=grant.account_id)
    assert len(answered) == 1
    assert account.role == (
        Role.HEAD_OF_SERVICE if grant.status == RoleGrant.Status.AUTHORISED else Role.SOCIAL_WORKER
    )

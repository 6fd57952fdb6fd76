"""Two managers answering the same section 47 outcome at the same moment, each on their own
PostgreSQL connection: the row locks queue them, so one answer stands and the other is told why
not (issue 13, part 4)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from opencsc.accounts.models import Role
from opencsc.protection import services
from opencsc.protection.models import ProtectiveDecision, Section47Enquiry
from opencsc.timescales.models import DueItem
from tests.factories import UserFactory
from tests.protection.fixtures import enquiry
from tests.races import RACE_TEST, at_once, split

pytestmark = RACE_TEST


@pytest.fixture
def second_manager(cp_team):
    return UserFactory(role=Role.TEAM_MANAGER, team=cp_team, first_name="Lee", last_name="Park")


@pytest.fixture
def waiting(referral, worker) -> ProtectiveDecision:
    started = enquiry(referral, worker)
    services.complete_enquiry(
        enquiry=started,
        completed_on=date(2026, 12, 18),
        outcome="not_substantiated",
        reason="Injury explained",
        by=worker,
    )
    decision = services.waiting_decision(enquiry=started)
    assert decision is not None
    return decision


def _fresh(decision: ProtectiveDecision) -> ProtectiveDecision:
    return ProtectiveDecision.objects.get(pk=decision.pk)


def test_two_managers_authorising_at_once_authorise_it_once(waiting, manager, second_manager):
    def as_(user):
        return lambda: services.authorise_protective_decision(decision=_fresh(waiting), by=user)

    succeeded, failed = split(at_once(as_(manager), as_(second_manager)), ProtectiveDecision)

    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [ValidationError]
    assert "This decision has already been authorised by" in failed[0].messages[0]
    enquiry = Section47Enquiry.objects.get()
    assert (enquiry.outcome, enquiry.completed_on) == ("not_substantiated", date(2026, 12, 18))
    assert DueItem.objects.filter(rule="icpc", closed_at__isnull=False).count() == 1
    assert ProtectiveDecision.objects.filter(status="authorised").count() == 1


def test_authorising_and_returning_at_once_give_one_answer(waiting, manager, second_manager):
    succeeded, failed = split(
        at_once(
            lambda: services.authorise_protective_decision(decision=_fresh(waiting), by=manager),
            lambda: services.return_protective_decision(
                decision=_fresh(waiting), comment="See the father first.", by=second_manager
            ),
        ),
        ProtectiveDecision,
    )

    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [ValidationError]
    answered = _fresh(waiting)
    assert answered.status == succeeded[0].status
    enquiry = Section47Enquiry.objects.get()
    assert (enquiry.completed_on is not None) is (answered.status == "authorised")

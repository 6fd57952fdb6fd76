"""A change to who a child is (date of birth, NHS number, UPN) while the child's episode is open
reaches the holding manager's alerts at once (issue 12, part 3)."""

from datetime import date

import pytest
from django.utils import timezone

from opencsc.casework.services import change_child_details
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from opencsc.workforce import selectors as workforce
from tests.factories import AllocationFactory, MashTeamFactory, ReferralFactory, UserFactory


@pytest.fixture
def held(referral, assessment_team, worker):
    AllocationFactory(child=referral.child, team=assessment_team, worker=worker)
    return referral.child


def _alerts(user):
    return list(workforce.manager_alerts(user, today=timezone.localdate()))


@pytest.mark.parametrize(
    "changes",
    [
        {"date_of_birth": date(2016, 5, 12)},
        {"nhs_number": "9434765919"},
        {"upn": "A308201812001"},
    ],
    ids=["date_of_birth", "nhs_number", "upn"],
)
def test_an_identity_change_on_an_open_child_reaches_the_holding_managers_alerts(
    held, worker, manager, assessment_team, changes
):
    change_child_details(person=held, changes=changes, reason="Corrected", by=worker)

    item = DueItem.objects.get(rule=rules.IDENTITY_CHANGED.code)
    assert (item.child, item.team, item.owner) == (held, assessment_team, manager)
    assert "Corrected" not in item.summary
    assert held.last_name not in item.summary
    assert _alerts(manager) == [item]


def test_other_changes_and_closed_episodes_alert_no_one(db, clock, worker, manager, held):
    change_child_details(person=held, changes={"religion": "Muslim"}, reason="x", by=worker)
    closed = ReferralFactory(closed=True).child
    AllocationFactory(child=closed, team=manager.teams.get(), ended_on=date(2026, 5, 2))

    assert not DueItem.objects.filter(rule=rules.IDENTITY_CHANGED.code).exists()
    assert _alerts(manager) == []


def test_a_second_change_while_the_alert_is_open_opens_no_second_alert(held, worker):
    change_child_details(
        person=held, changes={"date_of_birth": date(2016, 5, 12)}, reason="a", by=worker
    )
    change_child_details(
        person=held, changes={"date_of_birth": date(2016, 5, 13)}, reason="b", by=worker
    )

    assert DueItem.objects.filter(rule=rules.IDENTITY_CHANGED.code).count() == 1


def test_while_the_episode_waits_for_a_team_the_mash_manager_is_told(referral):
    mash = MashTeamFactory()
    mash_worker = UserFactory(role="mash_practitioner", team=mash)

    change_child_details(
        person=referral.child, changes={"nhs_number": "9434765919"}, reason="GP", by=mash_worker
    )

    item = DueItem.objects.get(rule=rules.IDENTITY_CHANGED.code)
    # The MASH's first manager: the one who authorised the referral (ReferralFactory's).
    assert (item.team, item.owner) == (mash, referral.created_by)

"""Two managers acknowledging the same alert at the same moment, each on their own PostgreSQL
connection: the row lock queues them, so the alert is acknowledged once."""

from datetime import date

from django.core.exceptions import ValidationError

from opencsc.casework.services import open_pathway_due_item
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from opencsc.workforce.models import AlertAcknowledgement
from opencsc.workforce.services import acknowledge_alert
from tests.factories import AllocationFactory
from tests.races import RACE_TEST, at_once, split

pytestmark = RACE_TEST


def test_two_managers_acknowledging_at_once_acknowledge_once(
    clock, referral, manager, second_manager, assessment_team
):
    AllocationFactory(child=referral.child, team=assessment_team)
    item = open_pathway_due_item(
        rules.ASSESSMENT, child=referral.child, record=referral, start=date(2026, 1, 5)
    )

    def as_(user):
        return lambda: acknowledge_alert(
            due_item=DueItem.objects.get(pk=item.pk), note=f"Seen by {user}", by=user
        )

    results = at_once(as_(manager), as_(second_manager))

    succeeded, failed = split(results, AlertAcknowledgement)
    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [ValidationError]
    assert "already acknowledged by" in failed[0].messages[0]
    assert AlertAcknowledgement.objects.count() == 1

"""The demo's trays have content: new allocations waiting to be read and decisions returned to
the MASH practitioner who proposed them, with the manager's comment on the decision."""

from opencsc.frontdoor.models import ContactDecision
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem


def test_new_allocations_wait_in_their_workers_trays(demo):
    items = DueItem.objects.filter(rule=rules.NEW_ALLOCATION.code, closed_at=None)

    assert items.exists()
    assert all(item.owner_id is not None and item.team_id is not None for item in items)


def test_returned_decisions_wait_for_their_proposers_with_the_managers_comment(demo):
    items = list(DueItem.objects.filter(rule=rules.RETURNED_TO_WORKER.code, closed_at=None))
    decisions = ContactDecision.objects.in_bulk([item.record_id for item in items])

    assert items
    for item in items:
        decision = decisions[item.record_id]
        assert decision.status == ContactDecision.Status.RETURNED
        assert item.owner_id == decision.proposed_by_id
        assert decision.manager_comment

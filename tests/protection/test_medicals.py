"""Disclosures carried through (issue 13, part 3): a child's disclosure on the contact that led to
the referral sets "harm alleged" on her strategy discussion (changing it needs a reason) and
requires the decision on a medical; a medical decided "needed" is due in 1 working day and
stays due, and on the manager's alerts, until it is recorded or a manager authorises why it is
not held."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessLog
from opencsc.chronology.models import ChronologyEntry
from opencsc.protection import services
from opencsc.protection.models import MedicalNotHeld, ProtectionMedical, StrategyDiscussion
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from opencsc.workforce import selectors as workforce
from opencsc.workforce import services as workforce_services
from tests.factories import ContactFactory, UserFactory
from tests.protection.fixtures import POLICE, SOCIAL_CARE, london, strategy_details

MEDICAL = {
    "medical_considered": True,
    "medical_decision": "needed",
    "medical_reason": "Disclosure of sexual abuse within the last week.",
}
NOT_NEEDED = {
    "medical_considered": True,
    "medical_decision": "not_needed",
    "medical_reason": "The disclosure is of abuse two years ago; no injury to find.",
}


@pytest.fixture
def disclosed(referral):
    """The girl's referral came from a contact recording her disclosure of sexual abuse."""
    referral.contact = ContactFactory(
        disclosure="sexual", disclosure_details="She told her teacher her stepfather touched her."
    )
    referral.save()
    return referral


def _record(referral, by, on=date(2026, 12, 14), **changes):
    details = strategy_details(held_at=london(on.year, on.month, on.day), **changes)
    return services.record_strategy_discussion(
        referral=referral, details=details, attendees=[POLICE, SOCIAL_CARE], by=by
    )


def _medical_item(discussion):
    return DueItem.objects.get(record_id=discussion.pk, rule=rules.PROTECTION_MEDICAL.code)


# The "Why": a disclosure answered No from scratch, so no medical was asked for.


def test_harm_not_alleged_after_a_girls_disclosure_is_refused_without_a_reason(disclosed, worker):
    with pytest.raises(ValidationError) as excinfo:
        _record(disclosed, worker, harm_alleged=False)

    errors = excinfo.value.message_dict
    assert errors["harm_alleged_change_reason"] == [
        "The contact recorded the child's disclosure of physical or sexual abuse: enter why "
        "physical or sexual harm is not alleged"
    ]
    assert "medical_decision" in errors
    assert not StrategyDiscussion.objects.exists()


def test_the_disclosure_travels_with_the_child_to_her_strategy_discussion(disclosed, worker):
    held = _record(disclosed, worker, harm_alleged=True, **MEDICAL)

    assert (held.contact_disclosure, held.harm_alleged) == ("sexual", True)
    assert services.disclosure_carried(disclosed) == "sexual"


def test_harm_not_alleged_after_a_disclosure_keeps_the_reason_and_the_medical_decision(
    disclosed, worker
):
    held = _record(
        disclosed,
        worker,
        harm_alleged=False,
        harm_alleged_change_reason="She later said the touching was her brother's game of tag.",
        **NOT_NEEDED,
    )

    assert held.harm_alleged_change_reason.startswith("She later said")
    assert held.medical_decision == "not_needed"


def test_after_a_disclosure_the_medical_decision_is_required_even_with_harm_not_alleged(
    disclosed, worker
):
    with pytest.raises(ValidationError) as excinfo:
        _record(disclosed, worker, harm_alleged=False, harm_alleged_change_reason="Retracted.")

    assert set(excinfo.value.message_dict) == {
        "medical_considered",
        "medical_decision",
        "medical_reason",
    }


def test_without_a_disclosure_no_is_answered_freely(referral, worker):
    held = _record(referral, worker, harm_alleged=False)

    assert (held.contact_disclosure, held.harm_alleged_change_reason) == ("", "")


def test_a_disclosure_of_neglect_does_not_set_harm_alleged(referral, worker):
    referral.contact = ContactFactory(disclosure="neglect", disclosure_details="No food at home.")
    referral.save()

    held = _record(referral, worker, harm_alleged=False)

    assert held.contact_disclosure == ""


def test_the_database_refuses_a_disclosure_dismissed_without_a_reason(disclosed, worker):
    held = _record(disclosed, worker, harm_alleged=True, **MEDICAL)

    with pytest.raises(IntegrityError), transaction.atomic():
        StrategyDiscussion.objects.filter(pk=held.pk).update(harm_alleged=False)


def test_the_database_refuses_a_disclosure_without_a_medical_decision(disclosed, worker):
    held = _record(disclosed, worker, harm_alleged=True, **MEDICAL)

    with pytest.raises(IntegrityError), transaction.atomic():
        StrategyDiscussion.objects.filter(pk=held.pk).update(
            harm_alleged=False, harm_alleged_change_reason="Retracted", medical_decision=""
        )


# A medical decided "needed" is followed up.


def test_a_medical_decided_needed_is_due_the_next_working_day_for_the_case_holder(
    disclosed, worker, cp_team
):
    held = _record(disclosed, worker, on=date(2026, 12, 18), harm_alleged=True, **MEDICAL)

    item = _medical_item(held)
    assert (item.due_on, item.owner, item.team, item.closed_at) == (
        date(2026, 12, 21),  # Friday's discussion: due Monday
        worker,
        cp_team,
        None,
    )


def test_a_medical_decided_not_needed_opens_nothing(disclosed, worker):
    held = _record(disclosed, worker, harm_alleged=True, **NOT_NEEDED)

    assert not DueItem.objects.filter(record_id=held.pk, rule="protection_medical").exists()


def test_recording_the_medical_closes_its_due_item_and_is_on_the_chronology(disclosed, worker):
    held = _record(disclosed, worker, harm_alleged=True, **MEDICAL)

    medical = services.record_medical(
        discussion=held,
        examined_on=date(2026, 12, 15),
        examined_by_name="Dr Rhea Banks",
        examined_by_role="Consultant paediatrician",
        outcome="No injuries found; sexual health screen taken.",
        by=worker,
    )

    assert _medical_item(held).closed_at is not None
    entry = ChronologyEntry.objects.get(child=held.child, summary__startswith="Child protection m")
    assert (entry.happened_on, entry.summary) == (
        date(2026, 12, 15),
        "Child protection medical held (Dr Rhea Banks, Consultant paediatrician)",
    )
    assert AccessLog.objects.filter(record_id=medical.pk, action="protection.record_medical")


def test_a_medical_needs_its_date_who_did_it_and_the_outcome(disclosed, worker):
    held = _record(disclosed, worker, harm_alleged=True, **MEDICAL)

    with pytest.raises(ValidationError) as excinfo:
        services.record_medical(
            discussion=held,
            examined_on=date(2026, 12, 13),
            examined_by_name=" ",
            examined_by_role="",
            outcome="",
            by=worker,
        )

    assert set(excinfo.value.message_dict) == {
        "examined_on",
        "examined_by_name",
        "examined_by_role",
        "outcome",
    }
    assert _medical_item(held).closed_at is None


def test_a_medical_is_recorded_once(disclosed, worker):
    held = _record(disclosed, worker, harm_alleged=True, **MEDICAL)
    details = {
        "examined_on": date(2026, 12, 15),
        "examined_by_name": "Dr Rhea Banks",
        "examined_by_role": "Paediatrician",
        "outcome": "No injuries found.",
    }
    services.record_medical(discussion=held, by=worker, **details)

    with pytest.raises(ValidationError, match="already recorded"):
        services.record_medical(discussion=held, by=worker, **details)

    assert ProtectionMedical.objects.count() == 1


def test_another_teams_worker_may_not_record_the_medical(disclosed, worker, other_worker):
    held = _record(disclosed, worker, harm_alleged=True, **MEDICAL)

    with pytest.raises(PermissionDenied):
        services.record_medical(
            discussion=held,
            examined_on=date(2026, 12, 15),
            examined_by_name="Dr Rhea Banks",
            examined_by_role="Paediatrician",
            outcome="No injuries found.",
            by=other_worker,
        )


# A reason why not, authorised by a manager (four eyes).


def _not_held(disclosed, worker):
    held = _record(disclosed, worker, harm_alleged=True, **MEDICAL)
    reason = "The paediatrician advised a medical would add nothing after 3 weeks."
    return held, services.propose_medical_not_held(discussion=held, reason=reason, by=worker)


def test_a_reason_not_held_keeps_the_medical_due_until_a_manager_authorises_it(
    disclosed, worker, manager
):
    held, approval = _not_held(disclosed, worker)

    assert _medical_item(held).closed_at is None
    services.authorise_medical_not_held(approval=approval, by=manager)

    approval.refresh_from_db()
    assert (approval.status, approval.reviewed_by) == ("authorised", manager)
    assert _medical_item(held).closed_at is not None
    assert ChronologyEntry.objects.filter(
        child=held.child,
        summary="Child protection medical not held: reason authorised by a manager",
    ).exists()


def test_the_manager_who_gave_the_reason_may_not_authorise_it(disclosed, manager):
    held, approval = _not_held(disclosed, manager)

    with pytest.raises(PermissionDenied, match="another manager must authorise it"):
        services.authorise_medical_not_held(approval=approval, by=manager)

    assert _medical_item(held).closed_at is None


def test_a_worker_may_not_authorise_a_reason(disclosed, worker, cp_team):
    _, approval = _not_held(disclosed, worker)
    colleague = UserFactory(role=Role.SOCIAL_WORKER, team=cp_team)

    with pytest.raises(PermissionDenied):
        services.authorise_medical_not_held(approval=approval, by=colleague)


def test_the_database_refuses_a_reason_authorised_by_its_proposer(disclosed, worker):
    _, approval = _not_held(disclosed, worker)

    with pytest.raises(IntegrityError), transaction.atomic():
        MedicalNotHeld.objects.filter(pk=approval.pk).update(
            status="authorised", reviewed_by=worker, reviewed_at=approval.proposed_at
        )


def test_a_returned_reason_goes_back_to_the_worker_and_the_medical_stays_due(
    disclosed, worker, manager
):
    held, approval = _not_held(disclosed, worker)

    services.return_medical_not_held(
        approval=approval, comment="Ask the paediatrician.", by=manager
    )

    assert _medical_item(held).closed_at is None
    tray = DueItem.objects.get(rule=rules.RETURNED_TO_WORKER.code, closed_at=None)
    assert tray.owner == worker


def test_a_second_reason_waits_for_the_first_to_be_answered(disclosed, worker):
    held, _ = _not_held(disclosed, worker)

    with pytest.raises(ValidationError, match="already waiting"):
        services.propose_medical_not_held(discussion=held, reason="Again", by=worker)


# The manager's alerts.


def test_an_overdue_medical_stays_on_the_managers_alerts_until_it_is_recorded(
    disclosed, worker, manager
):
    held = _record(disclosed, worker, harm_alleged=True, **MEDICAL)
    item = _medical_item(held)
    alerts = lambda: list(  # noqa: E731
        workforce.manager_alerts(manager, today=date(2027, 6, 1), kind="protection_medical")
    )
    assert alerts() == [item]

    with pytest.raises(ValidationError, match="stays until the work is done"):
        workforce_services.acknowledge_alert(due_item=item, note="Seen, chasing.", by=manager)
    assert alerts() == [item]

    services.record_medical(
        discussion=held,
        examined_on=date(2026, 12, 16),
        examined_by_name="Dr Rhea Banks",
        examined_by_role="Paediatrician",
        outcome="No injuries found.",
        by=worker,
    )
    assert alerts() == []


def test_a_medical_not_yet_overdue_is_not_an_alert(disclosed, worker, manager):
    _record(disclosed, worker, harm_alleged=True, **MEDICAL)

    alerts = workforce.manager_alerts(manager, today=date(2026, 12, 15), kind="protection_medical")

    assert list(alerts) == []

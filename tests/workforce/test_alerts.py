"""The team manager's alerts: each rule fires the day after its deadline (at once for an
unexplained assessment), across weekends and bank holidays, and not before; each is acknowledged
once, with a note, by a manager of the team."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from opencsc.audit.models import AccessLog
from opencsc.casework.services import open_pathway_due_item
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem
from opencsc.workforce import selectors
from opencsc.workforce.alerts import ALERT_RULES
from opencsc.workforce.models import AlertAcknowledgement
from opencsc.workforce.services import acknowledge_alert
from tests.casework.factories import (
    AssessmentFactory,
    ProtectionPlanFactory,
    Section47EnquiryFactory,
)
from tests.factories import AllocationFactory, ContactFactory, PersonFactory, TeamFactory
from tests.frontdoor.helpers import london


def _record(rule, child, referral):
    if rule is rules.DISCLOSURE_STRATEGY_DISCUSSION:
        return ContactFactory()
    if rule is rules.ICPC:
        return Section47EnquiryFactory(strategy_discussion__referral=referral)
    if rule is rules.CP_VISIT:
        return ProtectionPlanFactory(referral=referral)
    if rule is rules.ASSESSMENT:
        return referral
    return AssessmentFactory(referral=referral, authorised=True)


def _open(rule, start, *, referral, team):
    """Open the rule's due item for the child, held by `team`, the way the pathway does."""
    AllocationFactory(child=referral.child, team=team, started_on=date(2025, 1, 6))
    record = _record(rule, referral.child, referral)
    if rule is rules.DISCLOSURE_STRATEGY_DISCUSSION:
        return timescales.open_due_item(
            rule, child=referral.child, record=record, start=start, team=team
        )
    return open_pathway_due_item(rule, child=referral.child, record=record, start=start)


def _alerts(user, **options):
    return list(selectors.manager_alerts(user, today=timezone.localdate(), **options))


# (rule, day 0, due date): the alert shows from the day after the due date.
TABLE = [
    # Friday before the spring bank holiday: due Tuesday 26 May.
    (rules.DISCLOSURE_STRATEGY_DISCUSSION, date(2026, 5, 22), date(2026, 5, 26)),
    # Across Christmas and New Year: due Wednesday 14 January.
    (rules.ICPC, date(2025, 12, 19), date(2026, 1, 14)),
    (rules.ASSESSMENT, date(2025, 11, 20), date(2026, 1, 27)),
    # Across Good Friday and Easter Monday 2026.
    (rules.CP_VISIT, date(2026, 4, 2), date(2026, 4, 20)),
    # Across Christmas 2026 (Boxing Day substitute Monday 28 December) and New Year.
    (rules.TRANSFER_AFTER_ASSESSMENT, date(2026, 12, 18), date(2027, 1, 6)),
]


@pytest.mark.parametrize(("rule", "start", "due"), TABLE, ids=[row[0].code for row in TABLE])
def test_an_alert_shows_the_day_after_its_deadline_and_not_before(
    clock, referral, manager, assessment_team, rule, start, due
):
    clock.now = london(start.year, start.month, start.day)
    item = _open(rule, start, referral=referral, team=assessment_team)
    assert item.due_on == due

    clock.now = london(due.year, due.month, due.day, 23, 59)
    on_the_day = _alerts(manager)
    after = due + timedelta(days=1)
    clock.now = london(after.year, after.month, after.day, 0, 1)
    the_day_after = _alerts(manager)

    assert on_the_day == []
    assert the_day_after == [item]


def test_an_assessment_completed_without_the_child_seen_alone_alerts_at_once(
    clock, referral, manager, assessment_team
):
    # Authorised on Saturday 23 May 2026: the item falls due on Tuesday 26 (after the bank holiday).
    clock.now = london(2026, 5, 23)
    item = _open(
        rules.SEEN_ALONE_REASON, date(2026, 5, 23), referral=referral, team=assessment_team
    )

    assert item.due_on == date(2026, 5, 26)
    assert _alerts(manager) == [item]


def test_a_local_timescale_moves_the_day_an_alert_shows(
    clock, settings, referral, manager, assessment_team
):
    settings.OPENCSC_LOCAL_TIMESCALES = {"transfer_after_assessment": 5}
    clock.now = london(2026, 12, 18)
    item = _open(
        rules.TRANSFER_AFTER_ASSESSMENT, date(2026, 12, 18), referral=referral, team=assessment_team
    )

    clock.now = london(2027, 1, 4)

    assert item.due_on == date(2026, 12, 29)
    assert _alerts(manager) == [item]


def test_other_deadlines_raise_no_alert(clock, referral, manager, assessment_team):
    AllocationFactory(child=referral.child, team=assessment_team)
    open_pathway_due_item(
        rules.CIN_VISIT, child=referral.child, record=referral, start=date(2026, 1, 5)
    )

    assert _alerts(manager) == []


def test_done_work_raises_no_alert(clock, referral, manager, assessment_team):
    item = _open(rules.ASSESSMENT, date(2026, 1, 5), referral=referral, team=assessment_team)
    timescales.close_due_items(record=referral, by=manager, rule=rules.ASSESSMENT)

    assert _alerts(manager) == []
    assert DueItem.objects.get(pk=item.pk).closed_at is not None


def test_a_manager_sees_their_own_teams_alerts_and_a_head_of_service_sees_every_teams(
    clock, referral, manager, cp_manager, head_of_service, assessment_team
):
    item = _open(rules.ASSESSMENT, date(2026, 1, 5), referral=referral, team=assessment_team)

    assert (_alerts(manager), _alerts(cp_manager), _alerts(head_of_service)) == ([item], [], [item])


def test_the_alerts_of_a_restricted_child_are_only_for_named_staff(
    clock, referral, manager, assessment_team
):
    _open(rules.ASSESSMENT, date(2026, 1, 5), referral=referral, team=assessment_team)
    referral.child.is_restricted = True
    referral.child.save()

    assert _alerts(manager) == []


def test_alerts_filter_by_kind(clock, referral, manager, assessment_team):
    item = _open(rules.ASSESSMENT, date(2026, 1, 5), referral=referral, team=assessment_team)
    other = PersonFactory()
    AllocationFactory(child=other, team=assessment_team)
    visit = open_pathway_due_item(
        rules.CP_VISIT,
        child=other,
        record=ProtectionPlanFactory(referral__child=other),
        start=date(2026, 1, 5),
    )

    assert _alerts(manager, kind="assessment") == [item]
    assert _alerts(manager, kind="cp_visit") == [visit]
    assert _alerts(manager) == [visit, item]  # the most overdue first


def test_every_alert_rule_is_a_timescale_rule_with_wording(db):
    assert sorted(ALERT_RULES) == [
        "assessment",
        "cp_visit",
        "directed_action",
        "disclosure_strategy_discussion",
        "icpc",
        "identity_changed",
        "no_strategy_after_disclosure",
        "protection_medical",
        "restricted_with_open_referral",
        "return_home_interview",
        "role_grant_approved",
        "role_grant_waiting",
        "seen_alone_reason",
        "transfer_after_assessment",
    ]
    assert [kind for kind, alert in ALERT_RULES.items() if alert.immediate] == [
        "no_strategy_after_disclosure",
        "seen_alone_reason",
        "restricted_with_open_referral",
        "identity_changed",
        "role_grant_waiting",
        "role_grant_approved",
    ]
    assert ALERT_RULES["icpc"].description == (
        "A section 47 enquiry has no initial conference, or decision that none is needed, within "
        "15 working days of its strategy discussion."
    )
    assert [kind for kind, alert in ALERT_RULES.items() if alert.until_done] == [
        "protection_medical"
    ]


# Acknowledging


@pytest.fixture
def overdue(clock, referral, assessment_team):
    return _open(rules.ASSESSMENT, date(2026, 1, 5), referral=referral, team=assessment_team)


def test_acknowledging_records_the_note_logs_it_and_moves_the_alert(overdue, manager):
    acknowledgement = acknowledge_alert(due_item=overdue, note="Agreed a new date", by=manager)

    assert (acknowledgement.note, acknowledgement.acknowledged_by) == ("Agreed a new date", manager)
    assert acknowledgement.acknowledged_at == london(2026, 6, 1)
    log = AccessLog.objects.get(action="workforce.acknowledge_alert", kind="change")
    assert (log.child, log.user) == (overdue.child, manager)
    assert _alerts(manager) == []
    assert _alerts(manager, acknowledged=True) == [overdue]
    overdue.refresh_from_db()
    assert overdue.closed_at is None  # the assessment is still due


def test_an_alert_is_acknowledged_once(overdue, manager, second_manager):
    acknowledge_alert(due_item=overdue, note="Seen", by=manager)

    with pytest.raises(ValidationError, match="already acknowledged by Mo Ahmed on 1 June 2026"):
        acknowledge_alert(due_item=overdue, note="Seen too", by=second_manager)
    assert AlertAcknowledgement.objects.count() == 1


def test_acknowledging_needs_a_note(overdue, manager):
    with pytest.raises(ValidationError) as raised:
        acknowledge_alert(due_item=overdue, note="  ", by=manager)

    assert raised.value.message_dict == {
        "note": ["Enter what you have seen and what you have directed"]
    }


def test_only_a_manager_of_the_team_or_a_head_of_service_acknowledges(
    overdue, worker, cp_manager, head_of_service
):
    for user in (worker, cp_manager):
        with pytest.raises(PermissionDenied):
            acknowledge_alert(due_item=overdue, note="Seen", by=user)

    assert acknowledge_alert(due_item=overdue, note="Seen", by=head_of_service).pk


def test_work_not_yet_overdue_is_not_acknowledged(clock, referral, manager, assessment_team):
    item = _open(rules.ASSESSMENT, date(2026, 5, 1), referral=referral, team=assessment_team)

    with pytest.raises(ValidationError, match="not overdue yet"):
        acknowledge_alert(due_item=item, note="Seen", by=manager)


def test_done_work_is_not_acknowledged(overdue, referral, manager):
    timescales.close_due_items(record=referral, by=manager)

    with pytest.raises(ValidationError, match="This work is done"):
        acknowledge_alert(due_item=overdue, note="Seen", by=manager)


def test_acknowledging_an_unexplained_assessment_closes_it_with_the_note(
    clock, referral, manager, assessment_team
):
    item = _open(rules.SEEN_ALONE_REASON, date(2026, 6, 1), referral=referral, team=assessment_team)

    acknowledge_alert(due_item=item, note="Child is 2: too young to be seen alone", by=manager)

    item.refresh_from_db()
    assert (item.closed_by, item.close_note) == (
        manager,
        "Manager's note: Child is 2: too young to be seen alone",
    )
    assert _alerts(manager) == []
    assert _alerts(manager, acknowledged=True) == [item]


def test_a_deadline_that_raises_no_alert_is_not_acknowledged(
    clock, referral, manager, assessment_team
):
    AllocationFactory(child=referral.child, team=assessment_team)
    item = open_pathway_due_item(
        rules.CIN_VISIT, child=referral.child, record=referral, start=date(2026, 1, 5)
    )

    with pytest.raises(ValidationError, match="does not raise a manager alert"):
        acknowledge_alert(due_item=item, note="Seen", by=manager)


def test_an_alert_no_team_holds_is_acknowledged_by_a_head_of_service(
    clock, manager, head_of_service
):
    contact = ContactFactory()
    item = timescales.open_due_item(
        rules.DISCLOSURE_STRATEGY_DISCUSSION, child=None, record=contact, start=date(2026, 5, 1)
    )
    TeamFactory(name="Unused")

    with pytest.raises(PermissionDenied):
        acknowledge_alert(due_item=item, note="Seen", by=manager)
    acknowledge_alert(due_item=item, note="Chased the MASH", by=head_of_service)

    assert _alerts(head_of_service, acknowledged=True) == [item]

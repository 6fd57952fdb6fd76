"""Referrals and transfers: the episode a statutory decision opens, the CIN census re-referral flag
(within 12 months of the child's previous referral, by the months rule), the strategy discussion
clock, and step-downs and step-ups between early help and social care."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opencsc.audit.models import AccessLog
from opencsc.casework.models import Referral, Transfer
from opencsc.casework.services import (
    open_referral,
    re_referral_of,
    record_transfer,
    schedule_strategy_discussion,
)
from opencsc.chronology.models import ChronologyEntry
from opencsc.timescales.models import DueItem
from tests.factories import (
    ContactFactory,
    EarlyHelpTeamFactory,
    MashManagerFactory,
    MashPractitionerFactory,
    MashTeamFactory,
    PersonFactory,
    ReferralFactory,
)


@pytest.fixture
def manager(db):
    return MashManagerFactory(first_name="Tom", last_name="Reid")


@pytest.fixture
def child(db):
    return PersonFactory(first_name="Amara", last_name="Okafor")


def _open(child, referred_on, by, **changes):
    values = {
        "child": child,
        "contact": None,
        "decision": None,
        "referred_on": referred_on,
        "referral_source": "6",
        "primary_need": "N1",
        "by": by,
    }
    values.update(changes)
    return open_referral(**values)


# The re-referral window


@pytest.mark.parametrize(
    ("previous_on", "referred_on", "is_re_referral"),
    [
        (date(2024, 2, 29), date(2025, 2, 28), True),  # 12 months from 29 February: 28 February
        (date(2024, 2, 29), date(2025, 3, 1), False),
        (date(2025, 6, 10), date(2026, 6, 10), True),  # the same date a year later
        (date(2025, 6, 10), date(2026, 6, 11), False),
        (date(2025, 6, 10), date(2025, 6, 10), True),  # the same day
    ],
)
def test_a_referral_within_12_months_of_the_previous_one_is_a_re_referral(
    child, previous_on, referred_on, is_re_referral
):
    previous = ReferralFactory(child=child, referred_on=previous_on, closed=True)

    found = re_referral_of(child=child, referred_on=referred_on)

    assert found == (previous if is_re_referral else None)


def test_a_re_referral_counts_from_the_most_recent_previous_referral(child):
    ReferralFactory(child=child, referred_on=date(2024, 1, 8), closed=True)
    latest = ReferralFactory(child=child, referred_on=date(2025, 6, 10), closed=True)

    assert re_referral_of(child=child, referred_on=date(2026, 3, 2)) == latest


def test_a_referral_of_a_later_date_is_not_a_previous_referral(child):
    ReferralFactory(child=child, referred_on=date(2026, 3, 2), closed=True)

    assert re_referral_of(child=child, referred_on=date(2026, 1, 5)) is None


def test_another_childs_referral_does_not_make_a_re_referral(child):
    ReferralFactory(referred_on=date(2025, 6, 10), closed=True)

    assert re_referral_of(child=child, referred_on=date(2025, 9, 1)) is None


# Opening a referral


def test_opening_a_referral_within_12_months_flags_it_as_a_re_referral(child, manager):
    previous = ReferralFactory(child=child, referred_on=date(2024, 2, 29), closed=True)

    referral = _open(child, date(2025, 2, 28), manager)

    referral.refresh_from_db()
    assert (referral.is_re_referral, referral.previous_referral, referral.status) == (
        True,
        previous,
        "open",
    )


def test_opening_a_referral_after_12_months_is_not_a_re_referral(child, manager):
    ReferralFactory(child=child, referred_on=date(2024, 2, 29), closed=True)

    referral = _open(child, date(2025, 3, 1), manager)

    assert (referral.is_re_referral, referral.previous_referral) == (False, None)


def test_a_re_referral_says_so_on_the_chronology(child, manager):
    ReferralFactory(child=child, referred_on=date(2025, 6, 10), closed=True)

    referral = _open(child, date(2026, 6, 10), manager)

    entry = ChronologyEntry.objects.get(child=child)
    assert (entry.kind, entry.happened_on, entry.summary, entry.record_id) == (
        "referral",
        date(2026, 6, 10),
        "Referral: Abuse, neglect and exploitation (re-referral within 12 months)",
        referral.pk,
    )


def test_opening_a_referral_starts_the_45_working_day_assessment(child, manager):
    referral = _open(child, date(2026, 3, 2), manager)

    item = DueItem.objects.get()
    assert (item.rule, item.child, item.record_id, item.starts_on, item.due_on) == (
        "assessment",
        child,
        referral.pk,
        date(2026, 3, 2),
        date(2026, 5, 7),  # over Easter and the early May bank holiday
    )


def test_opening_a_referral_is_logged(child, manager):
    referral = _open(child, date(2026, 3, 2), manager)

    log = AccessLog.objects.get()
    assert (log.kind, log.action, log.user, log.child, log.record_id) == (
        "change",
        "casework.open_referral",
        manager,
        child,
        referral.pk,
    )


def test_a_child_with_an_open_referral_keeps_it(child, manager):
    current = ReferralFactory(child=child, referred_on=date(2026, 4, 1))

    referral = _open(child, date(2026, 6, 1), manager, contact=ContactFactory())

    assert referral == current
    assert list(Referral.objects.filter(child=child)) == [current]
    assert DueItem.objects.count() == 0


def test_a_contact_joining_an_open_referral_is_noted_on_the_chronology(child, manager):
    ReferralFactory(child=child, referred_on=date(2026, 4, 1))
    contact = ContactFactory()

    _open(child, date(2026, 6, 1), manager, contact=contact)

    entry = ChronologyEntry.objects.get(child=child)
    assert (entry.kind, entry.happened_on, entry.summary) == (
        "referral",
        date(2026, 6, 1),
        f"Contact {contact.reference} joined the open referral of 1 April 2026",
    )


def test_only_a_manager_who_authorises_front_door_decisions_opens_a_referral(child):
    with pytest.raises(PermissionDenied):
        _open(child, date(2026, 3, 2), MashPractitionerFactory())

    assert Referral.objects.count() == 0


def test_a_referral_needs_a_census_primary_need(child, manager):
    with pytest.raises(ValidationError) as error:
        _open(child, date(2026, 3, 2), manager, primary_need="X1")

    assert list(error.value.message_dict) == ["primary_need"]
    assert (Referral.objects.count(), DueItem.objects.count()) == (0, 0)


# The strategy discussion clock


@pytest.mark.parametrize(
    ("decided_on", "due_on"),
    [
        (date(2026, 6, 3), date(2026, 6, 3)),  # the same working day
        (date(2026, 5, 23), date(2026, 5, 26)),  # a Saturday before a bank holiday Monday
        (date(2025, 12, 25), date(2025, 12, 29)),  # Christmas Day
    ],
)
def test_a_strategy_discussion_is_due_the_same_working_day(child, manager, decided_on, due_on):
    referral = ReferralFactory(child=child, referred_on=date(2025, 12, 1))

    schedule_strategy_discussion(referral=referral, decided_on=decided_on, by=manager)

    item = DueItem.objects.get()
    assert (item.rule, item.child, item.record_id, item.due_on) == (
        "strategy_discussion",
        child,
        referral.pk,
        due_on,
    )


# Transfers between early help and social care


def test_a_step_down_is_recorded_on_the_chronology_and_logged(child, manager):
    mash = MashTeamFactory()
    early_help = EarlyHelpTeamFactory(name="Early help north")

    transfer = record_transfer(
        child=child,
        kind="step_down",
        from_team=mash,
        to_team=early_help,
        transferred_on=date(2026, 6, 2),
        reason="Family asked for support",
        contact=None,
        by=manager,
    )

    entry = ChronologyEntry.objects.get(child=child)
    assert (entry.kind, entry.happened_on, entry.summary, entry.record_id) == (
        "transfer",
        date(2026, 6, 2),
        "Step-down to early help: MASH to Early help north",
        transfer.pk,
    )
    assert AccessLog.objects.get().action == "casework.record_transfer"


def test_a_transfer_for_the_same_contact_is_recorded_once(child, manager):
    contact = ContactFactory()
    values = {
        "child": child,
        "kind": "step_up",
        "from_team": EarlyHelpTeamFactory(),
        "to_team": MashTeamFactory(),
        "transferred_on": date(2026, 6, 2),
        "reason": "Concerns escalated",
        "contact": contact,
        "by": manager,
    }
    first = record_transfer(**values)

    again = record_transfer(**values)

    assert again == first
    assert Transfer.objects.count() == 1


def test_a_transfer_is_between_two_teams(child, manager):
    mash = MashTeamFactory()

    with pytest.raises(ValidationError, match="transfer_between_two_teams"):
        record_transfer(
            child=child,
            kind="step_down",
            from_team=mash,
            to_team=mash,
            transferred_on=date(2026, 6, 2),
            reason="Family asked for support",
            contact=None,
            by=manager,
        )

    assert Transfer.objects.count() == 0


def test_a_contact_from_inside_a_closed_episode_opens_the_next_one_after_it(child, manager):
    ReferralFactory(
        child=child, referred_on=date(2026, 3, 2), closed=True, closed_on=date(2026, 5, 15)
    )

    referral = _open(child, date(2026, 5, 12), manager)

    # Episodes of one child never overlap (CIN census 8820).
    assert referral.referred_on == date(2026, 5, 16)
    assert referral.is_re_referral

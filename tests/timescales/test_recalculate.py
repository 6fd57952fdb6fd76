"""Open deadlines move when a one-off bank holiday is proclaimed."""

from datetime import UTC, date, datetime

from django.core.management import call_command

from opencsc.accounts.models import Role, Team
from opencsc.frontdoor import services as frontdoor
from opencsc.frontdoor.models import Contact
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from opencsc.timescales.services import open_due_item
from tests.factories import PersonFactory, TeamFactory


def test_a_proclaimed_bank_holiday_moves_open_deadlines_when_recalculated(db, settings, capsys):
    child = PersonFactory()
    item = open_due_item(
        rules.CONTACT_DECISION_GREEN, child=child, record=child, start=date(2026, 6, 1)
    )
    assert item.due_on == date(2026, 6, 4)
    settings.OPENCSC_EXTRA_BANK_HOLIDAYS = ["2026-06-03"]

    call_command("recalculate_deadlines")

    item.refresh_from_db()
    assert item.due_on == date(2026, 6, 5)
    assert "1 open due dates moved." in capsys.readouterr().out


def test_recalculating_leaves_closed_items_alone(db, settings):
    child = PersonFactory()
    item = open_due_item(
        rules.CONTACT_DECISION_GREEN, child=child, record=child, start=date(2026, 6, 1)
    )
    DueItem.objects.filter(pk=item.pk).update(closed_at="2026-06-02T10:00:00Z")
    settings.OPENCSC_EXTRA_BANK_HOLIDAYS = ["2026-06-03"]

    call_command("recalculate_deadlines")

    item.refresh_from_db()
    assert item.due_on == date(2026, 6, 4)


def test_recalculating_moves_the_mash_queue_date_of_an_undecided_contact(db, settings, make_user):
    mash = TeamFactory(name="MASH", kind=Team.Kind.MASH)
    practitioner = make_user(Role.MASH_PRACTITIONER, team=mash)
    child = PersonFactory()
    received = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
    details = frontdoor.ContactDetails(
        received_at=received,
        method="phone",
        referral_source="2A",
        concerns=["neglect"],
        concern_details="Often hungry at school",
        consent="given",
        consent_asked="parent",
        children=[child],
    )
    contact = frontdoor.record_contact(details=details, by=practitioner)
    assert contact.decision_due_on == date(2026, 6, 2)
    settings.OPENCSC_EXTRA_BANK_HOLIDAYS = ["2026-06-02"]

    call_command("recalculate_deadlines")

    assert Contact.objects.get(pk=contact.pk).decision_due_on == date(2026, 6, 3)

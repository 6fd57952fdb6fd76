"""Direction that follows the child: the receiving manager cannot accept a transfer until every
open directed action of the sending team is reassigned, recorded done or withdrawn with a reason;
then accepts it with their own direction, with the brother whose transfer waits for the same team
accepted together. The worker records an action done on its page and the manager reassigns
another. Every page on the way is checked with axe-core (serious and critical problems fail).
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role, Team, User
from opencsc.casework.models import Allocation, DirectionAction, TeamTransfer
from opencsc.casework.services import allocate_referral, request_transfer
from opencsc.people.models import Person, Relationship
from tests.browser.helpers import MESSAGE_BANNER, assert_accessible, sign_in, sign_out
from tests.factories import PersonFactory, ReferralFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.browser

VISIT = "See Amara alone at school about the bruise"
POLICE = "Ask the police about the call-out last Friday"
NURSERY = "See Kofi at nursery"


@dataclass
class Transfers:
    cp_manager: User
    cp_worker: User
    amara: Person
    kofi: Person
    transfer: TeamTransfer
    brother: TeamTransfer


def _today() -> date:
    return timezone.localdate()


@pytest.fixture
def transfers(site) -> Transfers:
    assessment = TeamFactory(name="Assessment team 1", kind=Team.Kind.ASSESSMENT)
    cp_team = TeamFactory(name="Child protection team 1", kind=Team.Kind.CHILD_PROTECTION)
    manager = UserFactory(role=Role.TEAM_MANAGER, team=assessment, first_name="Mo")
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=assessment, first_name="Nia")
    cp_manager = UserFactory(
        role=Role.TEAM_MANAGER, team=cp_team, first_name="Cy", last_name="Park"
    )
    cp_worker = UserFactory(
        role=Role.SOCIAL_WORKER, team=cp_team, first_name="Di", last_name="Rowe"
    )
    amara = PersonFactory(first_name="Amara", last_name="Okafor", date_of_birth=date(2016, 2, 14))
    kofi = PersonFactory(first_name="Kofi", last_name="Okafor", date_of_birth=date(2019, 7, 1))
    Relationship.objects.create(from_person=amara, to_person=kofi, kind="sibling")
    waiting = []
    for child, actions in ((amara, [VISIT, POLICE]), (kofi, [NURSERY])):
        referral = ReferralFactory(child=child, referred_on=_today() - timedelta(days=30))
        allocate_referral(
            referral=referral,
            team=assessment,
            worker=worker,
            direction="Domestic abuse at home: see the children first.",
            actions=[(text, worker, _today() + timedelta(days=3)) for text in actions],
            replacing=None,
            by=manager,
        )
        waiting.append(
            request_transfer(
                referral=referral,
                to_team=cp_team,
                reason="Needs a child protection plan",
                by=worker,
            )
        )
    return Transfers(cp_manager, cp_worker, amara, kofi, *waiting)


def _action(text: str) -> DirectionAction:
    return DirectionAction.objects.get(action=text)


def _fill_direction(page: Page, transfers: Transfers) -> None:
    page.locator("input[name='decision'][value='authorise']").check()
    page.locator("#id_worker").select_option(label="Di Rowe")
    page.get_by_label("Management direction").fill(
        "Child protection plan work: the father is back at home. See both children alone."
    )
    page.locator("#id_action_1").fill("Visit the home with the police within 2 days")
    page.locator("#id_assignee_1").select_option(label="Di Rowe")
    due = _today() + timedelta(days=2)
    page.locator("input[name='due_on_1_day']").fill(str(due.day))
    page.locator("input[name='due_on_1_month']").fill(str(due.month))
    page.locator("input[name='due_on_1_year']").fill(str(due.year))


def test_a_transfer_is_accepted_with_direction_only_once_every_open_action_is_decided(
    page: Page, transfers: Transfers
):
    visit, police, nursery = _action(VISIT), _action(POLICE), _action(NURSERY)
    sign_in(page, transfers.cp_manager)
    page.goto(f"/transfers/{transfers.transfer.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Transfer to Child protection")
    expect(page.get_by_text(VISIT)).to_be_visible()
    assert_accessible(page)

    # Accepting with direction but no decision on the open actions: refused, nothing saved.
    _fill_direction(page, transfers)
    page.locator(f"input[name='together'][value='{transfers.brother.pk}']").check()
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        f"Choose whether to reassign, record as done or withdraw “{VISIT}”"
    )
    expect(summary).to_contain_text(NURSERY)
    expect(page.locator(f"#id_resolve_{visit.pk}-error")).to_be_visible()
    assert_accessible(page)
    assert TeamTransfer.objects.filter(status="proposed").count() == 2

    # Each decided: reassigned, recorded done, withdrawn with a reason; the brother together.
    page.locator(f"input[name='resolve_{visit.pk}'][value='reassign']").check()
    page.locator(f"#id_reassign_to_{visit.pk}").select_option(label="Di Rowe")
    page.locator(f"input[name='resolve_{police.pk}'][value='done']").check()
    page.locator(f"#id_note_{police.pk}").fill("Police log received: no weapons in the house.")
    page.locator(f"input[name='resolve_{nursery.pk}'][value='withdraw']").check()
    page.locator(f"#id_note_{nursery.pk}").fill("Kofi is seen at home in the joint visit.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(MESSAGE_BANNER)).to_contain_text("Transfer accepted")
    assert_accessible(page)

    assert set(TeamTransfer.objects.values_list("status", flat=True)) == {"authorised"}
    for child in (transfers.amara, transfers.kofi):
        allocation = Allocation.objects.get(child=child, ended_on=None)
        assert (allocation.team.name, allocation.worker) == (
            "Child protection team 1",
            transfers.cp_worker,
        )
    assert (_action(VISIT).assignee, _action(VISIT).is_open) == (transfers.cp_worker, True)
    assert _action(POLICE).done_note == "Police log received: no weapons in the house."
    assert _action(NURSERY).withdrawn_reason == "Kofi is seen at home in the joint visit."

    # The episode shows the direction; the manager reassigns the new action on its page.
    page.goto(f"/episodes/{transfers.transfer.referral_id}/")
    expect(
        page.get_by_role("cell", name="Visit the home with the police within 2 days", exact=True)
    ).to_be_visible()
    assert_accessible(page)
    new = DirectionAction.objects.get(
        action="Visit the home with the police within 2 days", allocation__child=transfers.amara
    )
    page.goto(f"/directed-actions/{new.pk}/change/")
    assert_accessible(page)
    page.locator("input[name='change'][value='reassign']").check()
    page.locator("#id_assignee").select_option(label="Cy Park")
    page.get_by_label("Why?").fill("Di is on leave on Thursday")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(MESSAGE_BANNER)).to_contain_text("Reassigned to Cy Park")
    sign_out(page)

    # The worker records the reassigned action done, with what was done.
    sign_in(page, transfers.cp_worker)
    page.goto(f"/directed-actions/{visit.pk}/done/")
    assert_accessible(page)
    page.get_by_label("What was done").fill("Seen alone at school; she said the bruise was a fall.")
    page.get_by_role("button", name="Record as done").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date")
    assert_accessible(page)
    page.locator("input[name='done_on_day']").fill(str(_today().day))
    page.locator("input[name='done_on_month']").fill(str(_today().month))
    page.locator("input[name='done_on_year']").fill(str(_today().year))
    page.get_by_role("button", name="Record as done").click()
    expect(page.locator(MESSAGE_BANNER)).to_contain_text("Recorded as done")
    assert_accessible(page)
    assert _action(VISIT).done_by == transfers.cp_worker

"""Case notes with the keyboard alone (issue 12): a worker records a note about two siblings and
their manager an oversight note; both show on each child's chronology. axe-core on every page."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role, Team
from opencsc.chronology.models import ChronologyEntry
from opencsc.notes.models import CaseNote
from opencsc.people.models import Relationship
from tests.browser.helpers import (
    MESSAGE_BANNER,
    assert_accessible,
    open_record_part,
    sign_in_by_keyboard,
    tab_to,
)
from tests.factories import (
    AllocationFactory,
    HouseholdFactory,
    PersonFactory,
    RelationshipFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def siblings(site):
    team = TeamFactory(name="Children in need team 1", kind=Team.Kind.CHILD_PROTECTION)
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=team, first_name="Di", last_name="Rowe")
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team, first_name="Cy", last_name="Park")
    household = HouseholdFactory()
    born = date(2016, 5, 1)
    amy = PersonFactory(
        first_name="Amy", last_name="Brooks", household=household, date_of_birth=born
    )
    ben = PersonFactory(
        first_name="Ben", last_name="Brooks", household=household, date_of_birth=born
    )
    RelationshipFactory(from_person=amy, to_person=ben, kind=Relationship.Kind.SIBLING)
    started = timezone.localdate() - timedelta(days=60)
    for child in (amy, ben):
        AllocationFactory(child=child, team=team, worker=worker, started_on=started)
    return {"worker": worker, "manager": manager, "amy": amy, "ben": ben}


def _type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def _write_note(page: Page, child, *, also: str, kind_presses: int, text: str) -> None:
    """From the child's record: open the new note form, add the sibling, choose the kind (arrow
    keys within the radios), yesterday at 15:30, who was present, the text; finalise."""
    page.goto(f"/people/{child.pk}/")
    assert_accessible(page)
    tab_to(page, f"a[href='/people/{child.pk}/notes/new/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Write a case note", level=1)).to_be_visible()
    assert_accessible(page)
    tab_to(page, f"input[name=children][value='{also}']")
    page.keyboard.press("Space")
    tab_to(page, "input[name=kind]")
    for _ in range(kind_presses):
        page.keyboard.press("ArrowDown")
    yesterday = timezone.localdate() - timedelta(days=1)
    _type_into(page, "input[name=happened_on_day]", str(yesterday.day))
    _type_into(page, "input[name=happened_on_month]", str(yesterday.month))
    _type_into(page, "input[name=happened_on_year]", str(yesterday.year))
    _type_into(page, "#id_happened_time", "15:30")
    _type_into(page, "#id_present", "Mother, Amy and Ben")
    _type_into(page, "#id_text", text)
    tab_to(page, "button[value=finalise]")
    page.keyboard.press("Enter")
    expect(page.locator(MESSAGE_BANNER)).to_be_visible()
    assert_accessible(page)


def test_a_sibling_note_and_an_oversight_note_by_keyboard_reach_each_childs_chronology(
    page: Page, siblings
):
    amy, ben = siblings["amy"], siblings["ben"]
    sign_in_by_keyboard(page, siblings["worker"])
    # Home visit is the second kind: one press of the down arrow.
    _write_note(page, amy, also=str(ben.pk), kind_presses=1, text="Saw both children at home.")
    note = CaseNote.objects.get(kind__code="home-visit")
    assert set(note.children.all()) == {amy, ben}

    sign_in_by_keyboard(page, siblings["manager"])
    # Management oversight is the seventh kind the manager is offered.
    _write_note(page, ben, also=str(amy.pk), kind_presses=6, text="Plan on track; visit weekly.")
    page.goto("/notes/oversight/")
    expect(page.get_by_role("heading", name="Your oversight notes")).to_be_visible()
    assert_accessible(page)

    for child in (amy, ben):
        open_record_part(page, child, "Chronology")
        chronology = page.locator("#chronology ~ .opencsc-table-scroll table").first
        expect(chronology).to_contain_text("Case note: Home visit")
        expect(chronology).to_contain_text("Management oversight")
        assert set(ChronologyEntry.objects.filter(child=child).values_list("kind", flat=True)) >= {
            "case_note",
            "oversight",
        }
    # The chronology searched for words in a note, by keyboard.
    _type_into(page, "#id_text", "both children")
    page.keyboard.press("Enter")
    expect(page.locator("#chronology ~ .opencsc-table-scroll table").first).to_contain_text(
        "Case note: Home visit"
    )
    expect(page.locator("#chronology ~ .opencsc-table-scroll table").first).not_to_contain_text(
        "Management oversight"
    )
    assert_accessible(page)

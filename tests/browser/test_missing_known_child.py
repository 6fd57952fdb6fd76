"""A boy known to the council goes missing on a Friday evening (issue 14, acceptance): the police
report him missing and found, naming him; the MASH matches the record, which a team holds; his
return home interview, due 72 hours after the return, shows as overdue on the team manager's
tracking list; the return interview officer records the offer declined, offers again, and holds
the interview, whose disclosure starts a contact that reaches his allocated worker. The same
offer as for a child not known (tests/browser/test_missing_journey.py). axe-core on every page."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Agency, Role, Team
from opencsc.frontdoor.models import Contact
from opencsc.missing.models import MissingEpisode
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from tests.browser.helpers import (
    assert_accessible,
    fill_moment,
    friday_evening_last_week,
    sign_in,
    sign_out,
)
from tests.factories import (
    AgencyFactory,
    AllocationFactory,
    MashPractitionerFactory,
    PartnerAgencyUserFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def people(site):
    mash = TeamFactory(name="MASH", kind=Team.Kind.MASH)
    team = TeamFactory(name="Adolescent team 1", kind=Team.Kind.CHILD_PROTECTION)
    worker = UserFactory(team=team, first_name="Wendy", last_name="Worker")
    boy = PersonFactory(first_name="Ben", last_name="Okafor", date_of_birth=date(2011, 9, 4))
    AllocationFactory(child=boy, team=team, worker=worker)
    police = AgencyFactory(name="North Police", kind=Agency.Kind.POLICE)
    return {
        "boy": boy,
        "worker": worker,
        "manager": UserFactory(
            team=team, role=Role.TEAM_MANAGER, first_name="Mo", last_name="Manager"
        ),
        "mash": MashPractitionerFactory(team=mash, first_name="Priya", last_name="Shah"),
        "police": PartnerAgencyUserFactory(agency=police, first_name="Dana", last_name="Cole"),
        "officer": UserFactory(
            role=Role.RETURN_INTERVIEW_OFFICER, first_name="Rio", last_name="James"
        ),
    }


def test_a_known_boy_missing_on_a_friday_evening_is_offered_the_same_interview(page: Page, people):
    boy = people["boy"]
    last_seen = friday_evening_last_week()

    # The police name him, and record him found the same evening.
    sign_in(page, people["police"])
    page.goto("/missing/police/new/")
    assert_accessible(page)
    page.get_by_label("Child's full name").fill("Ben Okafor")
    page.locator("input[name='child_date_of_birth_day']").fill("4")
    page.locator("input[name='child_date_of_birth_month']").fill("9")
    page.locator("input[name='child_date_of_birth_year']").fill("2011")
    fill_moment(page, "missing_since_on", "missing_since_time", last_seen)
    fill_moment(page, "reported_on", "reported_time", last_seen + timedelta(minutes=30))
    page.get_by_label("Who reported the child missing").fill("Mother")
    page.locator("input[name='absence'][value='missing']").check()
    page.locator("input[name='police_risk'][value='high']").check()
    page.locator("input[name='missing_from'][value='home']").check()
    page.get_by_role("button", name="Send to the council").click()
    page.get_by_role("link", name="Record the return").click()
    assert_accessible(page)
    fill_moment(page, "returned_on", "returned_time", last_seen + timedelta(hours=1))
    page.get_by_label("Where the child was found or returned to").fill("The station")
    page.get_by_role("button", name="Record the return").click()
    expect(page.get_by_text("The station").first).to_be_visible()
    sign_out(page)
    episode = MissingEpisode.objects.get(given_name="Ben Okafor")

    # The MASH matches his record: the team holding his case now owns the interview.
    sign_in(page, people["mash"])
    page.goto(f"/missing/{episode.pk}/match/")
    assert_accessible(page)
    page.get_by_role("button", name="This is the child").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ben Okafor")
    assert_accessible(page)
    sign_out(page)
    episode.refresh_from_db()
    assert episode.child == boy
    assert episode.returned_at is not None
    item = DueItem.objects.get(rule=rules.RETURN_HOME_INTERVIEW.code, record_id=episode.pk)
    assert item.due_at == episode.returned_at + timedelta(hours=72)
    assert timezone.localtime(item.due_at).weekday() == 0  # Monday evening

    # Past Monday evening: overdue on his team manager's list.
    sign_in(page, people["manager"])
    page.goto("/missing/tracking/?list=overdue")
    row = page.get_by_role("row").filter(has_text=episode.reference)
    expect(row).to_contain_text("Ben Okafor")
    expect(row).to_contain_text("Overdue")
    assert_accessible(page)
    sign_out(page)

    # The return interview officer: declined, offered again and accepted, then held.
    returned = timezone.localtime(episode.returned_at)
    sign_in(page, people["officer"])
    for hours, answer in ((80, "declined"), (96, "accepted")):
        page.goto(f"/missing/{episode.pk}/interview/")
        page.get_by_role("link", name="Record an offer or attempt").click()
        assert_accessible(page)
        fill_moment(page, "attempted_on", "attempted_time", returned + timedelta(hours=hours))
        page.locator("input[name='method'][value='phone']").check()
        page.locator(f"input[name='outcome'][value='{answer}']").check()
        page.get_by_role("button", name="Record the offer").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    page.get_by_role("link", name="Record the interview").click()
    assert_accessible(page)
    fill_moment(page, "held_on", "held_time", returned + timedelta(hours=100))
    page.locator("input[name='method'][value='in_person']").check()
    page.get_by_label("Why the child went").fill("Older boys asked him to carry a bag.")
    page.locator("input[name='harm_disclosed'][value='other']").check()
    page.get_by_label("What the child said about the harm").fill("They said they would hurt me.")
    page.get_by_role("button", name="Record the interview").click()
    expect(page.get_by_text("Older boys asked him").first).to_be_visible()
    assert_accessible(page)

    # The disclosure is a contact about his record, which reaches his allocated worker.
    contact = Contact.objects.get()
    assert [row.child for row in contact.children.all()] == [boy]
    assert DueItem.objects.filter(
        rule=rules.CONTACT_ON_HELD_CHILD.code, owner=people["worker"], closed_at=None
    ).exists()

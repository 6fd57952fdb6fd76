"""Missing episodes and return home interviews in headless Chromium (issue 14, parts 1 and 2): the
police report a boy missing and then found; the return interview officer records the offer
declined, offered again and accepted, then the interview with a disclosure of harm, which starts a
contact at the MASH; the MASH sees the episode of a child the police named. axe-core finds no
serious or critical problem on any page."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Agency, Role, Team
from opencsc.frontdoor.models import Contact
from opencsc.missing.models import MissingEpisode
from tests.browser.helpers import assert_accessible, fill_moment, sign_in, sign_out
from tests.factories import (
    AgencyFactory,
    MashPractitionerFactory,
    PartnerAgencyUserFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def people(site):
    mash = TeamFactory(name="MASH", kind=Team.Kind.MASH)
    police = AgencyFactory(name="North Police", kind=Agency.Kind.POLICE)
    return {
        "mash": MashPractitionerFactory(team=mash, first_name="Priya", last_name="Shah"),
        "police": PartnerAgencyUserFactory(agency=police, first_name="Dana", last_name="Cole"),
        "officer": UserFactory(
            role=Role.RETURN_INTERVIEW_OFFICER, first_name="Rio", last_name="James"
        ),
    }


def _police_report_and_return(page: Page, police, *, last_seen: datetime) -> MissingEpisode:
    sign_in(page, police)
    page.goto("/missing/police/")
    assert_accessible(page)
    page.get_by_role("link", name="Report a child missing").click()
    assert_accessible(page)
    page.get_by_label("Child's full name").fill("Tyler Grant")
    page.locator("input[name='child_date_of_birth_day']").fill("4")
    page.locator("input[name='child_date_of_birth_month']").fill("9")
    page.locator("input[name='child_date_of_birth_year']").fill("2011")
    fill_moment(page, "missing_since_on", "missing_since_time", last_seen)
    fill_moment(page, "reported_on", "reported_time", last_seen + timedelta(hours=2))
    page.get_by_label("Who reported the child missing").fill("Mother")
    page.locator("input[name='absence'][value='missing']").check()
    page.locator("input[name='police_risk'][value='medium']").check()
    page.locator("input[name='missing_from'][value='home']").check()
    page.get_by_role("button", name="Send to the council").click()
    expect(page.get_by_text("Tyler Grant").first).to_be_visible()
    assert_accessible(page)
    episode = MissingEpisode.objects.get(given_name="Tyler Grant")

    page.get_by_role("link", name="Record the return").click()
    assert_accessible(page)
    fill_moment(page, "returned_on", "returned_time", last_seen + timedelta(hours=20))
    page.get_by_label("Where the child was found or returned to").fill("A friend's flat")
    page.get_by_role("button", name="Record the return").click()
    expect(page.get_by_text("A friend's flat").first).to_be_visible()
    assert_accessible(page)
    sign_out(page)
    episode.refresh_from_db()
    assert episode.returned_at is not None
    return episode


def _offer(page: Page, episode: MissingEpisode, *, at: datetime, outcome: str) -> None:
    page.goto(f"/missing/{episode.pk}/interview/")
    page.get_by_role("link", name="Record an offer or attempt").click()
    assert_accessible(page)
    fill_moment(page, "attempted_on", "attempted_time", at)
    page.locator("input[name='method'][value='phone']").check()
    page.locator(f"input[name='outcome'][value='{outcome}']").check()
    page.get_by_role("button", name="Record the offer").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_the_police_report_a_boy_missing_and_his_interview_reaches_the_mash(page, people):
    last_seen = timezone.localtime() - timedelta(days=2)
    last_seen = last_seen.replace(hour=18, minute=0, second=0, microsecond=0)
    episode = _police_report_and_return(page, people["police"], last_seen=last_seen)

    # The MASH sees the episode of a child the police named and no team holds.
    sign_in(page, people["mash"])
    page.goto("/missing/mash/")
    expect(page.get_by_text("Tyler Grant").first).to_be_visible()
    assert_accessible(page)
    page.goto(f"/missing/{episode.pk}/")
    assert_accessible(page)
    page.goto(f"/missing/{episode.pk}/match/")
    assert_accessible(page)
    sign_out(page)

    # The return interview officer: declined, offered again and accepted, then held.
    returned = timezone.localtime(episode.returned_at)
    sign_in(page, people["officer"])
    page.goto("/missing/interviews/")
    expect(page.get_by_text("Tyler Grant").first).to_be_visible()
    assert_accessible(page)
    _offer(page, episode, at=returned + timedelta(hours=2), outcome="declined")
    _offer(page, episode, at=returned + timedelta(hours=5), outcome="accepted")
    page.get_by_role("link", name="Record the interview").click()
    assert_accessible(page)
    fill_moment(page, "held_on", "held_time", returned + timedelta(hours=8))
    page.locator("input[name='method'][value='in_person']").check()
    page.get_by_label("Why the child went").fill("Arguments at home.")
    page.get_by_label("Where the child went", exact=False).first.fill("A friend's flat.")
    page.locator("input[name='harm_disclosed'][value='physical']").check()
    page.get_by_label("What the child said about the harm").fill("Mum's partner hit me.")
    page.get_by_role("button", name="Record the interview").click()
    expect(page.get_by_text("Arguments at home.").first).to_be_visible()
    assert_accessible(page)

    # The disclosure started a contact at the front door, and the interview is off the list.
    assert Contact.objects.count() == 1
    page.goto("/missing/interviews/")
    expect(page.get_by_text("Tyler Grant")).to_have_count(0)
    assert_accessible(page)

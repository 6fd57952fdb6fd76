"""Missing episodes with the keyboard alone and with JavaScript off (issue 14): the police report a
boy missing and record his return using only the keyboard; the return interview officer records
the offer declined, offers again and holds the interview in a tab with JavaScript turned off; the
disclosure starts a contact at the MASH. axe-core on every page."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Agency, Role, Team
from opencsc.frontdoor.models import Contact
from opencsc.missing import services
from opencsc.missing.models import InterviewAttempt, MissingEpisode
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from tests.browser.helpers import (
    assert_accessible,
    friday_evening_last_week,
    sign_in,
    sign_in_by_keyboard,
    tab_to,
)
from tests.factories import AgencyFactory, PartnerAgencyUserFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def police(site):
    TeamFactory(name="MASH", kind=Team.Kind.MASH)
    agency = AgencyFactory(name="North Police", kind=Agency.Kind.POLICE)
    return PartnerAgencyUserFactory(agency=agency, first_name="Dana", last_name="Cole")


@pytest.fixture
def officer(site):
    return UserFactory(role=Role.RETURN_INTERVIEW_OFFICER, first_name="Rio", last_name="James")


def _type_into(page: Page, name: str, text: str) -> None:
    tab_to(page, f"[name='{name}']")
    page.keyboard.type(text)


def _type_moment(page: Page, day_field: str, time_field: str, moment: datetime) -> None:
    _type_into(page, f"{day_field}_day", str(moment.day))
    _type_into(page, f"{day_field}_month", str(moment.month))
    _type_into(page, f"{day_field}_year", str(moment.year))
    _type_into(page, time_field, moment.strftime("%H:%M"))


def _choose(page: Page, name: str, presses: int) -> None:
    """Tab into a group of radios (the first has the focus), Space to choose it, then the arrow
    keys to move down the group (each press chooses the next)."""
    tab_to(page, f"input[name='{name}']")
    page.keyboard.press("Space")
    for _ in range(presses):
        page.keyboard.press("ArrowDown")


def test_the_police_report_a_boy_missing_and_his_return_by_keyboard_alone(page: Page, police):
    last_seen = friday_evening_last_week()
    sign_in_by_keyboard(page, police)
    page.goto("/missing/police/")
    assert_accessible(page)
    tab_to(page, "a[href='/missing/police/new/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("missing")
    assert_accessible(page)

    _type_into(page, "child_name", "Tyler Grant")
    _type_into(page, "child_date_of_birth_day", "4")
    _type_into(page, "child_date_of_birth_month", "9")
    _type_into(page, "child_date_of_birth_year", "2011")
    _type_moment(page, "missing_since_on", "missing_since_time", last_seen)
    _type_moment(page, "reported_on", "reported_time", last_seen + timedelta(hours=1))
    _type_into(page, "reported_by", "Mother")
    _choose(page, "absence", 0)  # Missing (whereabouts not known)
    _choose(page, "police_risk", 1)  # High, then Medium
    _choose(page, "missing_from", 0)  # Home
    tab_to(page, "button[type='submit']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Record the return")).to_be_visible()
    assert_accessible(page)
    episode = MissingEpisode.objects.get(given_name="Tyler Grant")
    assert episode.police_risk == "medium"
    assert episode.absence == "missing"

    tab_to(page, f"a[href='/missing/{episode.pk}/return/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("return")
    assert_accessible(page)
    _type_moment(page, "returned_on", "returned_time", last_seen + timedelta(hours=1, minutes=30))
    _type_into(page, "found_where", "A friend's flat")
    tab_to(page, "button[type='submit']")
    page.keyboard.press("Enter")
    expect(page.get_by_text("A friend's flat").first).to_be_visible()
    assert_accessible(page)

    episode.refresh_from_db()
    assert episode.returned_at == last_seen + timedelta(hours=1, minutes=30)
    # Returned on Friday at 19:30: the interview is due 72 hours later, on Monday at 19:30.
    due = DueItem.objects.get(
        rule=rules.RETURN_HOME_INTERVIEW.code,
        record_type=ContentType.objects.get_for_model(MissingEpisode),
        record_id=episode.pk,
    )
    assert due.due_at == episode.returned_at + timedelta(hours=72)
    assert timezone.localtime(due.due_at).weekday() == 0


def test_the_officer_records_the_interview_with_javascript_off(
    page_without_javascript: Page, police, officer
):
    page = page_without_javascript
    last_seen = friday_evening_last_week()
    returned = last_seen + timedelta(hours=3)
    episode = services.record_episode(
        details=services.EpisodeDetails(
            reported_at=last_seen + timedelta(hours=1),
            reported_by="Mother",
            absence="missing",
            police_risk="medium",
            missing_from="home",
            missing_since=last_seen,
        ),
        named=services.NamedChild(name="Tyler Grant", date_of_birth=date(2011, 9, 4)),
        by=police,
    )
    services.record_return(episode=episode, returned_at=returned, found_where="A park", by=police)

    sign_in(page, officer)
    page.goto("/missing/interviews/")
    expect(page.get_by_text("Tyler Grant").first).to_be_visible()
    assert_accessible(page)
    for hours, answer in ((2, "declined"), (30, "accepted")):
        page.goto(f"/missing/{episode.pk}/interview/")
        page.get_by_role("link", name="Record an offer or attempt").click()
        assert_accessible(page)
        moment = timezone.localtime(returned + timedelta(hours=hours))
        page.locator("input[name='attempted_on_day']").fill(str(moment.day))
        page.locator("input[name='attempted_on_month']").fill(str(moment.month))
        page.locator("input[name='attempted_on_year']").fill(str(moment.year))
        page.locator("input[name='attempted_time']").fill(moment.strftime("%H:%M"))
        page.locator("input[name='method'][value='phone']").check()
        page.locator(f"input[name='outcome'][value='{answer}']").check()
        page.get_by_role("button", name="Record the offer").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    assert [a.outcome for a in InterviewAttempt.objects.order_by("attempted_at")] == [
        "declined",
        "accepted",
    ]

    page.get_by_role("link", name="Record the interview").click()
    assert_accessible(page)
    held = timezone.localtime(returned + timedelta(hours=40))
    page.locator("input[name='held_on_day']").fill(str(held.day))
    page.locator("input[name='held_on_month']").fill(str(held.month))
    page.locator("input[name='held_on_year']").fill(str(held.year))
    page.locator("input[name='held_time']").fill(held.strftime("%H:%M"))
    page.locator("input[name='method'][value='in_person']").check()
    page.get_by_label("Why the child went").fill("Arguments at home.")
    page.locator("input[name='harm_disclosed'][value='physical']").check()
    page.get_by_label("What the child said about the harm").fill("Mum's partner hit me.")
    page.get_by_role("button", name="Record the interview").click()
    expect(page.get_by_text("Arguments at home.").first).to_be_visible()
    assert_accessible(page)
    # The disclosure reached the MASH as a contact, as any disclosure does.
    assert Contact.objects.count() == 1

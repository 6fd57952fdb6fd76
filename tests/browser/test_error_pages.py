"""A worker of another team who follows a link to a child's record sees the GOV.UK page that says,
in plain words, that the page was not found or may not be opened, and whom to ask."""

import re

import pytest
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role, Team
from tests.browser.helpers import assert_accessible, screenshot, sign_in
from tests.factories import AllocationFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.browser


def test_another_teams_worker_sees_the_plain_page_for_a_record_they_may_not_open(
    page: Page,
) -> None:
    theirs = TeamFactory(name="Children in care 1", kind=Team.Kind.CHILDREN_IN_CARE)
    # A surname no signed-in worker (a Faker name in the page's header) can share.
    child = AllocationFactory(team=theirs, child__last_name="Quenneville-Oyelaran").child
    worker = UserFactory(
        role=Role.SOCIAL_WORKER,
        team=TeamFactory(name="Assessment team 1", kind=Team.Kind.ASSESSMENT),
    )
    sign_in(page, worker)

    response = page.goto(f"/people/{child.pk}/")

    assert response is not None
    assert response.status == 404
    expect(page).to_have_title(re.compile(r"^Page not found or you may not open it\W+OpenCSC$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Page not found or you may not open it"
    )
    expect(page.get_by_role("heading", name="If you need to see this record")).to_be_visible()
    expect(page.get_by_text("Ask your team manager, or the manager of the worker")).to_be_visible()
    expect(page.get_by_text(child.last_name)).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "record-you-may-not-open")

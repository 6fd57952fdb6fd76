"""Two administrators give a member of staff a role that reads every child: one asks, the other
approves; both pages pass axe-core."""

import pytest
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role, Team, User
from tests.browser.helpers import assert_accessible, screenshot, sign_in, sign_out
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.browser


def test_one_administrator_asks_and_another_approves(page: Page) -> None:
    team = TeamFactory(name="Assessment team 1", kind=Team.Kind.ASSESSMENT)
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=team, first_name="Nia", last_name="Okafor")
    asking = UserFactory(role=Role.ADMINISTRATOR, email="asking@example.org")
    approving = UserFactory(role=Role.ADMINISTRATOR, email="approving@example.org")

    sign_in(page, asking)
    page.goto(f"/staff/{worker.pk}/")
    page.get_by_label("Head of service").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("waits for another administrator's approval")).to_be_visible()
    page.goto("/staff/role-changes/")
    assert_accessible(page)
    page.get_by_role("link", name="Nia Okafor").click()
    expect(page.get_by_text("You asked for this role change")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, approving)
    page.goto("/staff/")
    page.get_by_role("link", name="1 waiting for approval").click()
    page.get_by_role("link", name="Nia Okafor").click()
    page.get_by_label("Approve the role").check()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Approved: Nia Okafor is now Head of service")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "role-change-approved")
    assert User.objects.get(pk=worker.pk).role == Role.HEAD_OF_SERVICE

"""With debug off, as staff see the app: the GOV.UK 404 and 403 pages, in plain words that say whom
to ask, and the 404 the same for a record that does not exist and one the user may not open."""

import re

import pytest
from django.urls import reverse

from opencsc.accounts.models import Team
from tests.factories import AllocationFactory, TeamFactory

NOT_FOUND = "Page not found or you may not open it"
ASK_FOR_RECORD = "Ask your team manager, or the manager of the worker the child is allocated to."
NO_PERMISSION = "You do not have permission to do this"
ASK_FOR_ACTION = "Ask your team manager"


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def _text(response) -> str:
    """The page with its whitespace folded and its CSRF token (new on each page) taken out."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return " ".join(page.split())


def test_a_record_of_another_team_answers_the_plain_404_page(worker_client):
    elsewhere = TeamFactory(name="Children in care 1", kind=Team.Kind.CHILDREN_IN_CARE)
    child = AllocationFactory(team=elsewhere).child

    response = worker_client.get(reverse("record:child", args=[child.pk]))

    assert response.status_code == 404
    assert [t.name for t in response.templates][:2] == ["404.html", "base.html"]
    text = _text(response)
    assert f'<h1 class="govuk-heading-l">{NOT_FOUND}</h1>' in text
    assert ASK_FOR_RECORD in text
    assert "govuk-template" in text
    assert child.last_name not in text


def test_a_missing_record_answers_the_same_page_as_a_forbidden_one(worker_client):
    elsewhere = TeamFactory(name="Children in care 1", kind=Team.Kind.CHILDREN_IN_CARE)
    child = AllocationFactory(team=elsewhere).child
    forbidden = worker_client.get(reverse("record:child", args=[child.pk]))

    missing = worker_client.get(reverse("record:child", args=[child.pk + 1000]))

    assert missing.status_code == forbidden.status_code == 404
    assert _text(missing) == _text(forbidden)


def test_an_action_the_role_may_not_take_answers_the_plain_403_page(worker_client):
    response = worker_client.get(reverse("accounts:staff-list"))

    assert response.status_code == 403
    assert [t.name for t in response.templates][:2] == ["403.html", "base.html"]
    text = _text(response)
    assert f'<h1 class="govuk-heading-l">{NO_PERMISSION}</h1>' in text
    assert ASK_FOR_ACTION in text
    assert "ask an administrator" in text

"""The managers' queues put risk before waiting time: threshold decisions and assessments to
authorise, referrals to allocate and the team tray list the children rated red or in a section 47
first (then the longest waiting), show each child's RAG rating, and run the same number of queries
whatever their length."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.assessments.selectors import awaiting_authorisation
from opencsc.casework import risk
from opencsc.casework.selectors import referrals_to_allocate
from opencsc.frontdoor.codes import Outcome, Rating
from opencsc.frontdoor.models import Contact
from opencsc.frontdoor.selectors import decisions_awaiting_authorisation
from opencsc.workforce.tray import team_tray
from tests.casework.factories import AssessmentFactory, Section47EnquiryFactory
from tests.factories import (
    AllocationFactory,
    ContactDecisionFactory,
    ContactFactory,
    ReferralFactory,
    UserFactory,
)

ORDER: dict[str, int] = {Rating.RED: 1, Rating.AMBER: 2, Rating.GREEN: 3}


@pytest.fixture
def head(db):
    return UserFactory(role=Role.HEAD_OF_SERVICE)


def _referral(rating: str, on: date, *, section_47: bool = False):
    contact = ContactFactory(rating=rating, rating_order=ORDER[rating], decided=True)
    decision = ContactDecisionFactory(
        contact=contact,
        authorised=True,
        outcome=Outcome.SECTION_47 if section_47 else Outcome.SECTION_17,
    )
    return ReferralFactory(contact=contact, decision=decision, referred_on=on)


def _decision(rating: str, at: datetime, *, section_47: bool = False):
    contact = ContactFactory(
        rating=rating, rating_order=ORDER[rating], status=Contact.Status.AWAITING_AUTHORISATION
    )
    outcome = Outcome.SECTION_47 if section_47 else Outcome.SECTION_17
    return ContactDecisionFactory(contact=contact, outcome=outcome, proposed_at=at)


def _assessment(rating: str, at: datetime, team):
    referral = _referral(rating, date(2026, 5, 1))
    AllocationFactory(child=referral.child, team=team)
    return AssessmentFactory(referral=referral, proposed=True, proposed_at=at)


def test_the_kernel_speaks_the_front_doors_codes():
    assert (risk.RED, risk.SECTION_47) == (Rating.RED, Outcome.SECTION_47)


def test_referrals_to_allocate_put_red_and_section_47_before_the_longest_waiting(db):
    amber_oldest = _referral(Rating.AMBER, date(2026, 5, 1))
    red_newest = _referral(Rating.RED, date(2026, 5, 20))
    section_47 = _referral(Rating.GREEN, date(2026, 5, 10), section_47=True)
    green = _referral(Rating.GREEN, date(2026, 5, 5))

    rows = list(referrals_to_allocate())

    assert rows == [section_47, red_newest, amber_oldest, green]
    assert [row.rating for row in rows] == ["green", "red", "amber", "green"]


def test_an_open_section_47_enquiry_puts_its_child_first(db):
    older = _referral(Rating.AMBER, date(2026, 5, 1))
    enquiry = Section47EnquiryFactory(
        strategy_discussion__referral=_referral(Rating.AMBER, date(2026, 5, 20))
    )

    rows = list(referrals_to_allocate())

    assert rows == [enquiry.referral, older]


def test_a_completed_section_47_enquiry_does_not(db):
    older = _referral(Rating.AMBER, date(2026, 5, 1))
    enquiry = Section47EnquiryFactory(
        completed=True, strategy_discussion__referral=_referral(Rating.AMBER, date(2026, 5, 20))
    )

    rows = list(referrals_to_allocate())

    assert rows == [older, enquiry.referral]


def test_decisions_to_authorise_put_red_and_section_47_first(head):
    amber = _decision(Rating.AMBER, datetime(2026, 6, 1, 9, tzinfo=UTC))
    red = _decision(Rating.RED, datetime(2026, 6, 2, 9, tzinfo=UTC))
    section_47 = _decision(Rating.GREEN, datetime(2026, 6, 3, 9, tzinfo=UTC), section_47=True)

    rows = list(decisions_awaiting_authorisation(user=head, today=date(2026, 6, 3)))

    assert rows == [red, section_47, amber]


def test_assessments_to_authorise_put_red_first_and_show_the_rating(head, assessment_team):
    amber = _assessment(Rating.AMBER, datetime(2026, 5, 18, 9, tzinfo=UTC), assessment_team)
    red = _assessment(Rating.RED, datetime(2026, 5, 19, 9, tzinfo=UTC), assessment_team)

    rows = list(awaiting_authorisation(head))

    assert rows == [red, amber]
    assert [row.rating for row in rows] == ["red", "amber"]


def test_the_team_tray_shows_each_lines_rating(head, assessment_team):
    _assessment(Rating.AMBER, datetime(2026, 5, 18, 9, tzinfo=UTC), assessment_team)
    _assessment(Rating.RED, datetime(2026, 5, 19, 9, tzinfo=UTC), assessment_team)

    rows = list(team_tray(head, today=date(2026, 6, 1)))

    assert [(row["risk"], row["rating"]) for row in rows] == [(0, "red"), (1, "amber")]


@pytest.mark.parametrize(
    ("page", "tag"),
    [
        ("casework:to-allocate", "Red"),
        ("assessments:awaiting", "Red"),
        ("frontdoor:awaiting-authorisation", "Red"),
        ("workforce:team-tray", "Red"),
    ],
)
def test_each_queue_shows_the_rag_rating(client, head, assessment_team, page, tag):
    _assessment(Rating.RED, datetime(2026, 5, 19, 9, tzinfo=UTC), assessment_team)
    _referral(Rating.RED, date(2026, 5, 20))
    _decision(Rating.RED, datetime(2026, 6, 2, 9, tzinfo=UTC))
    client.force_login(head)

    html = client.get(reverse(page)).content.decode()

    assert f'<strong class="govuk-tag govuk-tag--red">{tag}</strong>' in html


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "page",
    [
        "casework:to-allocate",
        "assessments:awaiting",
        "frontdoor:awaiting-authorisation",
        "workforce:team-tray",
    ],
)
def test_each_queue_runs_the_same_queries_at_any_length(client, head, assessment_team, page):
    client.force_login(head)

    def grow(n: int):
        start = datetime(2026, 5, 1, 9, tzinfo=UTC)
        for i in range(n):
            rating = (Rating.RED, Rating.AMBER, Rating.GREEN)[i % 3]
            at = start + timedelta(hours=i)
            _assessment(rating, at, assessment_team)
            _referral(rating, date(2026, 5, 1) + timedelta(days=i), section_47=i % 2 == 0)
            _decision(rating, at, section_47=i % 2 == 1)

    grow(2)
    _count(client, reverse(page))  # the first read caches the user's teams
    small = _count(client, reverse(page))
    grow(8)

    assert _count(client, reverse(page)) == small

"""The one approval shape: the same constraints on every approval, and the four-eyes rule."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, transaction

from opencsc.assessments.models import Assessment
from opencsc.casework.models import Closure, TeamTransfer
from opencsc.core.approvals import four_eyes_refusal
from opencsc.frontdoor.models import ContactDecision
from tests.casework.factories import AssessmentFactory, ClosureFactory, TeamTransferFactory
from tests.factories import ContactDecisionFactory, UserFactory

EARLIER = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)

APPROVALS = {
    "decision": lambda: ContactDecisionFactory(authorised=True),
    "closure": lambda: ClosureFactory(authorised=True),
    "assessment": lambda: AssessmentFactory(authorised=True),
    "transfer": lambda: TeamTransferFactory(accepted=True),
}
MODELS = {
    "decision": ContactDecision,
    "closure": Closure,
    "assessment": Assessment,
    "transfer": TeamTransfer,
}
# An assessment's authorisation date (CIN census) goes with its authorised state.
UNAUTHORISED = {"assessment": {"authorised_on": None}}
PREFIXES = {
    "decision": "decision",
    "closure": "closure",
    "assessment": "assessment",
    "transfer": "team_transfer",
}


def _breaks(approval, constraint: str, **changes) -> None:
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        type(approval).objects.filter(pk=approval.pk).update(**changes)
    assert constraint in str(raised.value)


@pytest.fixture(params=sorted(APPROVALS))
def kind(request, db) -> str:
    return request.param


def test_each_approval_is_one_of_the_shape(kind):
    approval = APPROVALS[kind]()

    assert isinstance(approval, MODELS[kind])
    assert (approval.status, approval.proposed_by_id is not None) == ("authorised", True)
    assert approval.reviewed_at >= approval.proposed_at
    assert {"proposed", "authorised", "returned"} <= set(MODELS[kind].Status.values)


def test_an_authorised_approval_has_a_reviewer_and_a_time(kind):
    approval = APPROVALS[kind]()

    _breaks(approval, f"{PREFIXES[kind]}_reviewed_by_iff_reviewed", reviewed_by=None)
    _breaks(approval, f"{PREFIXES[kind]}_reviewed_by_iff_reviewed", reviewed_at=None)


def test_a_proposed_approval_has_no_reviewer_yet(kind):
    approval = APPROVALS[kind]()

    _breaks(
        approval,
        f"{PREFIXES[kind]}_reviewed_by_iff_reviewed",
        status="proposed",
        **UNAUTHORISED.get(kind, {}),
    )


def test_an_approval_is_reviewed_after_it_was_proposed(kind):
    approval = APPROVALS[kind]()

    _breaks(approval, f"{PREFIXES[kind]}_reviewed_after_proposed", reviewed_at=EARLIER)


def test_a_returned_approval_has_a_comment(kind):
    approval = APPROVALS[kind]()

    _breaks(
        approval,
        f"{PREFIXES[kind]}_returned_has_comment",
        status="returned",
        **UNAUTHORISED.get(kind, {}),
    )


def test_an_approval_is_never_authorised_by_the_person_who_proposed_it(kind):
    approval = APPROVALS[kind]()

    _breaks(
        approval,
        f"{PREFIXES[kind]}_not_authorised_by_proposer",
        reviewed_by=approval.proposed_by,
    )


def test_the_person_who_proposed_an_approval_may_return_it(kind):
    approval = APPROVALS[kind]()

    type(approval).objects.filter(pk=approval.pk).update(
        status="returned",
        reviewed_by=approval.proposed_by,
        manager_comment="Withdrawn",
        **UNAUTHORISED.get(kind, {}),
    )

    assert type(approval).objects.get(pk=approval.pk).status == "returned"


def test_an_assessment_in_progress_has_no_proposer_and_a_sent_one_has(db):
    in_progress = AssessmentFactory()
    sent = AssessmentFactory(proposed=True)

    _breaks(in_progress, "assessment_proposed_by_iff_proposed", proposed_by=in_progress.worker)
    _breaks(sent, "assessment_proposed_by_iff_proposed", proposed_at=None)


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("decision", "You proposed this decision: another manager must authorise it."),
        ("closure", "You proposed this closure: another manager must authorise it."),
        ("assessment", "You sent this assessment: another manager must authorise it."),
        ("transfer", "You requested this transfer: another manager must answer it."),
    ],
)
def test_the_four_eyes_check_refuses_the_proposer_in_each_approvals_words(db, kind, message):
    approval = APPROVALS[kind]()
    another = UserFactory(role="team_manager")

    refusals = (
        four_eyes_refusal(approval, approval.proposed_by),
        four_eyes_refusal(approval, another),
    )

    assert refusals == (message, None)

"""No further action for a child whose brother or sister has open child protection work: the
review page says so (naming only the siblings the manager may open) and the authorisation needs
the manager's reason, shown next to the comment when missing."""

import uuid
from dataclasses import replace
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opencsc.assessments.services import authorise_assessment
from opencsc.people.models import Person
from opencsc.protection.models import ProtectionPlan
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from tests.assessments.test_services import COMPLETE, _submitted

NFA = replace(COMPLETE, outcome="nfa", outcome_reason="Needs met by the family")


def _strategy_due(referral):
    timescales.open_due_item(
        rules.STRATEGY_DISCUSSION, child=referral.child, record=referral, start=date(2026, 5, 29)
    )


def _on_a_plan(referral):
    ProtectionPlan.objects.create(
        child=referral.child,
        referral=referral,
        started_on=date(2026, 5, 20),
        initial_category="PHY",
        latest_category="PHY",
    )


def test_no_further_action_beside_a_siblings_due_strategy_discussion_needs_a_reason(
    clock, referral, sibling_referral, worker, manager
):
    _strategy_due(sibling_referral)
    assessment = _submitted(referral, worker, NFA)

    with pytest.raises(ValidationError) as refused:
        authorise_assessment(assessment=assessment, by=manager, comment="")
    assert list(refused.value.message_dict) == ["comment"]

    done = authorise_assessment(
        assessment=assessment, by=manager, comment="Tobi's concern is his father's, not Amara's"
    )
    assert done.status == "authorised"


def test_no_further_action_with_no_sibling_in_protection_needs_no_reason(
    clock, referral, sibling_referral, worker, manager
):
    assessment = _submitted(referral, worker, NFA)

    done = authorise_assessment(assessment=assessment, by=manager, comment="")

    assert done.status == "authorised"


def test_another_outcome_beside_a_siblings_plan_needs_no_reason(
    clock, referral, sibling_referral, worker, manager
):
    _on_a_plan(sibling_referral)
    assessment = _submitted(referral, worker)  # a child in need plan

    done = authorise_assessment(assessment=assessment, by=manager, comment="")

    assert done.status == "authorised"


def test_the_review_page_names_the_sibling_and_refuses_next_to_the_comment(
    client, clock, referral, sibling_referral, worker, manager
):
    _on_a_plan(sibling_referral)
    assessment = _submitted(referral, worker, NFA)
    client.force_login(manager)
    url = reverse("assessments:review", args=[assessment.pk])

    page = client.get(url).content.decode()
    refused = client.post(url, {"submission_key": str(uuid.uuid4()), "decision": "authorise"})

    assert "Tobi Okafor (on a child protection plan)" in page
    assert "To authorise no further action, give your reason in the comment" in page
    assert refused.context["form"].errors["comment"] == [
        "A brother or sister has open child protection work: enter why no further action is "
        "right for this child"
    ]


def test_a_sibling_the_manager_may_not_open_is_counted_never_named(
    client, clock, referral, sibling_referral, worker, manager
):
    _on_a_plan(sibling_referral)
    Person.objects.filter(pk=sibling_referral.child_id).update(is_restricted=True)
    assessment = _submitted(referral, worker, NFA)
    client.force_login(manager)

    page = client.get(reverse("assessments:review", args=[assessment.pk])).content.decode()

    assert "Tobi" not in page
    assert "1 whose record you cannot open" in page

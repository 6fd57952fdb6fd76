"""Child in need plans refuse vague actions and contingencies (opencsc/core/smart.py): next to
the field on the form, and in the service for any other path."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opencsc.plans import services
from opencsc.plans.models import CINPlan
from opencsc.plans.services import PlannedAction
from tests.protection.fixtures import cin_details


def _start(referral, worker, *, action="Mum attends the Triple P course every Monday", **changes):
    return services.start_cin_plan(
        referral=referral,
        details=cin_details(**changes),
        actions=[PlannedAction(action, "Family support worker", date(2027, 3, 1))],
        by=worker,
    )


def test_a_specific_plan_starts(referral, worker):
    assert _start(referral, worker).actions.get().action.startswith("Mum attends")


@pytest.mark.parametrize("action", ["Support", "Everyone", "Continue to support mum"])
def test_the_service_refuses_a_vague_action(referral, worker, action):
    with pytest.raises(ValidationError) as refused:
        _start(referral, worker, action=action)

    assert "Say what will be done" in refused.value.message_dict["actions"][0]
    assert not CINPlan.objects.exists()


def test_the_service_refuses_a_vague_contingency(referral, worker):
    with pytest.raises(ValidationError) as refused:
        _start(referral, worker, contingency="Re-refer")

    assert "standard phrase" in refused.value.message_dict["contingency"][0]


def _form(**changes):
    form = {
        "submission_key": str(uuid.uuid4()),
        "started_on_day": "1",
        "started_on_month": "11",
        "started_on_year": "2026",
        "outcomes": "Amara is safe and in school.",
        "child_views": "Wants help at home.",
        "contingency": "A strategy discussion if concerns grow.",
        "action_1": "Mum attends the Triple P parenting course weekly",
        "who_1": "Family support",
        "due_on_1_day": "1",
        "due_on_1_month": "5",
        "due_on_1_year": "2027",
    }
    return form | changes


def test_the_form_refuses_vague_text_next_to_each_field(client, referral, worker):
    client.force_login(worker)
    url = reverse("plans:new", args=[referral.pk])

    refused = client.post(url, _form(action_1="Monitor", contingency="Ongoing"))
    saved = client.post(url, _form())

    errors = refused.context["form"].errors
    assert "\u201cmonitor\u201d" in errors["action_1"][0]
    assert "\u201congoing\u201d" in errors["contingency"][0]
    assert saved.status_code == 302
    assert CINPlan.objects.get().contingency == "A strategy discussion if concerns grow."

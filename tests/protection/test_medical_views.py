"""The pages of disclosures carried through: the strategy form opens with harm alleged set from the
contact's disclosure, a change needs its reason next to the field; the medical's pages and the
manager's review of a reason it is not held, each opened only by those who may."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.protection import services
from opencsc.protection.models import MedicalNotHeld, ProtectionMedical, StrategyDiscussion
from tests.factories import ContactFactory, PartnerAgencyUserFactory, UserFactory
from tests.protection.fixtures import POLICE, SOCIAL_CARE, london, strategy_details

NEEDED = {
    "harm_alleged": True,
    "medical_considered": True,
    "medical_decision": "needed",
    "medical_reason": "Disclosure of sexual abuse this week.",
}


@pytest.fixture
def disclosed(referral):
    referral.contact = ContactFactory(
        disclosure="sexual", disclosure_details="She told her teacher her stepfather touched her."
    )
    referral.save()
    return referral


@pytest.fixture
def needed(disclosed, worker):
    """A strategy discussion on 14 December 2026 that decided a medical is needed."""
    return services.record_strategy_discussion(
        referral=disclosed,
        details=strategy_details(held_at=london(2026, 12, 14), **NEEDED),
        attendees=[POLICE, SOCIAL_CARE],
        by=worker,
    )


def _form(**changes):
    form = {
        "submission_key": str(uuid.uuid4()),
        "kind": "discussion",
        "held_on_day": "15",
        "held_on_month": "2",
        "held_on_year": "2027",
        "held_time": "14:30",
        "agency_1": "police",
        "name_1": "DC Sam Hart",
        "role_1": "Detective constable",
        "information_shared": "She told her teacher.",
        "harm_alleged": "no",
        "start_section_47": "yes",
        "decision_reason": "Reasonable cause to suspect significant harm.",
    }
    form.update(changes)
    return form


def test_the_strategy_form_opens_with_harm_alleged_set_from_her_disclosure(
    client, disclosed, worker
):
    client.force_login(worker)

    response = client.get(reverse("protection:strategy-new", args=[disclosed.pk]))

    html = response.content.decode()
    assert response.context["form"]["harm_alleged"].value() == "yes"
    assert "The child disclosed sexual abuse</strong>" in html
    assert "She told her teacher her stepfather touched her." in html
    assert "Decision about a child protection medical (required)" in html


def test_without_a_disclosure_the_form_asks_from_scratch(client, referral, worker):
    client.force_login(worker)

    response = client.get(reverse("protection:strategy-new", args=[referral.pk]))

    assert response.context["form"]["harm_alleged"].value() is None
    assert "harm_alleged_change_reason" not in response.content.decode()


def test_changing_her_disclosure_to_no_without_a_reason_is_refused_next_to_the_field(
    client, disclosed, worker
):
    client.force_login(worker)

    response = client.post(reverse("protection:strategy-new", args=[disclosed.pk]), _form())

    errors = response.context["form"].errors
    assert errors["harm_alleged_change_reason"] == [
        "The contact recorded the child's disclosure of physical or sexual abuse: enter why "
        "physical or sexual harm is not alleged"
    ]
    assert {"medical_considered", "medical_decision", "medical_reason"} <= set(errors)
    assert 'href="#id_harm_alleged_change_reason"' in response.content.decode()
    assert not StrategyDiscussion.objects.exists()


def test_the_strategy_page_shows_the_medical_overdue_with_its_actions(client, needed, worker):
    client.force_login(worker)

    response = client.get(reverse("protection:strategy", args=[needed.pk]))

    html = response.content.decode()
    assert "Overdue</strong> due by 15 December 2026" in html
    assert reverse("protection:medical-new", args=[needed.pk]) in html
    assert reverse("protection:medical-not-held-new", args=[needed.pk]) in html
    assert "Sexual abuse (contact CT" in html


def test_the_medical_is_recorded_from_its_page(client, needed, worker):
    client.force_login(worker)
    form = {
        "submission_key": str(uuid.uuid4()),
        "examined_on_day": "15",
        "examined_on_month": "12",
        "examined_on_year": "2026",
        "examined_by_name": "Dr Rhea Banks",
        "examined_by_role": "Consultant paediatrician",
        "outcome": "No injuries found.",
    }

    response = client.post(reverse("protection:medical-new", args=[needed.pk]), form)

    assert response["Location"] == reverse("protection:strategy", args=[needed.pk])
    medical = ProtectionMedical.objects.get(discussion=needed)
    assert (medical.examined_on, medical.examined_by_role) == (
        date(2026, 12, 15),
        "Consultant paediatrician",
    )
    page = client.get(reverse("protection:strategy", args=[needed.pk])).content.decode()
    assert "Recorded</strong>" in page
    assert reverse("protection:medical-new", args=[needed.pk]) not in page


def test_the_childs_record_shows_the_medical_not_recorded(client, needed, worker):
    client.force_login(worker)

    response = client.get(reverse("record:work", args=[needed.child.pk]))

    html = response.content.decode()
    assert "Decided needed 14 Dec 2026</a>;" in html
    assert "Not recorded</strong>" in html


def test_a_reason_not_held_is_given_then_authorised_by_another_manager(
    client, needed, worker, manager
):
    client.force_login(worker)
    client.post(
        reverse("protection:medical-not-held-new", args=[needed.pk]),
        {"submission_key": str(uuid.uuid4()), "reason": "Examined in A&E that night."},
    )
    approval = MedicalNotHeld.objects.get(discussion=needed)
    review = reverse("protection:medical-not-held", args=[approval.pk])
    assert client.post(review, {"submission_key": "x", "decision": "authorise"}).status_code == 403

    client.force_login(manager)
    response = client.post(
        review, {"submission_key": str(uuid.uuid4()), "decision": "authorise", "comment": ""}
    )

    assert response["Location"] == reverse("protection:strategy", args=[needed.pk])
    approval.refresh_from_db()
    assert (approval.status, approval.reviewed_by) == ("authorised", manager)


def test_the_manager_who_gave_the_reason_is_told_another_must_authorise_it(client, needed, manager):
    approval = services.propose_medical_not_held(discussion=needed, reason="A&E", by=manager)
    client.force_login(manager)

    response = client.post(
        reverse("protection:medical-not-held", args=[approval.pk]),
        {"submission_key": str(uuid.uuid4()), "decision": "authorise", "comment": ""},
    )

    assert "another manager must authorise it" in response.content.decode()
    approval.refresh_from_db()
    assert approval.status == "proposed"


PAGES = ["medical-new", "medical-not-held-new", "medical-not-held"]
EXPECTED = {
    "worker": {"medical-new": 200, "medical-not-held-new": 200, "medical-not-held": 200},
    "manager": {"medical-new": 200, "medical-not-held-new": 200, "medical-not-held": 200},
    "quality": {"medical-new": 403, "medical-not-held-new": 403, "medical-not-held": 200},
    "other_team": {"medical-new": 404, "medical-not-held-new": 404, "medical-not-held": 404},
    "partner": {"medical-new": 404, "medical-not-held-new": 404, "medical-not-held": 404},
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_the_medical_pages_open_only_for_those_who_may_see_or_work_the_case(
    client, needed, worker, manager, other_worker, who
):
    approval = services.propose_medical_not_held(discussion=needed, reason="A&E", by=worker)
    users = {
        "worker": worker,
        "manager": manager,
        "quality": UserFactory(role=Role.QUALITY_ASSURANCE),
        "other_team": other_worker,
        "partner": PartnerAgencyUserFactory(),
    }
    urls = {
        "medical-new": reverse("protection:medical-new", args=[needed.pk]),
        "medical-not-held-new": reverse("protection:medical-not-held-new", args=[needed.pk]),
        "medical-not-held": reverse("protection:medical-not-held", args=[approval.pk]),
    }
    client.force_login(users[who])

    statuses = {name: client.get(url).status_code for name, url in urls.items()}

    assert statuses == EXPECTED[who]

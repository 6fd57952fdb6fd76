"""The record's banner: every page about a child says first what a worker must know (the "Why" of
issue 12: "The record has no banner saying 'child protection plan: physical abuse' and no warning
flags")."""

import re
from datetime import date

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.casework import services as casework
from opencsc.people.models import PersonWarning
from tests.casework.factories import AssessmentFactory, CINPlanFactory, ProtectionPlanFactory
from tests.factories import (
    AllocationFactory,
    ContactChildFactory,
    HouseholdFactory,
    MashPractitionerFactory,
    PartnerAgencyUserFactory,
    PersonFactory,
    ReferralFactory,
    RelationshipFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.usefixtures("clock")  # Monday 1 June 2026


@pytest.fixture
def family(worker):
    """A child on a child protection plan for physical abuse, held by the worker's team, and the
    man in her household with a warning on him."""
    household = HouseholdFactory()
    child = PersonFactory(first_name="Amara", last_name="Okafor", household=household)
    referral = ReferralFactory(child=child, referred_on=date(2026, 5, 1))
    AllocationFactory(child=child, team=worker.teams.get(), worker=worker, referral=referral)
    plan = ProtectionPlanFactory(
        referral=referral, child=child, initial_category="PHY", latest_category="PHY"
    )
    man = PersonFactory(adult=True, first_name="Dennis", last_name="Crowe", household=household)
    RelationshipFactory(from_person=man, to_person=child, kind="carer")
    casework.set_warning(
        person=man,
        kind=PersonWarning.Kind.ALLEGED_PERPETRATOR,
        details="Named in the safety plan; must not be alone with the children.",
        review_on=date(2026, 8, 3),
        by=worker,
    )
    return {"child": child, "referral": referral, "plan": plan, "man": man}


def _banner(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    found = re.search(
        r'<div class="govuk-notification-banner opencsc-record-banner".*?</ul>\s*</div>\s*</div>',
        response.content.decode(),
        re.S,
    )
    return re.sub(r"\s+", " ", found.group(0)) if found else ""


def _pages(family) -> dict[str, str]:
    referral = family["referral"]
    assessment = AssessmentFactory(referral=referral, child=family["child"])
    return {
        "record": reverse("record:child", args=[family["child"].pk]),
        "episode": reverse("record:episode", args=[referral.pk]),
        "assessment": reverse("assessments:detail", args=[assessment.pk]),
        "protection plan": reverse("protection:plan", args=[family["plan"].pk]),
        "warnings": reverse("record:warnings", args=[family["child"].pk]),
    }


def test_every_page_about_the_child_opens_with_her_plan_worker_and_the_warning(
    client, worker, family
):
    client.force_login(worker)

    for page, url in _pages(family).items():
        banner = _banner(client, url)

        assert "Child protection plan: physical abuse" in banner, page
        assert "held by Assessment team 1, social worker Nia Worker" in banner, page
        assert "Alleged perpetrator in the household" in banner, page
        assert "on Dennis Crowe, an adult in the household" in banner, page
        assert "must not be alone with the children" in banner, page
        assert "Set by Nia Worker on 1 June 2026; review by 3 August 2026" in banner, page
        assert "Review due" not in banner, page


def test_the_banner_has_one_heading_and_is_not_an_alert(client, worker, family):
    client.force_login(worker)

    banner = _banner(client, reverse("record:child", args=[family["child"].pk]))

    assert banner.count("<h2") == 1
    assert 'role="region"' in banner
    assert 'role="alert"' not in banner


def test_a_contact_about_the_child_shows_the_banner_to_the_mash(client, family):
    child = family["child"]
    contact = ContactChildFactory(child=child).contact
    mash = MashPractitionerFactory(team=contact.team)
    client.force_login(mash)
    # The MASH may open a contact; the banner speaks of a child only when they may open her.
    family["referral"].allocations.update(ended_on=date(2026, 5, 31))

    banner = _banner(client, reverse("frontdoor:contact-detail", args=[contact.pk]))

    assert "Child protection plan: physical abuse" in banner
    assert "Alleged perpetrator in the household" in banner


def test_a_child_in_need_plan_and_an_unheld_episode_show(client, make_user):
    from tests.factories import MashTeamFactory

    referral = ReferralFactory(referred_on=date(2026, 5, 1))
    CINPlanFactory(referral=referral, child=referral.child)
    client.force_login(make_user(Role.MASH_PRACTITIONER, team=MashTeamFactory()))

    banner = _banner(client, reverse("record:child", args=[referral.child.pk]))

    assert "Child in need plan" in banner
    assert "Open episode: waiting for a team" in banner
    assert "Child protection plan" not in banner


def test_an_expired_warning_asks_for_review(client, worker, family, clock):
    clock.now = clock.now.replace(month=8, day=3)
    client.force_login(worker)

    banner = _banner(client, reverse("record:child", args=[family["child"].pk]))

    assert "Review due" in banner


def test_an_ended_warning_leaves_the_banner(client, worker, family):
    warning = PersonWarning.objects.get()
    casework.end_warning(warning=warning, reason="He moved out.", by=worker)
    client.force_login(worker)

    banner = _banner(client, reverse("record:child", args=[family["child"].pk]))

    assert "Alleged perpetrator" not in banner
    assert "Child protection plan: physical abuse" in banner


def test_a_restricted_adult_with_a_warning_is_never_named(client, worker, family):
    man = family["man"]
    man.is_restricted = True
    man.save()
    client.force_login(worker)

    banner = _banner(client, reverse("record:child", args=[family["child"].pk]))

    assert "Alleged perpetrator in the household" in banner
    assert "Restricted record" in banner
    assert "Dennis" not in banner
    assert "Crowe" not in banner
    assert "safety plan" not in banner  # the details may name him: they stay on his record


def test_a_restricted_child_is_flagged_to_the_staff_named_on_it(client, worker, family):
    child = family["child"]
    child.is_restricted = True
    child.save()
    child.named_staff.add(worker)
    client.force_login(worker)

    banner = _banner(client, reverse("record:child", args=[child.pk]))

    assert "Restricted record" in banner


def test_a_partner_agency_sees_no_banner(client, family):
    contact = ContactChildFactory(child=family["child"]).contact
    partner = PartnerAgencyUserFactory()
    contact.referrer_agency = partner.agency
    contact.save()
    client.force_login(partner)

    response = client.get(reverse("frontdoor:contact-detail", args=[contact.pk]))

    assert "opencsc-record-banner" not in response.content.decode()


def test_pages_about_no_child_have_no_banner(client, worker, family):
    client.force_login(worker)

    response = client.get(reverse("record:home"))

    assert "opencsc-record-banner" not in response.content.decode()


def test_another_teams_worker_sees_neither_page_nor_banner(client, family):
    client.force_login(UserFactory(role=Role.SOCIAL_WORKER, team=TeamFactory()))

    response = client.get(reverse("record:child", args=[family["child"].pk]))

    assert response.status_code == 404
    assert "Dennis" not in response.content.decode()


def test_the_adults_own_record_shows_the_warning_on_him(client, worker, family):
    client.force_login(worker)

    banner = _banner(client, reverse("record:child", args=[family["man"].pk]))

    assert "Alleged perpetrator in the household" in banner
    assert "on this person" in banner
    assert "Child protection plan" not in banner

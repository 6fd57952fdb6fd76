"""The front door's pages: who may open each one, bad input next to its field, double submits, a
late second authorisation, and the same number of queries at any number of rows."""

import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.models import Agency, Role, Team
from opencsc.casework.models import Referral
from opencsc.frontdoor import services as frontdoor
from opencsc.frontdoor.models import AgencyCheck, Contact, ContactDecision, ContactRating
from opencsc.frontdoor.services import NamedChild
from opencsc.people.services import PersonDetails, create_person
from opencsc.timescales.models import DueItem
from tests.factories import (
    AgencyFactory,
    EarlyHelpTeamFactory,
    MashManagerFactory,
    MashPractitionerFactory,
    MashTeamFactory,
    PartnerAgencyUserFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)
from tests.frontdoor.helpers import contact_details, decision_details, rated

ROLES = [
    "mash",
    "manager",
    "social_worker",
    "head_of_service",
    "performance",
    "police",
    "health",
    "admin",
]


@pytest.fixture
def site(db):
    """A MASH with a contact about a child (checks with police and health, a decision proposed),
    a contact the police made, and one user of each kind."""
    mash = MashTeamFactory()
    EarlyHelpTeamFactory(name="Early help north")
    police = AgencyFactory(name="North Police", kind=Agency.Kind.POLICE)
    health = AgencyFactory(name="North Health Trust", kind=Agency.Kind.HEALTH)
    users = {
        "mash": MashPractitionerFactory(team=mash),
        "manager": MashManagerFactory(team=mash),
        "social_worker": UserFactory(
            role=Role.SOCIAL_WORKER, team=TeamFactory(kind=Team.Kind.ASSESSMENT)
        ),
        "head_of_service": UserFactory(role=Role.HEAD_OF_SERVICE),
        "performance": UserFactory(role=Role.PERFORMANCE_ANALYST),
        "police": PartnerAgencyUserFactory(agency=police),
        "health": PartnerAgencyUserFactory(agency=health),
        "admin": UserFactory(role=Role.ADMINISTRATOR),
    }
    child = PersonFactory(first_name="Amara", last_name="Okafor")
    contact = frontdoor.record_contact(details=contact_details(children=[child]), by=users["mash"])
    frontdoor.rate_contact(contact=contact, rating="amber", reason="Hungry", by=users["mash"])
    police_check = frontdoor.request_check(
        contact=contact, agency=police, question="Known?", by=users["mash"]
    )
    frontdoor.request_check(contact=contact, agency=health, question="Known?", by=users["mash"])
    decision = frontdoor.propose_decision(
        contact=contact, details=decision_details(), by=users["mash"]
    )
    police_contact = frontdoor.record_contact(
        details=contact_details(
            method="partner_portal",
            referral_source="6",
            named_children=[NamedChild(name="Ben Other")],
        ),
        by=users["police"],
    )
    return {
        "users": users,
        "child": child,
        "contact": contact,
        "check": police_check,
        "decision": decision,
        "police_contact": police_contact,
        "police": police,
    }


def _statuses(client, site, url):
    statuses = {}
    for role in ROLES:
        client.force_login(site["users"][role])
        statuses[role] = client.get(url).status_code
    return statuses


WORKLISTS = {
    "mash": 200,
    "manager": 200,
    "social_worker": 403,
    "head_of_service": 200,
    "performance": 200,
    "police": 403,
    "health": 403,
    "admin": 403,
}


@pytest.mark.parametrize(
    "name",
    [
        "frontdoor:queue",
        "frontdoor:my-work",
        "frontdoor:overdue-checks",
        "frontdoor:meeting",
        "frontdoor:early-help",
    ],
)
def test_mash_worklists_open_for_the_mash_and_readers_only(client, site, name):
    assert _statuses(client, site, reverse(name)) == WORKLISTS


def test_decisions_to_authorise_open_for_mash_managers_and_heads_of_service(client, site):
    statuses = _statuses(client, site, reverse("frontdoor:awaiting-authorisation"))

    assert [role for role, status in statuses.items() if status == 200] == [
        "manager",
        "head_of_service",
    ]


def test_a_mash_contact_is_hidden_from_partners_other_teams_and_administrators(client, site):
    url = reverse("frontdoor:contact-detail", args=[site["contact"].pk])

    assert _statuses(client, site, url) == {
        "mash": 200,
        "manager": 200,
        "social_worker": 404,
        "head_of_service": 200,
        "performance": 200,
        "police": 404,
        "health": 404,
        "admin": 404,
    }


def test_a_partner_agency_opens_its_own_contact_and_no_other_agency_does(client, site):
    url = reverse("frontdoor:contact-detail", args=[site["police_contact"].pk])

    statuses = _statuses(client, site, url)

    assert (statuses["police"], statuses["health"], statuses["mash"]) == (200, 404, 200)


def test_a_check_opens_for_its_agency_and_the_mash_only(client, site):
    url = reverse("frontdoor:check-detail", args=[site["check"].pk])

    statuses = _statuses(client, site, url)

    assert [role for role, status in statuses.items() if status == 200] == [
        "mash",
        "manager",
        "head_of_service",
        "performance",
        "police",
    ]


def test_partner_pages_open_for_partner_agency_users_only(client, site):
    for name in ("frontdoor:partner-home", "frontdoor:partner-contact-create"):
        statuses = _statuses(client, site, reverse(name))

        assert [role for role, status in statuses.items() if status == 200] == [
            "police",
            "health",
        ]


def test_the_partner_page_lists_only_its_own_agencys_work(client, site):
    client.force_login(site["users"]["health"])

    html = client.get(reverse("frontdoor:partner-home")).content.decode()

    assert site["police_contact"].reference not in html
    assert "No checks are waiting for your agency." not in html  # health has one waiting


def test_a_partner_agency_user_is_refused_the_childs_record(client, site):
    client.force_login(site["users"]["police"])

    response = client.get(reverse("record:child", args=[site["child"].pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "name", ["frontdoor:contact-rate", "frontdoor:check-request", "frontdoor:decision-propose"]
)
def test_mash_work_on_a_contact_is_refused_to_partners_and_other_teams(client, site, name):
    url = reverse(name, args=[site["contact"].pk])

    statuses = _statuses(client, site, url)

    assert (statuses["police"], statuses["social_worker"], statuses["performance"]) == (
        403,
        403,
        403,
    )


def test_a_manager_reviews_a_decision_a_practitioner_cannot(client, site):
    url = reverse("frontdoor:decision-review", args=[site["decision"].pk])

    statuses = _statuses(client, site, url)

    assert (statuses["manager"], statuses["head_of_service"], statuses["mash"]) == (200, 200, 403)


def _contact_form(**changes):
    now = timezone.localtime() - timedelta(hours=1)
    data = {
        "submission_key": str(uuid.uuid4()),
        "received_on_day": str(now.day),
        "received_on_month": str(now.month),
        "received_on_year": str(now.year),
        "received_time": now.strftime("%H:%M"),
        "method": "phone",
        "referral_source": "2A",
        "concerns": ["neglect"],
        "concern_details": "Often hungry at school",
        "disclosure": "none",
        "consent": "given",
        "consent_asked": "parent",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"received_on_day": None, "received_on_month": None, "received_on_year": None},
         "received_on", "Enter the date the contact was received"),
        ({"received_time": "25:00"}, "received_time", "Enter a real time, like 14:30"),
        ({"received_on_year": "2099"},
         "received_on", "Date received must be today or in the past"),
        ({"consent": "not_sought"},
         "consent_not_sought_reason", "Enter why consent was not sought"),
        ({"consent": "refused", "consent_asked": None},
         "consent_asked", "Choose who was asked for consent"),
        ({"disclosure": "physical"}, "disclosure_details", "Enter what the child said"),
        ({"concerns": None}, "concerns", "Select at least one presenting concern"),
    ],
)  # fmt: skip
def test_a_bad_contact_form_shows_the_error_by_its_field_and_saves_nothing(
    client, site, changes, field, message
):
    client.force_login(site["users"]["mash"])
    before = Contact.objects.count()

    response = client.post(
        reverse("frontdoor:contact-create", args=[site["child"].pk]), _contact_form(**changes)
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="#id_{field}' in html  # the error summary links to the field
    assert f'id="id_{field}-error"' in html
    assert message in html
    assert Contact.objects.count() == before


def test_the_same_contact_form_sent_twice_makes_one_contact(client, site):
    client.force_login(site["users"]["mash"])
    url = reverse("frontdoor:contact-create", args=[site["child"].pk])
    form = _contact_form()
    before = Contact.objects.count()

    first = client.post(url, form)
    second = client.post(url, form)

    assert Contact.objects.count() == before + 1
    assert (first.status_code, second.status_code) == (302, 302)
    assert second["Location"] == first["Location"]


def _key():
    return str(uuid.uuid4())


def test_a_rating_without_a_reason_is_refused_next_to_the_field(client, site):
    client.force_login(site["users"]["mash"])
    url = reverse("frontdoor:contact-rate", args=[site["contact"].pk])

    response = client.post(url, {"submission_key": _key(), "rating": "red", "reason": ""})

    assert 'id="id_reason-error"' in response.content.decode()
    assert ContactRating.objects.filter(contact=site["contact"]).count() == 1


def test_a_check_request_without_an_agency_is_refused_next_to_the_field(client, site):
    client.force_login(site["users"]["mash"])
    contact = frontdoor.record_contact(
        details=contact_details(children=[site["child"]]), by=site["users"]["mash"]
    )
    url = reverse("frontdoor:check-request", args=[contact.pk])

    response = client.post(url, {"submission_key": _key(), "question": "Known?"})

    assert 'id="id_agencies-error"' in response.content.decode()
    assert not AgencyCheck.objects.filter(contact=contact).exists()


def test_asking_an_agency_already_asked_shows_the_error_by_the_agencies(client, site):
    client.force_login(site["users"]["mash"])
    contact = frontdoor.record_contact(
        details=contact_details(children=[site["child"]]), by=site["users"]["mash"]
    )
    frontdoor.request_check(
        contact=contact, agency=site["police"], question="Known?", by=site["users"]["mash"]
    )
    url = reverse("frontdoor:check-request", args=[contact.pk])

    response = client.post(
        url, {"submission_key": _key(), "agencies": [site["police"].pk], "question": "Again?"}
    )

    html = response.content.decode()
    assert 'id="id_agencies-error"' in html
    assert "already waiting for an answer" in html
    assert AgencyCheck.objects.filter(contact=contact).count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rationale": ""}, "rationale"),
        ({"outcome": "section_17", "primary_need": ""}, "primary_need"),
        ({"outcome": "early_help", "early_help_team": ""}, "early_help_team"),
    ],
)
def test_a_bad_decision_is_refused_next_to_its_field(client, site, changes, field):
    client.force_login(site["users"]["mash"])
    contact = frontdoor.record_contact(
        details=contact_details(children=[PersonFactory()]), by=site["users"]["mash"]
    )
    form = {
        "submission_key": _key(),
        "outcome": "section_17",
        "threshold_level": "3",
        "rationale": "Needs an assessment",
        "primary_need": "N1",
        **changes,
    }

    response = client.post(reverse("frontdoor:decision-propose", args=[contact.pk]), form)

    assert f'id="id_{field}-error"' in response.content.decode()
    assert not ContactDecision.objects.filter(contact=contact).exists()


def test_returning_a_decision_needs_a_comment(client, site):
    client.force_login(site["users"]["manager"])
    url = reverse("frontdoor:decision-review", args=[site["decision"].pk])

    response = client.post(url, {"submission_key": _key(), "decision": "return", "comment": ""})

    assert 'id="id_comment-error"' in response.content.decode()
    site["decision"].refresh_from_db()
    assert site["decision"].status == ContactDecision.Status.PROPOSED


def test_a_disclosure_of_physical_abuse_needs_the_managers_reason_to_authorise(client, site):
    mash = site["users"]["mash"]
    contact = frontdoor.record_contact(
        details=contact_details(
            children=[PersonFactory()], disclosure="physical", disclosure_details="He hit me"
        ),
        by=mash,
    )
    rated(contact, mash)
    decision = frontdoor.propose_decision(contact=contact, details=decision_details(), by=mash)
    client.force_login(site["users"]["manager"])
    url = reverse("frontdoor:decision-review", args=[decision.pk])

    response = client.post(url, {"submission_key": _key(), "decision": "authorise"})

    assert 'id="id_no_strategy_discussion_reason-error"' in response.content.decode()
    assert not Referral.objects.filter(contact=contact).exists()


def test_a_second_manager_authorising_late_is_told_and_no_second_referral_is_made(client, site):
    first = site["users"]["manager"]
    second = MashManagerFactory(team=first.teams.get())
    client.force_login(second)
    url = reverse("frontdoor:decision-review", args=[site["decision"].pk])
    form = client.get(url).context["form"]
    frontdoor.authorise_decision(decision=site["decision"], by=first, open_checks="withdraw")

    response = client.post(
        url,
        {"submission_key": str(form["submission_key"].value()), "decision": "authorise"},
    )

    assert response.status_code == 200
    assert "has already been authorised by" in response.content.decode()
    assert Referral.objects.filter(contact=site["contact"]).count() == 1


def test_a_contact_joining_the_episode_another_decision_opened_is_said_on_authorising(client, site):
    """Two contacts about one child, decided by two managers moments apart: the second contact
    joins the episode the first opened, and its manager is told so."""
    mash, manager = site["users"]["mash"], site["users"]["manager"]
    child = site["contact"].children.get().child
    other = rated(
        frontdoor.record_contact(details=contact_details(children=[child]), by=mash), mash
    )
    other_decision = frontdoor.propose_decision(contact=other, details=decision_details(), by=mash)
    client.force_login(manager)
    url = reverse("frontdoor:decision-review", args=[site["decision"].pk])
    form = client.get(url).context["form"]
    frontdoor.authorise_decision(decision=other_decision, by=MashManagerFactory())

    response = client.post(
        url,
        {
            "submission_key": str(form["submission_key"].value()),
            "decision": "authorise",
            "open_checks": "keep_open",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert (
        f"Amara Okafor&#x27;s episode was already open (referral of 1 June 2026 from contact "
        f"{other.reference}): this contact joined it"
    ) in response.content.decode()
    assert Referral.objects.filter(child=child).count() == 1


def test_chasing_twice_in_a_row_counts_once_and_says_so(client, site):
    check = site["check"]
    client.force_login(site["users"]["mash"])
    url = reverse("frontdoor:check-chase", args=[check.pk])

    first = client.post(url, follow=True).content.decode()
    again = client.post(url, follow=True).content.decode()

    assert "Chase of North Police recorded" in first
    assert "a chase repeated within 10 minutes counts once" in again
    check.refresh_from_db()
    assert check.chase_count == 1


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _more_front_door_work(site, contacts: int) -> None:
    """Add `contacts` rated contacts, each with two children, a waiting check and a proposal."""
    mash, police = site["users"]["mash"], site["police"]
    for n in range(contacts):
        contact = frontdoor.record_contact(
            details=contact_details(children=[PersonFactory(), PersonFactory()]), by=mash
        )
        frontdoor.rate_contact(contact=contact, rating="red", reason=f"Reason {n}", by=mash)
        frontdoor.request_check(contact=contact, agency=police, question="Known?", by=mash)
        frontdoor.choose_for_meeting(
            contact=contact, meeting_on=timezone.localdate(), by=site["users"]["manager"]
        )
        frontdoor.propose_decision(contact=contact, details=decision_details(), by=mash)
        frontdoor.record_contact(
            details=contact_details(named_children=[NamedChild(name=f"Child {n}")]),
            by=site["users"]["police"],
        )
    # Make every deadline overdue, so the overdue lists and tags have rows too.
    overdue = timezone.localdate() - timedelta(days=2)
    DueItem.objects.update(starts_on=overdue - timedelta(days=1), due_on=overdue)
    AgencyCheck.objects.update(due_on=overdue, due_at=None)
    Contact.objects.update(decision_due_on=overdue)


@pytest.mark.parametrize(
    ("role", "name"),
    [
        ("mash", "frontdoor:queue"),
        ("mash", "frontdoor:my-work"),
        ("mash", "frontdoor:overdue-checks"),
        ("mash", "frontdoor:meeting"),
        ("mash", "frontdoor:early-help"),
        ("manager", "frontdoor:awaiting-authorisation"),
        ("police", "frontdoor:partner-home"),
    ],
)
def test_front_door_lists_run_the_same_queries_with_more_rows(client, site, role, name):
    client.force_login(site["users"][role])
    _more_front_door_work(site, 1)
    few = _queries(client, reverse(name))

    _more_front_door_work(site, 8)
    many = _queries(client, reverse(name))

    assert many == few


def test_a_contact_page_runs_the_same_queries_however_much_it_holds(client, site):
    client.force_login(site["users"]["mash"])
    few = _queries(client, reverse("frontdoor:contact-detail", args=[site["contact"].pk]))
    _more_front_door_work(site, 3)
    busy = Contact.objects.filter(children__isnull=False, status="awaiting_authorisation").last()

    many = _queries(client, reverse("frontdoor:contact-detail", args=[busy.pk]))

    assert many == few


def test_a_contact_about_one_child_runs_the_same_queries_as_one_about_two(
    flushable_db, client, site
):
    # Outside a test transaction, as in production: a bulk insert opens its own.
    mash = site["users"]["mash"]
    client.force_login(mash)
    one = frontdoor.record_contact(details=contact_details(children=[PersonFactory()]), by=mash)
    two = frontdoor.record_contact(
        details=contact_details(children=[PersonFactory(), PersonFactory()]), by=mash
    )
    _queries(client, reverse("frontdoor:contact-detail", args=[two.pk]))  # warm the caches

    counts = [
        _queries(client, reverse("frontdoor:contact-detail", args=[contact.pk]))
        for contact in (one, two)
    ]

    assert counts[0] == counts[1]


def test_the_childs_record_runs_the_same_queries_with_more_contacts(client, site):
    client.force_login(site["users"]["mash"])
    child = site["child"]
    url = reverse("record:child", args=[child.pk])
    _queries(client, url)  # warm the caches (content types)
    few = _queries(client, url)
    for n in range(6):
        frontdoor.record_contact(
            details=contact_details(children=[child], concern_details=f"Concern {n}"),
            by=site["users"]["mash"],
        )

    many = _queries(client, url)

    assert many == few


def test_the_mash_matches_a_child_a_partner_named_by_searching_their_name(client, site):
    named = site["police_contact"].children.get()
    ben = create_person(
        details=PersonDetails(
            kind="child", first_name="Ben", last_name="Other", date_of_birth=date(2016, 5, 4)
        ),
        by=site["users"]["mash"],
    )
    client.force_login(site["users"]["mash"])
    url = reverse("frontdoor:contact-children", args=[site["police_contact"].pk])

    found = client.get(url, {"match": named.pk})
    searched_again = client.get(url, {"match": named.pk, "name": "Other"})
    response = client.post(url, {"match": named.pk, "child": ben.pk})

    assert [person.pk for person in found.context["page_obj"]] == [ben.pk]
    assert f'name="match" value="{named.pk}"' in searched_again.content.decode()
    assert response.status_code == 302
    named.refresh_from_db()
    assert named.child == ben


def test_amending_an_authorised_decision_asks_why_and_keeps_the_authorised_one(client, site):
    frontdoor.authorise_decision(
        decision=site["decision"], by=site["users"]["manager"], open_checks="withdraw"
    )
    client.force_login(site["users"]["mash"])
    url = reverse("frontdoor:decision-propose", args=[site["contact"].pk])
    form = {
        "submission_key": _key(),
        "outcome": "section_47",
        "threshold_level": "4",
        "rationale": "The police check shows violence at home",
        "primary_need": "N1",
        "checks_reason": "The checks were withdrawn at the decision; the police told us by phone",
    }

    refused = client.post(url, form)
    amended = client.post(url, {**form, "submission_key": _key(), "amendment_reason": "New facts"})

    assert 'id="id_amendment_reason-error"' in refused.content.decode()
    assert amended.status_code == 302
    versions = list(site["contact"].decisions.order_by("version").values_list("status", "outcome"))
    assert versions == [("authorised", "section_17"), ("proposed", "section_47")]

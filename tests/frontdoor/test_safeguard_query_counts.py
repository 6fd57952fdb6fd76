"""The front door's consent and safeguards pages (issue 13) run the same number of SQL queries
whatever the data size: the safeguards report with 2 overridden, early-help contacts or 12, and a
contact's consent pages and override review with 2 people asked and overrides turned down or 12."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.frontdoor.models import ConsentOverride, Contact
from opencsc.frontdoor.services import (
    authorise_decision,
    authorise_override,
    propose_decision,
    propose_override,
    record_consent,
    record_contact,
    return_override,
)
from tests.factories import ContactChildFactory, ContactFactory, PersonFactory
from tests.frontdoor.helpers import contact_details, decision_details, rated


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _refused(practitioner) -> Contact:
    return record_contact(
        details=contact_details(children=[PersonFactory()], consent="refused"), by=practitioner
    )


def _overridden_and_decided(practitioner, manager, early_help) -> None:
    """A contact whose refusal a manager overrode, decided early help without checks."""
    contact = _refused(practitioner)
    override = propose_override(
        contact=contact, reason="other", rationale="Risk of harm", by=practitioner
    )
    authorise_override(override=override, by=manager)
    rated(contact, practitioner)
    decision = propose_decision(
        contact=contact,
        details=decision_details("early_help", threshold_level="2", early_help_team=early_help),
        by=practitioner,
    )
    authorise_decision(decision=decision, by=manager)


def test_the_safeguards_report_runs_the_same_queries_at_any_size(
    client, clock, practitioner, manager, early_help
):
    client.force_login(manager)
    url = reverse("frontdoor:safeguards")
    for _ in range(2):
        _overridden_and_decided(practitioner, manager, early_help)
    small = _queries(client, url)
    for _ in range(10):
        _overridden_and_decided(practitioner, manager, early_help)

    large = _queries(client, url)

    assert small == large


def _asked_and_turned_down(size: int, practitioner, manager) -> ConsentOverride:
    """A refused contact: `size` people asked, `size` overrides turned down, one waiting."""
    contact = _refused(practitioner)
    for n in range(size):
        record_consent(
            contact=contact, asked="carer", name=f"Carer {n}", answer="refused", by=practitioner
        )
        returned = propose_override(
            contact=contact, reason="other", rationale=f"Risk {n}", by=practitioner
        )
        return_override(override=returned, comment=f"Not yet {n}", by=manager)
    return propose_override(
        contact=contact, reason="other", rationale="Risk of harm", by=practitioner
    )


def test_a_contacts_consent_pages_run_the_same_queries_at_any_size(
    client, clock, practitioner, manager
):
    small, large = (_asked_and_turned_down(size, practitioner, manager) for size in (2, 12))

    def counts(override: ConsentOverride, user) -> dict[str, int]:
        client.force_login(user)
        pk = override.contact_id
        pages = {"review": reverse("frontdoor:override-review", args=[override.pk])}
        if user == practitioner:
            pages = {
                "contact": reverse("frontdoor:contact-detail", args=[pk]),
                "consent": reverse("frontdoor:consent-record", args=[pk]),
            }
        return {name: _queries(client, url) for name, url in pages.items()}

    assert counts(small, practitioner) == counts(large, practitioner)
    assert counts(small, manager) == counts(large, manager)


def test_the_override_request_page_runs_the_same_queries_at_any_size(
    client, clock, practitioner, manager
):
    def refused_with(size: int) -> Contact:
        contact = _refused(practitioner)
        for n in range(size):
            record_consent(
                contact=contact, asked="parent", name=f"P{n}", answer="refused", by=practitioner
            )
            override = propose_override(
                contact=contact, reason="other", rationale=f"Risk {n}", by=practitioner
            )
            return_override(override=override, comment=f"Not yet {n}", by=manager)
        return contact

    small, large = refused_with(2), refused_with(12)
    client.force_login(practitioner)

    counts = [
        _queries(client, reverse("frontdoor:override-request", args=[contact.pk]))
        for contact in (small, large)
    ]

    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "page", ["frontdoor:contact-detail", "frontdoor:contact-rate", "frontdoor:consent-record"]
)
def test_a_contact_about_a_child_not_yet_matched_runs_the_queries_of_one_matched(
    client, practitioner, page
):
    """The record's banner reads the same whether the contact names a child the MASH has matched
    to a record or one a partner agency named only (issue 15: a page's query count must not
    depend on its record)."""
    matched = ContactFactory(team=practitioner.teams.get(), practitioner=practitioner)
    ContactChildFactory(contact=matched, child=PersonFactory(first_name="Amara"))
    named_only = ContactFactory(
        team=practitioner.teams.get(), practitioner=practitioner, from_partner=True
    )
    ContactChildFactory(contact=named_only, named=True)
    client.force_login(practitioner)
    urls = [reverse(page, args=[contact.pk]) for contact in (matched, named_only)]
    for url in urls:
        client.get(url)  # warm the caches

    counts = [_queries(client, url) for url in urls]

    assert counts[0] == counts[1]

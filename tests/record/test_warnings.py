"""Warnings on a person: set, reviewed and ended through one service each, audited, with their
history kept and the setter's review due item following the review date."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessLog
from opencsc.casework import services as casework
from opencsc.people.models import PersonWarning, WarningReview
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from tests.factories import (
    AllocationFactory,
    HouseholdFactory,
    PersonFactory,
    RelationshipFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.usefixtures("clock")  # Monday 1 June 2026


@pytest.fixture
def family(worker):
    """A child the worker's team holds, and her mother living with her."""
    household = HouseholdFactory()
    child = PersonFactory(first_name="Amara", last_name="Okafor", household=household)
    AllocationFactory(child=child, team=worker.teams.get(), worker=worker)
    mother = PersonFactory(adult=True, first_name="Grace", household=household)
    RelationshipFactory(from_person=mother, to_person=child)
    return child, mother


def _set(person, by, **changes):
    values = {
        "kind": PersonWarning.Kind.RISK_TO_STAFF,
        "details": "Threatened a visiting worker with a knife; visit in pairs.",
        "review_on": date(2026, 9, 1),
    }
    values.update(changes)
    return casework.set_warning(person=person, by=by, **values)


def test_setting_a_warning_opens_the_setters_review_item_on_the_review_date(worker, family):
    child, _ = family

    warning = _set(child, worker)

    item = DueItem.objects.get(rule=rules.WARNING_REVIEW.code, record_id=warning.pk)
    assert (item.owner, item.child, item.due_on, item.closed_at) == (
        worker,
        child,
        date(2026, 9, 1),
        None,
    )
    assert item.agreed_by == worker
    assert (warning.set_by, warning.set_on) == (worker, date(2026, 6, 1))


def test_setting_a_warning_is_logged_without_naming_anyone(worker, family):
    _child, mother = family

    warning = _set(mother, worker)

    row = AccessLog.objects.get(action=Action.SET_WARNING.value)
    assert (row.user, row.child_id, row.kind) == (worker, mother.pk, AccessLog.Kind.CHANGE)
    assert row.summary == "Risk to staff"
    assert row.record_id == warning.pk


def test_a_warning_on_an_adult_is_reviewed_on_the_case_of_the_child_the_setter_works(
    worker, family
):
    child, mother = family

    warning = _set(mother, worker)

    assert DueItem.objects.get(record_id=warning.pk, rule="warning_review").child == child


def test_a_warning_to_review_shows_on_the_workers_caseload(client, worker, family, clock):
    _, mother = family
    _set(mother, worker)
    clock.now = clock.now.replace(month=9, day=2)
    client.force_login(worker)

    page = client.get(reverse("workforce:my-caseload")).content.decode()

    assert "A warning to review" in page
    assert "1 Sep 2026" in page


def test_the_review_date_must_be_in_the_future(worker, family):
    child, _ = family

    with pytest.raises(ValidationError, match="must be in the future"):
        _set(child, worker, review_on=date(2026, 6, 1))

    assert not PersonWarning.objects.exists()


def test_reviewing_keeps_the_warning_with_a_new_date_and_the_old_one_in_its_history(
    worker, family, clock
):
    child, _ = family
    warning = _set(child, worker)
    clock.now = clock.now.replace(month=9, day=2)

    casework.review_warning(
        warning=warning, next_review_on=date(2026, 12, 1), note="Still a risk.", by=worker
    )

    warning.refresh_from_db()
    review = WarningReview.objects.get(warning=warning)
    assert warning.review_on == date(2026, 12, 1)
    assert (review.previous_review_on, review.next_review_on, review.note) == (
        date(2026, 9, 1),
        date(2026, 12, 1),
        "Still a risk.",
    )
    items = DueItem.objects.filter(record_id=warning.pk, rule="warning_review").order_by("pk")
    assert [(item.due_on, item.closed_at is None) for item in items] == [
        (date(2026, 9, 1), False),
        (date(2026, 12, 1), True),
    ]
    assert AccessLog.objects.filter(action=Action.REVIEW_WARNING.value).count() == 1


def test_ending_a_warning_keeps_it_with_the_reason_and_closes_its_review(worker, family):
    child, _ = family
    warning = _set(child, worker)

    casework.end_warning(warning=warning, reason="The man moved out in May.", by=worker)

    warning.refresh_from_db()
    assert (warning.ended_on, warning.ended_by, warning.end_reason) == (
        date(2026, 6, 1),
        worker,
        "The man moved out in May.",
    )
    assert DueItem.objects.get(record_id=warning.pk, rule="warning_review").closed_at is not None
    assert AccessLog.objects.filter(action=Action.END_WARNING.value).count() == 1


def test_an_ended_warning_cannot_be_ended_or_reviewed_again(worker, family):
    child, _ = family
    warning = _set(child, worker)
    casework.end_warning(warning=warning, reason="Moved away.", by=worker)

    with pytest.raises(ValidationError, match="already been ended"):
        casework.end_warning(warning=warning, reason="Again.", by=worker)
    with pytest.raises(ValidationError, match="already been ended"):
        casework.review_warning(
            warning=warning, next_review_on=date(2026, 12, 1), note="Keep.", by=worker
        )


def test_the_database_keeps_the_end_fields_together(worker, family):
    child, _ = family
    warning = _set(child, worker)

    with pytest.raises(IntegrityError), transaction.atomic():
        PersonWarning.objects.filter(pk=warning.pk).update(ended_on=date(2026, 6, 2))


def test_the_database_keeps_the_review_after_the_day_it_was_set(worker, family):
    child, _ = family
    warning = _set(child, worker)

    with pytest.raises(IntegrityError), transaction.atomic():
        PersonWarning.objects.filter(pk=warning.pk).update(review_on=date(2026, 6, 1))


def test_a_worker_of_the_household_childs_team_may_set_a_warning_on_the_mother(worker, family):
    _, mother = family

    assert casework.may_act(worker, Action.SET_WARNING, mother)


def test_a_worker_of_another_team_may_not_set_a_warning(family):
    child, mother = family
    stranger = UserFactory(role=Role.SOCIAL_WORKER, team=TeamFactory())

    for person in (child, mother):
        with pytest.raises(PermissionDenied):
            _set(person, stranger)


def test_the_teams_manager_may_end_a_workers_warning(worker, family):
    child, _ = family
    manager = UserFactory(role=Role.TEAM_MANAGER, team=worker.teams.get())
    warning = _set(child, worker)

    casework.end_warning(warning=warning, reason="Risk assessed as gone.", by=manager)

    assert PersonWarning.objects.get(pk=warning.pk).ended_by == manager


def test_the_mash_may_set_a_warning_on_a_child_no_team_holds(make_user):
    from tests.factories import MashTeamFactory

    mash = make_user(Role.MASH_PRACTITIONER, team=MashTeamFactory())
    child = PersonFactory()

    warning = _set(child, mash)

    assert warning.set_by == mash


def test_a_partner_agency_may_never_set_a_warning(family):
    child, _ = family
    from tests.factories import PartnerAgencyUserFactory

    with pytest.raises(PermissionDenied):
        _set(child, PartnerAgencyUserFactory())

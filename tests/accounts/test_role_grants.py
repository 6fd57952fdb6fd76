"""A role that reads every child's record is asked for by one administrator and approved by
another (never the one who asked, the account itself, or one person's second account); until then
the account keeps its role, and the heads of service hear of both steps."""

import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts import services
from opencsc.accounts.models import Role, RoleGrant, User
from opencsc.accounts.services import StaffDetails
from opencsc.audit.models import AccessLog
from opencsc.permissions import READ_EVERY_CHILD_ROLES
from tests.core.html import error_summary
from tests.factories import UserFactory


@pytest.fixture
def second_admin(make_user):
    return make_user(Role.ADMINISTRATOR, email="second.admin@example.org")


@pytest.fixture
def head_of_service(make_user):
    return make_user(Role.HEAD_OF_SERVICE, email="head@example.org")


def _details(member: User, role: str) -> StaffDetails:
    return StaffDetails(
        first_name=member.first_name,
        last_name=member.last_name,
        email=member.email,
        role=role,
        teams=tuple(member.teams.all()),
    )


def _ask(member: User, role: str, *, by: User) -> User:
    return services.update_staff(user=member, details=_details(member, role), by=by)


def _review(client: Client, grant: RoleGrant, decision: str, comment: str = ""):
    return client.post(
        reverse("accounts:role-grant", args=[grant.pk]),
        {"submission_key": str(uuid.uuid4()), "decision": decision, "comment": comment},
    )


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", sorted(READ_EVERY_CHILD_ROLES))
def test_changing_an_account_to_a_role_that_reads_every_child_waits_for_approval(
    administrator, social_worker, role
):
    _ask(social_worker, role, by=administrator)

    social_worker.refresh_from_db()
    grant = RoleGrant.objects.get()
    assert social_worker.role == Role.SOCIAL_WORKER
    assert (grant.account, grant.role, grant.previous_role, grant.status) == (
        social_worker,
        role,
        Role.SOCIAL_WORKER,
        RoleGrant.Status.PROPOSED,
    )
    row = AccessLog.objects.get(action="accounts.propose_role")
    assert (row.user, row.record_id) == (administrator, grant.pk)


def test_a_new_account_with_such_a_role_stays_deactivated_until_approved(
    admin_client, administrator, second_admin, new_staff
):
    response = admin_client.post(
        reverse("accounts:staff-create"), new_staff(role=Role.QUALITY_ASSURANCE)
    )

    account = User.objects.get(username="nia.worker")
    assert response.status_code == 302
    assert (account.role, account.is_active) == (Role.QUALITY_ASSURANCE, False)
    grant = RoleGrant.objects.get(account=account)
    assert grant.for_new_account

    _review(_signed_in(second_admin), grant, "authorise")

    account.refresh_from_db()
    assert account.is_active is True


def test_a_second_administrator_approves_and_the_account_takes_the_role(
    administrator, second_admin, social_worker
):
    _ask(social_worker, Role.HEAD_OF_SERVICE, by=administrator)
    grant = RoleGrant.objects.get()

    response = _review(_signed_in(second_admin), grant, "authorise")

    social_worker.refresh_from_db()
    grant.refresh_from_db()
    assert response.status_code == 302
    assert social_worker.role == Role.HEAD_OF_SERVICE
    assert (grant.status, grant.reviewed_by) == (RoleGrant.Status.AUTHORISED, second_admin)
    logged = AccessLog.objects.filter(
        record_type=ContentType.objects.get_for_model(RoleGrant), record_id=grant.pk
    ).order_by("id")
    assert [(row.action, row.user) for row in logged] == [
        ("accounts.propose_role", administrator),
        ("accounts.authorise_role", second_admin),
    ]


def test_the_administrator_who_asked_cannot_approve(admin_client, administrator, social_worker):
    _ask(social_worker, Role.HEAD_OF_SERVICE, by=administrator)
    grant = RoleGrant.objects.get()

    response = _review(admin_client, grant, "authorise")

    social_worker.refresh_from_db()
    assert response.status_code == 200
    assert error_summary(response.content) == [
        ("", "You asked for this role change: another administrator must approve it.")
    ]
    assert social_worker.role == Role.SOCIAL_WORKER
    assert RoleGrant.objects.get().status == RoleGrant.Status.PROPOSED


def test_an_administrators_own_second_account_cannot_approve(make_user, social_worker):
    asking = make_user(Role.ADMINISTRATOR, email="pat.admin@example.org")
    same_person = make_user(Role.ADMINISTRATOR, email="Pat.Admin@example.org")
    _ask(social_worker, Role.HEAD_OF_SERVICE, by=asking)
    grant = RoleGrant.objects.get()

    with pytest.raises(PermissionDenied, match="same as this account's or the administrator's"):
        services.authorise_role_grant(grant=grant, by=same_person)

    social_worker.refresh_from_db()
    assert social_worker.role == Role.SOCIAL_WORKER


def test_an_administrator_cannot_approve_a_role_for_their_own_account(make_user):
    asking = make_user(Role.ADMINISTRATOR, email="one@example.org")
    # Another administrator's account asked to become a head of service: it cannot approve itself.
    other = make_user(Role.ADMINISTRATOR, email="two@example.org")
    grant = RoleGrant.objects.create(
        account=other,
        role=Role.HEAD_OF_SERVICE,
        previous_role=Role.ADMINISTRATOR,
        proposed_by=asking,
        proposed_at=timezone.now(),
    )

    with pytest.raises(PermissionDenied, match="your own account"):
        services.authorise_role_grant(grant=grant, by=other)


def test_an_administrator_granting_their_own_second_account_needs_another(make_user):
    pat = make_user(Role.ADMINISTRATOR, email="pat@example.org")
    pats_second = make_user(Role.SOCIAL_WORKER, email="pat@example.org", team=None)
    other = make_user(Role.ADMINISTRATOR, email="sam@example.org")
    _ask(pats_second, Role.PERFORMANCE_ANALYST, by=pat)
    grant = RoleGrant.objects.get()

    with pytest.raises(PermissionDenied):
        services.authorise_role_grant(grant=grant, by=pat)
    services.authorise_role_grant(grant=grant, by=other)

    pats_second.refresh_from_db()
    assert pats_second.role == Role.PERFORMANCE_ANALYST


def test_the_database_refuses_an_approval_by_the_one_who_asked(administrator, social_worker):
    grant = RoleGrant.objects.create(
        account=social_worker,
        role=Role.HEAD_OF_SERVICE,
        previous_role=Role.SOCIAL_WORKER,
        proposed_by=administrator,
        proposed_at=timezone.now(),
    )
    grant.status = RoleGrant.Status.AUTHORISED
    grant.reviewed_by = administrator
    grant.reviewed_at = timezone.now()

    with pytest.raises(IntegrityError), transaction.atomic():
        grant.save()


def test_a_turned_down_role_leaves_the_account_as_it_was(
    administrator, second_admin, social_worker
):
    _ask(social_worker, Role.HEAD_OF_SERVICE, by=administrator)
    grant = RoleGrant.objects.get()

    _review(_signed_in(second_admin), grant, "return", "Not agreed by the director")

    social_worker.refresh_from_db()
    grant.refresh_from_db()
    assert social_worker.role == Role.SOCIAL_WORKER
    assert (grant.status, grant.manager_comment) == (
        RoleGrant.Status.RETURNED,
        "Not agreed by the director",
    )
    assert AccessLog.objects.filter(action="accounts.return_role", user=second_admin).exists()


def test_a_turned_down_new_account_cannot_be_reactivated_around_it(
    administrator, second_admin, new_staff, admin_client
):
    admin_client.post(reverse("accounts:staff-create"), new_staff(role=Role.HEAD_OF_SERVICE))
    account = User.objects.get(username="nia.worker")
    services.return_role_grant(grant=RoleGrant.objects.get(), comment="No", by=second_admin)

    with pytest.raises(ValidationError, match="has not been approved"):
        services.set_staff_active(user=account, is_active=True, by=second_admin)

    account.refresh_from_db()
    assert account.is_active is False


def test_while_waiting_no_other_administrator_can_activate_the_new_account(
    administrator, second_admin, new_staff, admin_client
):
    admin_client.post(reverse("accounts:staff-create"), new_staff(role=Role.HEAD_OF_SERVICE))
    account = User.objects.get(username="nia.worker")

    with pytest.raises(ValidationError):
        services.set_staff_active(user=account, is_active=True, by=second_admin)


def test_the_heads_of_service_are_told_when_it_is_asked_for_and_approved(
    administrator, second_admin, social_worker, head_of_service, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _ask(social_worker, Role.QUALITY_ASSURANCE, by=administrator)
    with django_capture_on_commit_callbacks(execute=True):
        services.authorise_role_grant(grant=RoleGrant.objects.get(), by=second_admin)

    assert [message.to for message in mail.outbox] == [["head@example.org"]] * 2
    assert "asked for" in mail.outbox[0].subject
    assert social_worker.username in mail.outbox[0].body
    assert "approved" in mail.outbox[1].subject


def test_a_second_approval_is_refused_with_who_answered_first(
    administrator, second_admin, make_user, social_worker
):
    third = make_user(Role.ADMINISTRATOR, email="third@example.org")
    _ask(social_worker, Role.HEAD_OF_SERVICE, by=administrator)
    grant = RoleGrant.objects.get()
    services.authorise_role_grant(grant=grant, by=second_admin)

    with pytest.raises(ValidationError, match="already been approved"):
        services.return_role_grant(grant=grant, comment="too late", by=third)


def test_one_role_change_waits_per_account(administrator, social_worker):
    _ask(social_worker, Role.HEAD_OF_SERVICE, by=administrator)
    # Saving the form again with the same role asks nothing new.
    _ask(social_worker, Role.HEAD_OF_SERVICE, by=administrator)
    # Choosing another role that reads every child withdraws the first request.
    _ask(social_worker, Role.PERFORMANCE_ANALYST, by=administrator)

    grants = list(RoleGrant.objects.order_by("id").values_list("role", "status"))
    assert grants == [
        (Role.HEAD_OF_SERVICE, RoleGrant.Status.RETURNED),
        (Role.PERFORMANCE_ANALYST, RoleGrant.Status.PROPOSED),
    ]


def test_a_role_that_does_not_read_every_child_needs_no_approval(administrator, social_worker):
    _ask(social_worker, Role.TEAM_MANAGER, by=administrator)

    social_worker.refresh_from_db()
    assert social_worker.role == Role.TEAM_MANAGER
    assert not RoleGrant.objects.exists()


def test_an_approval_is_refused_if_the_account_changed_since(
    administrator, second_admin, social_worker, assessment_team
):
    _ask(social_worker, Role.HEAD_OF_SERVICE, by=administrator)
    grant = RoleGrant.objects.get()
    User.objects.filter(pk=social_worker.pk).update(role=Role.TEAM_MANAGER)

    with pytest.raises(ValidationError, match="role has changed since"):
        services.authorise_role_grant(grant=grant, by=second_admin)


def test_the_pages_list_and_review_role_changes(
    administrator, second_admin, social_worker, admin_client
):
    _ask(social_worker, Role.HEAD_OF_SERVICE, by=administrator)
    grant = RoleGrant.objects.get()

    listing = admin_client.get(reverse("accounts:role-grants")).content.decode()
    staff = admin_client.get(reverse("accounts:staff-list")).content.decode()
    edit = admin_client.get(
        reverse("accounts:staff-edit", args=[social_worker.pk])
    ).content.decode()
    page = admin_client.get(reverse("accounts:role-grant", args=[grant.pk])).content.decode()

    assert social_worker.username in listing
    assert "1 waiting for approval" in staff
    assert 'govuk-tag--yellow">Waiting for approval' in staff
    assert "waits for another administrator" in edit
    assert "You asked for this role change" in page


@pytest.mark.parametrize("role", [Role.HEAD_OF_SERVICE, Role.SOCIAL_WORKER])
def test_only_administrators_reach_the_role_change_pages(client, make_user, role, administrator):
    client.force_login(make_user(role, team=None))

    assert client.get(reverse("accounts:role-grants")).status_code == 403


def test_a_double_submitted_approval_approves_once(administrator, second_admin, social_worker):
    _ask(social_worker, Role.HEAD_OF_SERVICE, by=administrator)
    grant = RoleGrant.objects.get()
    client = _signed_in(second_admin)
    form = {"submission_key": str(uuid.uuid4()), "decision": "authorise", "comment": ""}
    url = reverse("accounts:role-grant", args=[grant.pk])

    first, second = client.post(url, form), client.post(url, form)

    assert first.status_code == second.status_code == 302
    assert AccessLog.objects.filter(action="accounts.authorise_role").count() == 1


def test_a_user_factory_head_of_service_still_works_without_a_grant(make_user):
    # Accounts given a role before approvals existed keep it.
    legacy = UserFactory(role=Role.HEAD_OF_SERVICE, is_active=False)
    admin = make_user(Role.ADMINISTRATOR)

    services.set_staff_active(user=legacy, is_active=True, by=admin)

    legacy.refresh_from_db()
    assert legacy.is_active

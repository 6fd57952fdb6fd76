"""No back door (issue 11, part 2): no Django admin, and a council's first account is an
administrator made by `opencsc create_administrator`, never a superuser."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from opencsc.accounts.models import Role, User
from opencsc.audit.models import AccessLog
from opencsc.permissions import Action

STRONG = "a-long-council-passphrase-2026"


class Piped(io.StringIO):
    """Standard input from a pipe, not a terminal."""

    def isatty(self) -> bool:
        return False


@pytest.fixture
def create_administrator(monkeypatch):
    def run(password: str, *args: str) -> str:
        out = io.StringIO()
        monkeypatch.setattr("sys.stdin", Piped(password + "\n"))
        call_command("create_administrator", *args, "--password-stdin", stdout=out)
        return out.getvalue()

    return run


@pytest.mark.parametrize(
    "path", ["/django-admin/", "/django-admin/login/", "/django-admin/accounts/user/", "/admin/"]
)
def test_the_django_admin_is_not_there_even_for_an_administrator(
    client: Client, administrator: User, path: str
):
    assert client.get(path).status_code == 404
    client.force_login(administrator)
    assert client.get(path).status_code == 404


def test_the_django_admin_app_is_not_installed():
    assert "django.contrib.admin" not in settings.INSTALLED_APPS


@pytest.mark.django_db
def test_create_administrator_makes_an_administrator_and_not_a_superuser(
    client: Client, create_administrator
):
    said = create_administrator(
        STRONG,
        "--username", "J.Smith", "--email", "j.smith@example.gov.uk",
        "--first-name", "Jo", "--last-name", "Smith",
    )  # fmt: skip

    user = User.objects.get()
    assert (user.username, user.email, user.get_full_name()) == (
        "j.smith", "j.smith@example.gov.uk", "Jo Smith",
    )  # fmt: skip
    assert user.role == Role.ADMINISTRATOR
    assert user.is_superuser is False
    assert user.is_staff is False
    assert user.is_active
    assert user.check_password(STRONG)
    assert "Created administrator j.smith" in said
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.record_id) == (None, Action.CREATE_STAFF.value, user.pk)
    assert "from the command line" in log.summary
    # The account signs in and reaches the staff pages, and no child's record.
    client.post("/sign-in/", {"username": "J.Smith", "password": STRONG})
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/staff/").status_code == 200


@pytest.mark.django_db
def test_create_administrator_refuses_a_weak_password_and_creates_nothing(create_administrator):
    with pytest.raises(CommandError, match=r"No account was created\. password: "):
        create_administrator("password", "--username", "admin", "--email", "a@example.gov.uk")

    assert not User.objects.exists()
    assert not AccessLog.objects.exists()


@pytest.mark.django_db
def test_create_administrator_refuses_a_username_already_taken(
    administrator: User, create_administrator
):
    with pytest.raises(CommandError, match="That username is taken"):
        create_administrator(
            STRONG, "--username", administrator.username.upper(), "--email", "b@example.gov.uk"
        )

    assert User.objects.count() == 1


@pytest.mark.django_db
def test_create_administrator_without_a_terminal_asks_for_password_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", Piped(""))

    with pytest.raises(CommandError, match="use --password-stdin"):
        call_command("create_administrator", "--username", "x", "--email", "x@example.gov.uk")

    assert not User.objects.exists()


@pytest.mark.django_db
def test_createsuperuser_is_refused_and_points_at_create_administrator():
    with pytest.raises(CommandError, match="opencsc create_administrator"):
        call_command("createsuperuser", "--noinput", "--username", "root", "--email", "r@x.uk")

    assert not User.objects.exists()

"""Beyond one server (issue 15, part 5): two app processes behind one PostgreSQL serve the same
signed-in user, and what one saves the other shows at once.

Two real production servers (gunicorn, one worker each, on two loopback ports) stand in for two
app servers behind a load balancer; the test sends each request to one of them by hand, as a load
balancer without sticky sessions might. They run on this test's own PostgreSQL database, with the
data committed (no test transaction around it). Sign-in is the production one: the password on one
process, the authenticator's code on the other. Run once with the sessions in the database alone
and, when Redis answers at 127.0.0.1:6379, once with them read through Redis (OPENCSC_REDIS_URL).
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from binascii import unhexlify
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.conf import settings as django_settings
from django.db import connection
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencsc.accounts.models import Role, User
from opencsc.accounts.signin import services as signin
from opencsc.people.models import Person
from tests.factories import TeamFactory, UserFactory

PASSWORD = "correct-horse-battery-staple"
REDIS_URL = "redis://127.0.0.1:6379/0"
START_SECONDS = 60  # two gunicorns importing Django on a busy 2-core machine
REQUEST_SECONDS = 20

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two app processes share one database server only on PostgreSQL "
        "(the SQLite file is for one machine)",
    ),
]


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _database_url() -> str:
    """The URL of this test's own database (test_opencsc_..., as pytest-django made it)."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    where = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{quote(db['USER'], safe='')}{password}@{where}/{db['NAME']}"


@dataclass
class AppProcess:
    """One production server (gunicorn, one worker) of the app on a loopback port."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path


def _start(env: dict[str, str], log: Path) -> AppProcess:
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        "--workers=1",
        f"--timeout={REQUEST_SECONDS}",
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            command, cwd=django_settings.BASE_DIR, env=env, stdout=output, stderr=output
        )
    return AppProcess(url=f"http://127.0.0.1:{port}", process=process, log=log)


def _wait_until_serving(app: AppProcess, deadline: float) -> None:
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            pytest.fail(f"the app process stopped at start-up:\n{app.log.read_text()[-3000:]}")
        try:
            # The first request loads the views and templates: give it time.
            requests.get(f"{app.url}/sign-in/", timeout=max(deadline - time.monotonic(), 1))
        except requests.ConnectionError:  # not listening yet
            time.sleep(0.1)
            continue
        return
    pytest.fail(f"the app process did not answer within {START_SECONDS}s:\n{app.log.read_text()}")


def _stop(apps: list[AppProcess]) -> None:
    """Stop every app process, all at once, killing any still running after 10 seconds."""
    running = [app.process for app in apps if app.process.poll() is None]
    for process in running:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
    for process in running:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(params=["database sessions", "sessions through Redis"])
def two_apps(request, flushable_db, tmp_path) -> Iterator[tuple[AppProcess, AppProcess]]:
    """Two app processes on this test's database, as production runs them (multi-factor sign-in
    on, the default password hasher); with or without the shared Redis."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OPENCSC_", "DJANGO_", "DATABASE_"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        # Debug on for the development secret key both share and plain http on loopback; the
        # rest as in production.
        "OPENCSC_DEBUG": "1",
        "OPENCSC_MFA_REQUIRED": "1",
        "DATABASE_URL": _database_url(),
    }
    if request.param == "sessions through Redis":
        if not _redis_answers():
            pytest.skip("no Redis answers at 127.0.0.1:6379")
        env["OPENCSC_REDIS_URL"] = REDIS_URL
    apps: list[AppProcess] = []
    try:
        for name in ("a", "b"):
            apps.append(_start(env, tmp_path / f"app-{name}.log"))
        deadline = time.monotonic() + START_SECONDS
        for app in apps:
            _wait_until_serving(app, deadline)
        yield apps[0], apps[1]
    finally:
        _stop(apps)


@pytest.fixture
def worker(settings) -> tuple[User, str]:
    """A social worker with an authenticator app (committed); returns the user and its key."""
    # The app processes check passwords with the production hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    team = TeamFactory(name="Assessment team 1")
    user = UserFactory(
        role=Role.SOCIAL_WORKER,
        team=team,
        first_name="Imogen",
        last_name="Twoservers",
    )
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    key = signin.new_secret()
    signin.set_up_authenticator(user=user, key=key, code=_code(key))
    TOTPDevice.objects.filter(user=user).update(last_t=-1)  # the code may be used again now
    return user, key


def _code(key: str) -> str:
    return f"{totp(unhexlify(key), step=30, digits=6):06d}"


def _hidden_fields(page: requests.Response) -> dict[str, str]:
    """The form's hidden fields (the CSRF token, the one-time submission key)."""
    fields = re.findall(r'<input[^>]*type="hidden"[^>]*>', page.text)
    found = {}
    for field in fields:
        name = re.search(r'name="([^"]+)"', field)
        value = re.search(r'value="([^"]*)"', field)
        if name:
            found[name.group(1)] = value.group(1) if value else ""
    return found


def _send(browser: requests.Session, url: str, data: dict[str, str]) -> requests.Response:
    """Fill in the form at `url` (its hidden fields as served) and send it."""
    form = browser.get(url, timeout=REQUEST_SECONDS)
    assert form.status_code == 200, form.text[-2000:]
    return browser.post(
        url,
        data=_hidden_fields(form) | data,
        headers={"Referer": url},
        timeout=REQUEST_SECONDS,
    )


def test_a_signed_in_user_is_served_by_both_processes_and_a_write_on_one_is_seen_on_the_other(
    two_apps, worker
):
    a, b = two_apps
    user, key = worker
    # One browser: the same cookies go to both processes (cookies are per host, not per port).
    browser = requests.Session()

    # The password on A, the authenticator's code on B: the half-finished sign-in is shared.
    password = _send(
        browser, f"{a.url}/sign-in/", {"username": user.username, "password": PASSWORD}
    )
    assert password.url.startswith(f"{a.url}/sign-in/code/"), password.text[-2000:]
    step = password.url.removeprefix(a.url)
    code = _send(browser, f"{b.url}{step}", {"code": _code(key)})
    assert code.status_code == 200
    assert code.url == f"{b.url}/", code.text[-2000:]

    # Signed in: both processes serve the user's pages.
    for app in (a, b):
        home = browser.get(f"{app.url}/", timeout=REQUEST_SECONDS)
        assert home.url == f"{app.url}/"
        assert "Signed in as <strong>Imogen Twoservers</strong>" in home.text

    # A record created on A (a form sent with A's CSRF token and one-time key)...
    created = _send(
        browser,
        f"{a.url}/people/new/",
        {
            "kind": "child",
            "first_name": "Amara",
            "last_name": "Testchild",
            "date_of_birth_day": "14",
            "date_of_birth_month": "2",
            "date_of_birth_year": "2019",
            "sex": "F",
            "ethnicity": "BAFR",
            "address_line_1": "12 Example Road",
            "postcode": "N18 2AB",
        },
    )
    assert "Record created for Amara Testchild" in created.text, created.text[-2000:]
    person = Person.objects.get(last_name="Testchild")
    record = created.url.removeprefix(a.url)

    # ... is on B at once, read from the database (A's success message was shown on A).
    on_b = browser.get(f"{b.url}{record}", timeout=REQUEST_SECONDS)
    assert on_b.status_code == 200
    assert "Record created for Amara Testchild" not in on_b.text
    assert "Amara Testchild" in on_b.text
    assert "14 February 2019" in on_b.text
    assert record.rstrip("/").endswith(f"/{person.pk}")

    # Signing out on B ends the session on A too.
    home = browser.get(f"{b.url}/", timeout=REQUEST_SECONDS)
    signed_out = browser.post(
        f"{b.url}/sign-out/",
        data=_hidden_fields(home),
        headers={"Referer": f"{b.url}/"},
        timeout=REQUEST_SECONDS,
    )
    assert signed_out.url.startswith(f"{b.url}/sign-in/")
    after = browser.get(f"{a.url}/", timeout=REQUEST_SECONDS)
    assert after.url.startswith(f"{a.url}/sign-in/")

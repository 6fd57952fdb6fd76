"""Safe by default (issue 11, part 6): debug off, a proper key or no start, `check --deploy`
clean, a content security policy with no 'unsafe-inline', no-store on signed-in pages and a
Permissions-Policy."""

import base64
import hashlib
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from config.settings import DEVELOPMENT_SECRET_KEY, secret_key
from opencsc.accounts.models import User

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "opencsc"]
# What README "Deploying" and docs/security.md tell a council to set (besides DATABASE_URL).
DOCUMENTED_PRODUCTION = {
    "OPENCSC_SECRET_KEY": secrets.token_urlsafe(50),
    "OPENCSC_ALLOWED_HOSTS": "opencsc.example.gov.uk",
    "OPENCSC_CSRF_TRUSTED_ORIGINS": "https://opencsc.example.gov.uk",
}


def _opencsc(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `opencsc ARGS` in a fresh process with only `env` of OpenCSC's settings."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OPENCSC_", "DJANGO_", "DATABASE_URL"))
    }
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [sys.executable, "-m", "opencsc.cli", *args],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- Debug and the secret key ------------------------------------------------------------------


def test_without_opencsc_debug_the_app_refuses_to_start_with_no_key():
    result = _opencsc("check")

    assert result.returncode != 0
    assert "ImproperlyConfigured: OPENCSC_SECRET_KEY is not set" in result.stderr


def test_with_debug_off_the_committed_development_key_is_refused():
    result = _opencsc("check", OPENCSC_DEBUG="0", OPENCSC_SECRET_KEY=DEVELOPMENT_SECRET_KEY)

    assert result.returncode != 0
    assert "OPENCSC_SECRET_KEY is too weak" in result.stderr


def test_debug_is_off_unless_asked_for():
    show_debug = ("shell", "-v", "0", "-c", "from django.conf import settings as s; print(s.DEBUG)")
    key = DOCUMENTED_PRODUCTION["OPENCSC_SECRET_KEY"]

    assert _opencsc(*show_debug, OPENCSC_SECRET_KEY=key).stdout.strip() == "False"
    assert _opencsc(*show_debug, OPENCSC_SECRET_KEY=key, OPENCSC_DEBUG="0").stdout == "False\n"
    assert _opencsc(*show_debug, OPENCSC_DEBUG="1").stdout.strip() == "True"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "is not set"),
        ("short-but-random-Qx81", "too weak"),
        ("a" * 60, "too weak"),  # fewer than 5 different characters
        ("django-insecure-" + "Qx81vT7mLp2ZrW9kN4sB6yH3cJ8dF5gA1eK0uR7tY2wX6zV4nM9qL3", "too weak"),
    ],
    ids=["empty", "short", "one character", "django-insecure prefix"],
)
def test_outside_debug_only_a_proper_key_is_accepted(value, problem):
    with pytest.raises(ImproperlyConfigured, match=problem):
        secret_key(value, debug=False)


def test_a_proper_key_is_used_and_debug_falls_back_to_the_development_key():
    key = secrets.token_urlsafe(50)

    assert secret_key(key, debug=False) == key
    assert secret_key("", debug=True) == DEVELOPMENT_SECRET_KEY


def test_check_deploy_is_clean_with_the_documented_production_settings():
    result = _opencsc("check", "--deploy", "--fail-level", "WARNING", **DOCUMENTED_PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_names_hsts_preload_when_a_council_turns_it_off():
    result = _opencsc(
        "check", "--deploy", "--fail-level", "WARNING", OPENCSC_HSTS_PRELOAD="0",
        **DOCUMENTED_PRODUCTION,
    )  # fmt: skip

    assert result.returncode != 0
    assert "security.W021" in result.stderr + result.stdout


# --- Headers -----------------------------------------------------------------------------------


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def test_a_signed_in_page_is_never_stored_and_carries_the_security_headers(
    client: Client, social_worker: User
):
    client.force_login(social_worker)

    response = client.get("/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Permissions-Policy"] == settings.PERMISSIONS_POLICY
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


def test_the_sign_out_answer_is_not_stored_either(client: Client, social_worker: User):
    client.force_login(social_worker)

    response = client.post("/sign-out/")

    assert "no-store" in response["Cache-Control"]


def test_the_sign_in_page_has_the_policy_too(client: Client, db):
    response = client.get("/sign-in/")

    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert "Permissions-Policy" in response


def test_the_content_security_policy_allows_no_inline_code_and_no_other_site(
    client: Client, social_worker: User
):
    client.force_login(social_worker)

    header = client.get("/")["Content-Security-Policy"]

    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "http" not in header  # no CDN: every asset is the app's own
    assert "*" not in header


def _inline_scripts(html: str) -> list[str]:
    return re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.DOTALL)


def test_every_inline_script_of_a_rendered_page_is_allowed_by_its_hash(
    client: Client, social_worker: User
):
    client.force_login(social_worker)
    response = client.get("/")
    allowed = _policy(response)["script-src"]

    scripts = _inline_scripts(response.content.decode())

    assert scripts, "base.html's js-enabled script is expected"
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed, f"Inline script not in the policy: {script!r}"


def _templates() -> list[Path]:
    return [path for folder in TEMPLATE_DIRS for path in folder.rglob("templates/**/*.html")]


def test_no_template_has_an_inline_style_or_event_handler():
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _templates()
        for match in re.finditer(r"<style\b|\sstyle=|\son[a-z]+=", path.read_text())
    ]

    assert offenders == [], "Inline styles and handlers are refused by the policy:\n" + "\n".join(
        offenders
    )


def test_no_template_loads_anything_from_another_site():
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _templates()
        for match in re.finditer(r"""(?:src|href)=["']?(?:https?:)?//""", path.read_text())
    ]

    assert offenders == []

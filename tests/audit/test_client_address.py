"""The client's address: X-Forwarded-For only from a trusted proxy, REMOTE_ADDR otherwise. One
function answers for the access log and the lock-out."""

import os
import subprocess
import sys

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
from django.urls import reverse

from opencsc.audit.context import client_address
from opencsc.audit.models import AccessLog
from tests.factories import AllocationFactory


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.fixture
def child(social_worker):
    return AllocationFactory(team=social_worker.teams.get()).child


@pytest.fixture(autouse=True)
def _proxy(settings):
    settings.OPENCSC_TRUSTED_PROXIES = ["192.0.2.10", "10.8.0.0/16"]


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # No proxy of ours: the header is the client's own writing and is ignored.
        ("198.51.100.7", "1.2.3.4", "198.51.100.7"),
        ("198.51.100.7", None, "198.51.100.7"),
        # From the trusted proxy: the address it appended.
        ("192.0.2.10", "198.51.100.7", "198.51.100.7"),
        # A client's spoofed entry sits left of what the proxy appended: the right-most counts.
        ("192.0.2.10", "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        # Two proxies of ours (a range): skip them both.
        ("10.8.1.1", "198.51.100.7, 10.8.2.2", "198.51.100.7"),
        # Garbage in the header: the proxy's own address, never the garbage.
        ("192.0.2.10", "not-an-address", "192.0.2.10"),
        ("192.0.2.10", "", "192.0.2.10"),
        ("192.0.2.10", "1.2.3.4, <script>", "192.0.2.10"),
        # IPv6, and IPv4 written as IPv6.
        ("192.0.2.10", "2001:db8::1", "2001:db8::1"),
        ("::ffff:192.0.2.10", "198.51.100.7", "198.51.100.7"),
    ],
)
def test_the_client_address(remote, forwarded, expected):
    assert client_address(_request(remote, forwarded)) == expected


def test_with_no_trusted_proxy_the_header_is_always_ignored(settings):
    settings.OPENCSC_TRUSTED_PROXIES = []

    assert client_address(_request("192.0.2.10", "198.51.100.7")) == "192.0.2.10"


def test_axes_asks_the_same_function():
    assert get_client_ip_address(_request("192.0.2.10", "198.51.100.7")) == "198.51.100.7"
    assert get_client_ip_address(_request("198.51.100.9", "198.51.100.7")) == "198.51.100.9"


def test_the_access_log_ignores_a_spoofed_header_from_an_untrusted_address(worker_client, child):
    worker_client.get(
        reverse("record:child", args=[child.pk]),
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )

    assert AccessLog.objects.filter(child=child).get().ip_address == "198.51.100.7"


def test_the_access_log_records_the_client_behind_the_trusted_proxy(worker_client, child):
    worker_client.get(
        reverse("record:child", args=[child.pk]),
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7",
    )

    assert AccessLog.objects.filter(child=child).get().ip_address == "198.51.100.7"


def _settings_with(proxies: str) -> subprocess.CompletedProcess:
    code = "import config.settings as s; print(s.OPENCSC_TRUSTED_PROXIES)"
    env = os.environ | {"OPENCSC_TRUSTED_PROXIES": proxies}
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )


def test_production_reads_the_trusted_proxies_from_the_environment():
    configured = _settings_with("10.0.4.2, 10.0.5.0/24")

    assert configured.stdout.strip() == "['10.0.4.2/32', '10.0.5.0/24']"


def test_a_mistyped_trusted_proxy_stops_the_app_at_start_up():
    mistyped = _settings_with("nginx")

    assert mistyped.returncode != 0
    assert "'nginx' does not appear to be an IPv4 or IPv6 network" in mistyped.stderr

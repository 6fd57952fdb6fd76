"""Where the current request came from, for the access log written by services and the lock-out."""

import ipaddress
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # An IPv4 address written as IPv6 (::ffff:10.0.0.1) is the IPv4 address.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: Iterable[Network]) -> bool:
    return any(address in network for network in networks)


def client_address(request: HttpRequest | None) -> str | None:
    """The address a request came from: the connection's address (REMOTE_ADDR), unless that is one
    of the trusted proxies (settings.OPENCSC_TRUSTED_PROXIES), when it is the right-most address in
    X-Forwarded-For that is not itself a trusted proxy. A client can write anything into the header,
    so it is read only from a proxy we trust, and only the part the proxies appended. The access log
    and the lock-out (AXES_CLIENT_IP_CALLABLE) both ask here."""
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    networks = _networks(tuple(settings.OPENCSC_TRUSTED_PROXIES))
    if not _trusted(remote, networks):
        return str(remote)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # A hop we cannot read: the client wrote it; the last proxy's address is all we know.
            return str(remote)
        if not _trusted(address, networks):
            return str(address)
    # Every hop was a proxy of ours (or there was no header): the left-most is the nearest client.
    first = _address(hops[0]) if hops else None
    return str(first or remote)


class RequestContextMiddleware:
    """Keep the request at hand so services can log the address a change came from."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)

"""Headers every page carries: no caching of a signed-in page, no unused browser features."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def security_headers(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Add `Permissions-Policy` to every response and `Cache-Control: no-store` for signed-in users.

    A page shown to a signed-in user may name a child: with no-store the browser keeps no copy, so
    the back button on a shared computer shows nothing after sign-out. It sits after the
    authentication middleware, so a sign-out response (the user already signed out) is covered by
    the user it was made for.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        signed_in = request.user.is_authenticated
        response = get_response(request)
        if signed_in or request.user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware

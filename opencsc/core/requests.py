"""Helpers for views."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from opencsc.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in member of staff (LoginRequiredMiddleware guarantees one on private pages)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


def query_without_page(request: HttpRequest) -> str:
    """The request's query string without its page number, ready for "?{this}page=N" links."""
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""

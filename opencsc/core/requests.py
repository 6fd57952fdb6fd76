"""Helpers for views."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def signed_in(request: HttpRequest) -> AbstractBaseUser:
    """Whoever is signed in (LoginRequiredMiddleware guarantees one on private pages); apps take
    their own user type from `accounts.requests.signed_in_user`."""
    user = request.user
    if not isinstance(user, AbstractBaseUser) or not user.is_authenticated:
        raise PermissionDenied
    return user


def query_without_page(request: HttpRequest) -> str:
    """The request's query string without its page number, ready for "?{this}page=N" links."""
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""

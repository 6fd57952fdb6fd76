"""The signed-in member of staff, for views."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from opencsc.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in member of staff (LoginRequiredMiddleware guarantees one on private pages)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user

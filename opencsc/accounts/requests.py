"""The signed-in member of staff, for views; and a form whose staff picker follows one team."""

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from opencsc.accounts import selectors
from opencsc.accounts.models import User
from opencsc.core.requests import showing_staff

F = TypeVar("F", bound=forms.Form)


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in member of staff (LoginRequiredMiddleware guarantees one on private pages)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


def team_staff_form(
    request: HttpRequest, user: User, form_class: Callable[..., F]
) -> tuple[F, bool]:
    """`form_class` (taking `teams`, `team` and `people`) with its staff the chosen team's
    (`selectors.chosen_team`); and whether the user asked only to see them ("Show this team's
    staff": the form shown again as typed, nothing saved)."""
    showing = showing_staff(request)
    teams = selectors.active_teams()
    posted = request.POST.get("team") if request.method == "POST" else None
    team = selectors.chosen_team(posted, teams, user=user)
    data: Any = None if showing else request.POST or None
    form = form_class(
        data,
        teams=teams,
        team=team,
        people=selectors.active_members([team.pk] if team else [], also=user),
    )
    return form, showing

"""The service navigation: the pages each role can use, in the order the header shows them, with
how many items wait in the user's tray (one query)."""

from collections.abc import Callable

from opencsc.accounts.models import Role, User
from opencsc.missing.access import is_police
from opencsc.permissions import (
    Action,
    can,
    holds_cases,
    reads_front_door,
)
from opencsc.timescales.selectors import owned_open_count


def tray_count(user: User) -> int:
    """How many items wait in `user`'s tray, counted once a request (the navigation and the home
    page both show it)."""
    count = getattr(user, "_tray_count", None)
    if count is None:
        count = owned_open_count(user)
        user._tray_count = count  # type: ignore[attr-defined]
    return count


def _is_partner(user: User) -> bool:
    return user.is_authenticated and user.role == Role.PARTNER_AGENCY


def _may(action: Action) -> Callable[[User], bool]:
    return lambda user: can(user, action)


# The header's items after Home and the tray, in order: (key, label, url name, who sees it).
ITEMS: tuple[tuple[str, str, str, Callable[[User], bool]], ...] = (
    ("frontdoor", "MASH", "frontdoor:queue", reads_front_door),
    (
        "decisions",
        "Decisions to authorise",
        "frontdoor:awaiting-authorisation",
        _may(Action.AUTHORISE_DECISION),
    ),
    ("missing", "Missing children", "missing:mash", _may(Action.MATCH_MISSING_CHILD)),
    (
        "missing-tracking",
        "Missing tracking",
        "missing:tracking",
        _may(Action.VIEW_MISSING_TRACKING),
    ),
    ("missing-report", "Missing report", "missing:report", _may(Action.VIEW_MISSING_REPORT)),
    ("partner", "Your contacts and checks", "frontdoor:partner-home", _is_partner),
    ("police-missing", "Children you reported missing", "missing:police", is_police),
    (
        "interviews",
        "Return home interviews",
        "missing:interviews",
        _may(Action.OFFER_RETURN_INTERVIEW),
    ),
    ("caseload", "Your cases", "workforce:my-caseload", holds_cases),
    ("caseloads", "Team caseloads", "workforce:team-caseloads", _may(Action.VIEW_CASELOADS)),
    ("alerts", "Alerts", "workforce:alerts", _may(Action.ACKNOWLEDGE_ALERT)),
    ("team-tray", "Team tray", "workforce:team-tray", _may(Action.VIEW_TEAM_TRAY)),
    ("people", "Find a person", "people:search", _may(Action.SEARCH_PEOPLE)),
    ("duplicates", "Likely duplicates", "people:duplicates", _may(Action.REVIEW_DUPLICATES)),
    ("audit", "Access log", "audit:access-log", _may(Action.VIEW_ACCESS_LOG)),
    ("staff", "Staff and teams", "accounts:staff-list", _may(Action.MANAGE_STAFF)),
)


def navigation(user: User) -> list[tuple[str, str, str]]:
    """The service navigation a user sees: (key, label, url name), only what their role can use."""
    items: list[tuple[str, str, str]] = [("home", "Home", "record:home")]
    if can(user, Action.VIEW_TRAY):
        items.append(("tray", f"Your tray ({tray_count(user)})", "workforce:tray"))
    items.extend((key, label, url) for key, label, url, shows in ITEMS if shows(user))
    return items

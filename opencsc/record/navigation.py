"""The service navigation: the pages each role can use, in the order the header shows them, with
how many items wait in the user's tray (one query)."""

from opencsc.accounts.models import Role, User
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


def navigation(user: User) -> list[tuple[str, str, str]]:
    """The service navigation a user sees: (key, label, url name), only what their role can use."""
    items: list[tuple[str, str, str]] = [("home", "Home", "record:home")]
    if can(user, Action.VIEW_TRAY):
        items.append(("tray", f"Your tray ({tray_count(user)})", "workforce:tray"))
    if reads_front_door(user):
        items.append(("frontdoor", "MASH", "frontdoor:queue"))
    if can(user, Action.AUTHORISE_DECISION):
        items.append(("decisions", "Decisions to authorise", "frontdoor:awaiting-authorisation"))
    if user.is_authenticated and user.role == Role.PARTNER_AGENCY:
        items.append(("partner", "Your contacts and checks", "frontdoor:partner-home"))
    if holds_cases(user):
        items.append(("caseload", "Your cases", "workforce:my-caseload"))
    if can(user, Action.VIEW_CASELOADS):
        items.append(("caseloads", "Team caseloads", "workforce:team-caseloads"))
    if can(user, Action.ACKNOWLEDGE_ALERT):
        items.append(("alerts", "Alerts", "workforce:alerts"))
    if can(user, Action.VIEW_TEAM_TRAY):
        items.append(("team-tray", "Team tray", "workforce:team-tray"))
    if can(user, Action.SEARCH_PEOPLE):
        items.append(("people", "Find a person", "people:search"))
    if can(user, Action.REVIEW_DUPLICATES):
        items.append(("duplicates", "Likely duplicates", "people:duplicates"))
    if can(user, Action.VIEW_ACCESS_LOG):
        items.append(("audit", "Access log", "audit:access-log"))
    if can(user, Action.MANAGE_STAFF):
        items.append(("staff", "Staff and teams", "accounts:staff-list"))
    return items

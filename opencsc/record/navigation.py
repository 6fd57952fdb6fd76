"""The service navigation: the pages each role can use, in the order the header shows them."""

from opencsc.accounts.models import Role, User
from opencsc.permissions import (
    Action,
    can,
    holds_cases,
    reads_front_door,
)


def navigation(user: User) -> list[tuple[str, str, str]]:
    """The service navigation a user sees: (key, label, url name), only what their role can use."""
    items: list[tuple[str, str, str]] = [("home", "Home", "record:home")]
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
    if can(user, Action.SEARCH_PEOPLE):
        items.append(("people", "Find a person", "people:search"))
    if can(user, Action.REVIEW_DUPLICATES):
        items.append(("duplicates", "Likely duplicates", "people:duplicates"))
    if can(user, Action.VIEW_ACCESS_LOG):
        items.append(("audit", "Access log", "audit:access-log"))
    if can(user, Action.MANAGE_STAFF):
        items.append(("staff", "Staff and teams", "accounts:staff-list"))
    return items

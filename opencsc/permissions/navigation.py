"""The service navigation (moving to the record app)."""

from opencsc.accounts.models import Role, User
from opencsc.permissions.actions import Action
from opencsc.permissions.aliases import authorises_front_door
from opencsc.permissions.engine import can
from opencsc.permissions.staff import holds_cases, reads_front_door


def navigation(user: User) -> list[tuple[str, str, str]]:
    """The service navigation a user sees: (key, label, url name), only what their role can use."""
    items: list[tuple[str, str, str]] = [("home", "Home", "core:home")]
    if reads_front_door(user):
        items.append(("frontdoor", "MASH", "frontdoor:queue"))
    if authorises_front_door(user):
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
    if can(user, Action.VIEW_ACCESS_LOG):
        items.append(("audit", "Access log", "audit:access-log"))
    if can(user, Action.MANAGE_STAFF):
        items.append(("staff", "Staff and teams", "accounts:staff-list"))
    return items

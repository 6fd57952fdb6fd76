"""docs/permissions.md's "Doing" table, written from the action table so the two never differ."""

from opencsc.accounts.models import Role
from opencsc.permissions.actions import (
    MANAGER_ROLES,
    READERS,
    RECORDING_ROLES,
    RULES,
    SEARCHERS,
    Action,
)

BEGIN = "<!-- Generated from opencsc/permissions/actions.py by `opencsc permissions_doc`. -->"
END = "<!-- End of the generated table. -->"

SECTIONS = {
    "people": "The person index",
    "accounts": "Staff, teams and the access log",
    "audit": "Staff, teams and the access log",
    "frontdoor": "The front door",
    "casework": "The episode",
    "assessments": "Assessments",
    "protection": "Child protection",
    "plans": "Children in need plans and visits",
    "notes": "Case notes",
    "missing": "Missing episodes",
    "exploitation": "Exploitation",
    "privatefostering": "Private fostering",
    "workforce": "Caseloads and alerts",
}

NAMED_ROLE_SETS: dict[frozenset[str], str] = {
    READERS: "case-holding roles, head of service, quality, performance",
    RECORDING_ROLES: "case-holding roles, head of service",
    MANAGER_ROLES: "team manager, head of service",
    SEARCHERS: "case-holding roles, head of service, quality, performance, business support",
}


def _roles(roles: frozenset[str]) -> str:
    if roles in NAMED_ROLE_SETS:
        return NAMED_ROLE_SETS[roles]
    labels = [str(label) for value, label in Role.choices if value in roles]
    return ", ".join(label if label.startswith("MASH") else label.lower() for label in labels)


def _section(action: Action) -> str:
    if action.value.startswith("casework.") and action in (
        Action.OPEN_REFERRAL,
        Action.RECORD_EARLY_HELP_TRANSFER,
    ):
        return SECTIONS["frontdoor"]
    return SECTIONS[action.value.split(".")[0]]


def doing_table() -> str:
    """The "Doing" tables, one per area, one row per action: who, whose records, four eyes."""
    by_section: dict[str, list[str]] = {}
    for action, rule in RULES.items():
        who = "; ".join(_roles(grant.roles) for grant in rule.grants)
        scope = "; ".join(grant.scope.label for grant in rule.grants)
        four_eyes = "never the proposer" if rule.four_eyes else ""
        row = f"| {action.label} | {who} | {scope} | {four_eyes} | `{action.value}` |"
        by_section.setdefault(_section(action), []).append(row)
    parts = []
    for title, rows in by_section.items():
        head = "| action | roles | scope | four eyes | in the access log |\n|---|---|---|---|---|"
        parts.append(f"### {title}\n\n{head}\n" + "\n".join(rows))
    return "\n\n".join(parts)


def with_doing_table(page: str) -> str:
    """`page` with the text between the markers replaced by the generated tables."""
    start, end = page.index(BEGIN) + len(BEGIN), page.index(END)
    return f"{page[:start]}\n\n{doing_table()}\n\n{page[end:]}"

"""The fixed demo logins, one for each role, and the one password they share."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from opencsc.accounts.models import Agency, Role, Team, User

# Published on purpose: it signs in to synthetic data only, and is printed after every build.
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105
EMAIL_DOMAIN = "demo.opencsc.example"


@dataclass(frozen=True)
class DemoLogin:
    """A fixed sign-in for one role, printed after the build: a member of the first team of
    `team_kind`, or a user of the first agency of `agency_kind`, when those are set."""

    username: str
    role: Role
    where: str
    team_kind: str = ""
    agency_kind: str = ""


ASSESSMENT = Team.Kind.ASSESSMENT
DEMO_LOGINS = (
    DemoLogin("mash", Role.MASH_PRACTITIONER, "MASH: contacts, checks and every unallocated child"),
    DemoLogin(
        "mash.manager",
        Role.TEAM_MANAGER,
        "MASH: authorises threshold decisions",
        team_kind=Team.Kind.MASH,
    ),
    DemoLogin(
        "social.worker",
        Role.SOCIAL_WORKER,
        "Assessment team 1: its children",
        team_kind=ASSESSMENT,
    ),
    DemoLogin(
        "advanced.practitioner",
        Role.ADVANCED_PRACTITIONER,
        "Assessment team 1: its children",
        team_kind=ASSESSMENT,
    ),
    DemoLogin(
        "team.manager",
        Role.TEAM_MANAGER,
        "Assessment team 1: allocates and merges",
        team_kind=ASSESSMENT,
    ),
    DemoLogin(
        "cp.worker",
        Role.SOCIAL_WORKER,
        "Child protection and family support team 1: its children",
        team_kind=Team.Kind.CHILD_PROTECTION,
    ),
    DemoLogin(
        "cp.manager",
        Role.TEAM_MANAGER,
        "Child protection and family support team 1: caseloads, alerts",
        team_kind=Team.Kind.CHILD_PROTECTION,
    ),
    DemoLogin(
        "pf.worker",
        Role.SOCIAL_WORKER,
        "Fostering team 1: its private fostering arrangements",
        team_kind=Team.Kind.FOSTERING,
    ),
    DemoLogin(
        "pf.manager",
        Role.TEAM_MANAGER,
        "Fostering team 1: authorises suitability decisions, the annual report",
        team_kind=Team.Kind.FOSTERING,
    ),
    DemoLogin("head.of.service", Role.HEAD_OF_SERVICE, "Reads every child"),
    DemoLogin("quality", Role.QUALITY_ASSURANCE, "Reads every child"),
    DemoLogin("performance", Role.PERFORMANCE_ANALYST, "Reads every child"),
    DemoLogin(
        "police",
        Role.PARTNER_AGENCY,
        "Police: its contacts and checks, no child's record",
        agency_kind=Agency.Kind.POLICE,
    ),
    DemoLogin("admin", Role.ADMINISTRATOR, "Access log, staff and teams"),
    DemoLogin(
        "return.officer",
        Role.RETURN_INTERVIEW_OFFICER,
        "Return home interviews: returned missing episodes only, no child's record",
    ),
    DemoLogin(
        "business.support",
        Role.BUSINESS_SUPPORT,
        "Likely duplicate records: reviews and merges them, opens no child's record",
    ),
)


def demo_logins_present() -> bool:
    """Whether every demo login exists in the database."""
    usernames = [login.username for login in DEMO_LOGINS]
    return User.objects.filter(username__in=usernames).count() == len(usernames)


def login_table(logins: Iterable[DemoLogin] = DEMO_LOGINS) -> str:
    """The demo logins as a plain-text table, with the shared password."""
    rows = [("Username", "Role", "Sees"), *((x.username, x.role.label, x.where) for x in logins)]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    hasher = settings.PASSWORD_HASHERS[0].rsplit(".", 1)[-1]
    lines.append("")
    lines.append(f"Password for every demo login: {DEMO_PASSWORD}  (hashed once with {hasher})")
    return "\n".join(lines)

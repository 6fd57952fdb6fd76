"""Teams, partner agencies, and staff for every role, with the demo logins among them."""

import random
import string
from typing import Any

from django.contrib.auth.hashers import make_password
from faker import Faker

from opencsc.accounts.models import Agency, Membership, Role, Team, User
from opencsc.demo.build import Build
from opencsc.demo.logins import DEMO_LOGINS, DEMO_PASSWORD, EMAIL_DOMAIN
from opencsc.demo.sizes import TeamPlan
from opencsc.demo.vocabulary import AGENCIES

RETURN_OFFICERS = 2
RETURN_OFFICER_SEED = 0x72  # 72 hours


def add_teams_and_agencies(build: Build) -> None:
    """One or more teams of each kind, and the partner agencies."""
    planned: list[tuple[TeamPlan, Team]] = []
    for plan in build.size.teams:
        for number in range(1, plan.count + 1):
            name = plan.name(number)
            if build.area > 1:
                name = f"{name} (area {build.area})"
            planned.append((plan, Team(name=name, kind=plan.kind)))
    saved = build.save("teams", Team, [team for _, team in planned])
    for team in saved:
        build.teams.setdefault(team.kind, []).append(team)
    if build.area > 1:
        # The partner agencies serve every area.
        build.agencies = list(Agency.objects.order_by("pk"))
        return
    build.agencies = build.save(
        "agencies", Agency, [Agency(name=name, kind=kind) for name, kind in AGENCIES]
    )


def _copy_of(source: random.Random) -> random.Random:
    copy = random.Random()
    copy.setstate(source.getstate())
    return copy


def add_staff(build: Build) -> None:
    """Staff for every role, in their teams, with the demo logins among them."""
    password = make_password(DEMO_PASSWORD)
    usernames = {login.username for login in DEMO_LOGINS}
    if build.area > 1:
        usernames.update(User.objects.values_list("username", flat=True))
    users: list[User] = []
    teams_of: list[Team | None] = []

    def add_user(
        role: Role, job_title: str, team: Team | None, agency: Agency | None, fake: Any = None
    ) -> User:
        fake = fake or build.fake
        first, last = fake.first_name(), fake.last_name()
        base = ".".join(
            "".join(ch for ch in part.lower() if ch in string.ascii_lowercase)
            for part in (first, last)
        )
        username, number = base, 1
        while username in usernames:
            number += 1
            username = f"{base}{number}"
        usernames.add(username)
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@{EMAIL_DOMAIN}",
            role=role,
            job_title=job_title,
            agency=agency,
            password=password,
        )
        users.append(user)
        teams_of.append(team)
        return user

    for plan in build.size.teams:
        for team in build.teams[plan.kind]:
            for members in plan.members:
                for _ in range(members.count):
                    add_user(members.role, members.job_title, team, None)
    for _ in range(build.size.heads_of_service):
        add_user(Role.HEAD_OF_SERVICE, "Head of service", None, None)
    for _ in range(build.size.administrators):
        add_user(Role.ADMINISTRATOR, "Systems administrator", None, None)
    for agency in build.agencies:
        for _ in range(build.size.partner_users_per_agency):
            add_user(Role.PARTNER_AGENCY, f"{agency.get_kind_display()} officer", None, agency)

    # Business support (issue 12): named from a Faker of their own, so that adding them left every
    # other name in the demo as it was.
    names = Faker("en_GB")
    names.seed_instance(_copy_of(build.random).getrandbits(32))
    for _ in range(build.size.business_support):
        add_user(Role.BUSINESS_SUPPORT, "Business support officer", None, None, names)

    # Return interview officers (issue 14, part 2): two at any size, from a Faker of their own so
    # every other name stays as it was.
    officers = Faker("en_GB")
    officers.seed_instance(_copy_of(build.random).getrandbits(32) ^ RETURN_OFFICER_SEED)
    for _ in range(RETURN_OFFICERS):
        add_user(Role.RETURN_INTERVIEW_OFFICER, "Return interview officer", None, None, officers)

    # The demo logins are in the first area only.
    for login in DEMO_LOGINS if build.area == 1 else ():
        first_team = build.teams[login.team_kind][0] if login.team_kind else None
        user = next(
            user
            for user, team in zip(users, teams_of, strict=True)
            if user.role == login.role
            and (first_team is None or team == first_team)
            and (not login.agency_kind or (user.agency and user.agency.kind == login.agency_kind))
        )
        user.username = login.username
        user.email = f"{login.username}@{EMAIL_DOMAIN}"

    build.save("staff", User, users)
    memberships = [
        Membership(user=user, team=member_of)
        for user, member_of in zip(users, teams_of, strict=True)
        if member_of is not None
    ]
    build.save("team memberships", Membership, memberships)
    for user, member_of in zip(users, teams_of, strict=True):
        if member_of is not None:
            build.members.setdefault(member_of.pk, {}).setdefault(user.role, []).append(user)
        if user.role == Role.MASH_PRACTITIONER:
            build.mash_staff.append(user)
        if user.agency is not None:
            build.partner_users.setdefault(user.agency.pk, []).append(user)
        if user.role in {Role.HEAD_OF_SERVICE, Role.QUALITY_ASSURANCE}:
            build.readers.append(user)

"""How big each demo local authority is, and why.

`la` is a large outer London borough, sized on Enfield's published figures as set out in the `la`
section of shared/domain/rates.yaml:

- children with a record: 20,000. The borough receives about 23,000 contacts a year
  (`la.contacts_per_year`), many about the same children again; a few years of front-door history
  leaves roughly a quarter of the 80,000 children (`la.child_population_0_17`) with a record. About
  1% are unborn children (pre-birth referrals).
- adults: about 15,000, the parents and carers of those children. Families have 1 to 5 children
  (about 1.9 on average) and 1 to 3 adults (about 1.5), which gives 0.75 adults per child.
- open cases: about 2,500, Enfield's children in need at 31 March (`la.cin_open`), which includes
  children on protection plans and in care. Each case-holding worker holds 12 to 15 children (the
  England average is 15.2, Enfield's 12.0, `england.workforce`); each team also holds a few cases
  not yet given to a worker. Every other child is unallocated: front-door history only.
- staff: about 235 social workers (`la.staff.social_workers_fte`), split across the teams below so
  that 176 workers hold cases (Enfield reports 120 case-holding FTE holding 1,463 cases; we hold the
  2,500 children in need, so we need about 180), plus family support practitioners, personal
  advisers, analysts, administrators and partner-agency users.
- access log: 20,000 record views (about two days of a borough's staff opening records); `small` has
  a few hundred.
- front door: a year of contacts, 23,000 (`la.contacts_per_year`, Enfield's MASH contacts), about
  1.25 children each, leading to about 4,200 referrals (`la.referrals_per_year`), about 22.6% of
  them re-referrals (`la.re_referral_share`). Ratings, consent and outcome mixes are the design
  shares in `shares` in rates.yaml. A few contacts (`stalled_contacts`) are left stuck for days (a
  check not returned, a decision not authorised) so that the worklists have overdue work.

`large` is ten times `la` (`large_multiplier: 10` in rates.yaml), built as ten areas of `la`'s
figures one after another, the first exactly `la` (same seed, same rows, the demo logins and the
benchmarks' chosen records), the others from seeds of their own with their own teams ("Assessment
team 1 (area 2)"), staff and families: 200,000 children with a record, about 150,000 adults,
about 2,900 staff, 25,000 open cases, 230,000 contacts and 42,000 referrals in the year, 200,000
record views. No English authority is that size in one year (the largest, Kent or Birmingham,
have 290,000 to 340,000 children and about a third of this front door); it stands for what the
returns, dashboards and searches of a very large authority read, or five years of a large
borough: about 200,000 children in the index and, in the one year of front-door work, well over
50,000 children on a contact (about 306,000 contact-child links). Building it as areas keeps every
per-year rate a real front door's (each area's are `la`'s), keeps `la` and `small` exactly as they
were, and keeps the build's memory that of one `la` area (the generator plans an area in memory
before saving it): `opencsc demo --size large` builds in under 20 minutes and 2 GB
(docs/benchmarks.md). Large counties are organised in areas (localities) in the same way.

`small` is a demo: one team of each kind, about 300 children, more than half of them allocated so
that every demo login has something to open; its front door is `la`'s scaled to 300 children
(345 contacts and 63 referrals a year).
"""

from dataclasses import dataclass, replace

from opencsc.accounts.models import Role, Team


@dataclass(frozen=True)
class Members:
    """Staff of one role in each team of a kind."""

    role: Role
    count: int
    job_title: str


@dataclass(frozen=True)
class TeamPlan:
    """How many teams of a kind there are, who works in each, and whether they hold cases."""

    kind: Team.Kind
    count: int
    members: tuple[Members, ...]
    holds_cases: bool = False

    def name(self, number: int) -> str:
        """The team's name, numbered when there is more than one of its kind."""
        label = TEAM_LABELS[self.kind]
        return f"{label} {number}" if self.count > 1 or self.holds_cases else label


TEAM_LABELS: dict[str, str] = {
    Team.Kind.MASH: "MASH",
    Team.Kind.EARLY_HELP: "Early help team",
    Team.Kind.ASSESSMENT: "Assessment team",
    Team.Kind.CHILD_PROTECTION: "Child protection and family support team",
    Team.Kind.CHILDREN_IN_CARE: "Children in care team",
    Team.Kind.CARE_LEAVERS: "Care leavers team",
    Team.Kind.DISABLED_CHILDREN: "Disabled children team",
    Team.Kind.FOSTERING: "Fostering team",
    Team.Kind.QUALITY_ASSURANCE: "Quality assurance",
    Team.Kind.PERFORMANCE: "Performance and data",
}


def _social_work_team(
    kind: Team.Kind,
    count: int,
    workers: int,
    *,
    advanced: int = 1,
    job_title: str = "Social worker",
    holds_cases: bool = True,
) -> TeamPlan:
    members = [Members(Role.SOCIAL_WORKER, workers, job_title)]
    if advanced:
        members.append(Members(Role.ADVANCED_PRACTITIONER, advanced, "Advanced practitioner"))
    members.append(Members(Role.TEAM_MANAGER, 1, "Team manager"))
    return TeamPlan(kind, count, tuple(members), holds_cases=holds_cases)


LARGE_MULTIPLIER = 10  # rates.yaml `large_multiplier`: `large` is ten times `la`.


@dataclass(frozen=True)
class Size:
    """The figures one demo size is built from."""

    name: str
    children: int
    unborn_share: float
    teams: tuple[TeamPlan, ...]
    heads_of_service: int
    administrators: int
    partner_users_per_agency: int
    caseload: tuple[int, int]
    awaiting_worker_per_team: tuple[int, int]
    closed_case_share: float
    access_log_rows: int
    street_count: int
    contacts_per_year: int
    referrals_per_year: int
    stalled_contacts: int
    # Business support officers who review likely duplicates (docs/duplicates.md).
    business_support: int = 1
    # How many times these figures are built, one area after another (`large`: ten): each area
    # has its own teams, staff, families and year of work; the demo logins are in the first.
    areas: int = 1


SIZES: dict[str, Size] = {
    "small": Size(
        name="small",
        children=300,
        unborn_share=0.015,
        teams=(
            TeamPlan(
                Team.Kind.MASH,
                1,
                (
                    Members(Role.MASH_PRACTITIONER, 2, "MASH social worker"),
                    Members(Role.TEAM_MANAGER, 1, "MASH team manager"),
                ),
            ),
            _social_work_team(
                Team.Kind.EARLY_HELP, 1, 1, advanced=0, job_title="Family support practitioner"
            ),
            _social_work_team(Team.Kind.ASSESSMENT, 2, 2),
            _social_work_team(Team.Kind.CHILD_PROTECTION, 1, 2, advanced=0),
            _social_work_team(Team.Kind.CHILDREN_IN_CARE, 1, 1, advanced=0),
            _social_work_team(
                Team.Kind.CARE_LEAVERS, 1, 1, advanced=0, job_title="Personal adviser"
            ),
            _social_work_team(Team.Kind.DISABLED_CHILDREN, 1, 1, advanced=0),
            _social_work_team(
                Team.Kind.FOSTERING,
                1,
                1,
                advanced=0,
                job_title="Supervising social worker",
                holds_cases=False,
            ),
            TeamPlan(
                Team.Kind.QUALITY_ASSURANCE,
                1,
                (Members(Role.QUALITY_ASSURANCE, 2, "Independent reviewing officer"),),
            ),
            TeamPlan(
                Team.Kind.PERFORMANCE,
                1,
                (Members(Role.PERFORMANCE_ANALYST, 1, "Performance analyst"),),
            ),
        ),
        heads_of_service=1,
        administrators=1,
        partner_users_per_agency=1,
        caseload=(12, 15),
        awaiting_worker_per_team=(1, 2),
        closed_case_share=0.3,
        access_log_rows=400,
        street_count=40,
        contacts_per_year=345,
        referrals_per_year=63,
        stalled_contacts=6,
    ),
    "la": Size(
        name="la",
        children=20_000,
        unborn_share=0.01,
        teams=(
            TeamPlan(
                Team.Kind.MASH,
                1,
                (
                    Members(Role.MASH_PRACTITIONER, 20, "MASH social worker"),
                    Members(Role.TEAM_MANAGER, 2, "MASH team manager"),
                ),
            ),
            _social_work_team(
                Team.Kind.EARLY_HELP, 2, 8, advanced=0, job_title="Family support practitioner"
            ),
            _social_work_team(Team.Kind.ASSESSMENT, 5, 8),
            _social_work_team(Team.Kind.CHILD_PROTECTION, 7, 8),
            _social_work_team(Team.Kind.CHILDREN_IN_CARE, 3, 7),
            _social_work_team(
                Team.Kind.CARE_LEAVERS, 2, 6, advanced=0, job_title="Personal adviser"
            ),
            _social_work_team(Team.Kind.DISABLED_CHILDREN, 2, 7),
            _social_work_team(
                Team.Kind.FOSTERING,
                3,
                8,
                advanced=0,
                job_title="Supervising social worker",
                holds_cases=False,
            ),
            TeamPlan(
                Team.Kind.QUALITY_ASSURANCE,
                1,
                (Members(Role.QUALITY_ASSURANCE, 14, "Independent reviewing officer"),),
            ),
            TeamPlan(
                Team.Kind.PERFORMANCE,
                1,
                (Members(Role.PERFORMANCE_ANALYST, 5, "Performance analyst"),),
            ),
        ),
        heads_of_service=5,
        administrators=2,
        business_support=4,
        partner_users_per_agency=2,
        caseload=(12, 15),
        awaiting_worker_per_team=(3, 8),
        closed_case_share=0.3,
        access_log_rows=20_000,
        street_count=600,
        contacts_per_year=23_000,
        referrals_per_year=4_200,
        stalled_contacts=25,
    ),
}

# Ten areas of `la`'s figures (rates.yaml `large_multiplier`), the first built exactly as `la`.
SIZES["large"] = replace(SIZES["la"], name="large", areas=LARGE_MULTIPLIER)

"""Reads for assessments: one assessment's page, siblings' episodes, and managers' worklists."""

from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.assessments.models import Assessment, AssessmentFactor
from opencsc.casework import access as casework_access
from opencsc.casework import risk
from opencsc.casework.models import Allocation, Referral
from opencsc.people.models import Person, Relationship
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem


@dataclass
class SiblingAssessment:
    """A brother's or sister's assessment in the same family assessment; `can_open` says whether
    the user may open it (their record may be held by another team)."""

    assessment: Assessment
    can_open: bool

    @property
    def pk(self) -> int:
        return self.assessment.pk

    @property
    def child(self) -> Person:
        return self.assessment.child

    def get_status_display(self) -> str:
        return self.assessment.get_status_display()


@dataclass
class AssessmentPage:
    """One child's assessment with its factors and the siblings assessed with them."""

    assessment: Assessment
    factors: list[AssessmentFactor]
    siblings: list[SiblingAssessment]


def assessment_page(assessment: Assessment, user: User) -> AssessmentPage:
    """What an assessment's pages show besides the record: its factors and the siblings assessed
    with the child. Three queries, however many factors or siblings."""
    factors = list(assessment.factors.all())
    others = list(
        Assessment.objects.filter(family_id=assessment.family_id)
        .exclude(pk=assessment.pk)
        .select_related("child")
        .order_by("child__date_of_birth", "pk")
    )
    family = Assessment.objects.filter(family_id=assessment.family_id).values("child_id")
    visible = set(
        permissions.visible_children(user).filter(pk__in=family).values_list("pk", flat=True)
    )
    siblings = [SiblingAssessment(other, other.child_id in visible) for other in others]
    return AssessmentPage(assessment=assessment, factors=factors, siblings=siblings)


# What every page of an assessment shows, read with it through the gate.
PAGE_RELATED = ("referral", "family", "worker", "proposed_by", "reviewed_by")


def sibling_episodes(child: Person) -> list[Referral]:
    """Open episodes of the child's brothers and sisters (same household or a sibling
    relationship) that have no assessment in progress: they may be assessed together."""
    related = set(
        Relationship.objects.filter(from_person=child, kind=Relationship.Kind.SIBLING).values_list(
            "to_person_id", flat=True
        )
    ) | set(
        Relationship.objects.filter(to_person=child, kind=Relationship.Kind.SIBLING).values_list(
            "from_person_id", flat=True
        )
    )
    if child.household_id is not None:
        related |= set(
            Person.objects.filter(household_id=child.household_id)
            .exclude(pk=child.pk)
            .values_list("pk", flat=True)
        )
    in_progress = Assessment.objects.exclude(status=Assessment.Status.AUTHORISED).values(
        "referral_id"
    )
    return list(
        Referral.objects.filter(
            child_id__in=related,
            status=Referral.Status.OPEN,
            child__kind__in=[Person.Kind.CHILD, Person.Kind.UNBORN],
        )
        .exclude(pk__in=in_progress)
        .select_related("child")
        .order_by("child__date_of_birth", "pk")
    )


def sibling_episodes_to_offer(child: Person, *, user: User) -> list[Referral]:
    """The brothers' and sisters' episodes that `user` may start an assessment on with `child`:
    only those whose cases this user may record on are offered."""
    episodes = list(sibling_episodes(child))
    # Whether `user` may open each brother or sister and who holds each case, read for them all
    # at once: the page runs the same queries whatever the number of siblings.
    siblings = [episode.child for episode in episodes]
    permissions.remember_visibility(user, siblings)
    casework_access.remember_holding_teams(siblings)
    return [
        episode
        for episode in episodes
        if permissions.can(user, Action.START_ASSESSMENT, episode.child)
    ]


def awaiting_authorisation(user: User) -> QuerySet[Assessment]:
    """Submitted assessments of children held by the teams `user` manages: red and section 47
    first (casework.risk), then the longest waiting, each with the child's RAG rating."""
    assessments = Assessment.objects.filter(status=Assessment.Status.PROPOSED)
    team_ids = permissions.managed_team_ids(user)
    if team_ids is not None:
        held = Allocation.objects.filter(ended_on=None, team_id__in=team_ids).values("child_id")
        assessments = assessments.filter(child_id__in=held)
    team = Allocation.objects.filter(child_id=OuterRef("child_id"), ended_on=None).values(
        "team__name"
    )[:1]
    return (
        assessments.select_related("child", "worker", "proposed_by")
        .annotate(
            team_name=Subquery(team),
            risk=risk.risk_order(risk.is_high_risk("child_id")),
            rating=risk.rating("child_id"),
        )
        .order_by("risk", "proposed_at", "due_on", "pk")
    )


# Brothers and sisters in child protection


@dataclass
class SiblingsInProtection:
    """The child's brothers and sisters with open child protection work (a strategy discussion
    due, a section 47 enquiry not concluded, a child protection plan), as `user` may see them:
    `named` are (child, what is open) for those they may open; `unnamed` counts the others,
    never naming them."""

    named: list[tuple[Person, str]]
    unnamed: int

    def __bool__(self) -> bool:
        return bool(self.named) or self.unnamed > 0


def _brothers_and_sisters(child: Person) -> Q:
    """People who are the child's brothers and sisters (a sibling relationship either way, or the
    same household: as `casework.selectors.sibling_ids`), as a condition on a person, so reading
    them costs the same whoever the child is."""
    related = Relationship.objects.filter(kind=Relationship.Kind.SIBLING)
    condition = Q(pk__in=related.filter(from_person=child).values("to_person_id")) | Q(
        pk__in=related.filter(to_person=child).values("from_person_id")
    )
    if child.household_id is not None:
        condition |= Q(household_id=child.household_id)
    return condition & ~Q(pk=child.pk) & Q(kind__in=[Person.Kind.CHILD, Person.Kind.UNBORN])


def siblings_in_protection_ids(child: Person) -> dict[int, str]:
    """The ids of the child's brothers and sisters with open child protection work, each with
    what is open (the protection app's rows read by relation name: the apps are independent).
    Three queries, whoever the child and however many siblings."""
    siblings = Person.objects.filter(_brothers_and_sisters(child))
    found: dict[int, str] = {}
    due = DueItem.objects.filter(
        child__in=siblings,
        rule__in=[rules.STRATEGY_DISCUSSION.code, rules.DISCLOSURE_STRATEGY_DISCUSSION.code],
        closed_at=None,
    ).values_list("child_id", flat=True)
    for pk in due:
        found[pk] = "a strategy discussion is due"
    enquiries = siblings.filter(
        enquiries__pk__isnull=False, enquiries__completed_on=None
    ).values_list("pk", flat=True)
    for pk in enquiries:
        found[pk] = "a section 47 enquiry is open"
    plans = siblings.filter(
        protection_plans__pk__isnull=False, protection_plans__ended_on=None
    ).values_list("pk", flat=True)
    for pk in plans:
        found[pk] = "on a child protection plan"
    return found


def siblings_in_protection(child: Person, *, user: User) -> SiblingsInProtection:
    """The child's brothers and sisters with open child protection work, named only when `user`
    may open their record."""
    found = siblings_in_protection_ids(child)
    visible = {
        person.pk: person
        # Every sibling the user may open, whether or not one has work open: the same queries.
        for person in permissions.visible_children(user).filter(_brothers_and_sisters(child))
    }
    named = [(visible[pk], what) for pk, what in sorted(found.items()) if pk in visible]
    return SiblingsInProtection(named=named, unnamed=len(found) - len(named))

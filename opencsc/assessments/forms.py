"""Forms for assessments: their shape and field messages; the services hold the rules."""

from dataclasses import dataclass, field
from typing import Any, cast

from django import forms

from opencsc.accounts.models import User
from opencsc.assessments.models import Assessment, AssessmentFactor, Outcome, factor_label
from opencsc.assessments.services import RETIRED_FACTORS, AssessmentDetails
from opencsc.casework.models import Referral
from opencsc.core.codes import cin_choices
from opencsc.core.forms import PAST_EVENT, DateField, ModelMultipleChoiceField
from opencsc.core.reviews import ReviewForm
from opencsc.core.submissions import SubmitOnceForm

FACTOR_CHOICES = [
    (code, f"{factor_label(code, official)} ({code})")
    for code, official in cin_choices("assessment_factors")
    if code not in RETIRED_FACTORS
]
# The factors' themes, by the number of their code; a code not named here shows under "Other".
FACTOR_GROUPS: list[tuple[str, frozenset[str]]] = [
    ("Alcohol and drug misuse", frozenset({"1", "2"})),
    ("Domestic violence", frozenset({"3"})),
    ("Mental health, learning disability and illness", frozenset({"4", "5", "6"})),
    ("Abuse or neglect", frozenset({"16", "17", "18", "19", "22", "23"})),
    (
        "Exploitation, going missing and harm outside the home",
        frozenset({"10", "11", "12", "13", "14", "15", "24"}),
    ),
    ("Caring, private fostering and seeking asylum", frozenset({"7", "8", "9"})),
    ("Other", frozenset({"20"})),
]


@dataclass
class FactorOption:
    value: str
    label: str
    checked: bool = False
    id: str = ""


@dataclass
class FactorGroup:
    """A theme's factors, shown as one fieldset of checkboxes."""

    legend: str
    options: list[FactorOption] = field(default_factory=list)
    exclusive: FactorOption | None = None


def _theme(code: str) -> str:
    return code.rstrip("ABCDEF")


def _text(label: str, hint: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class SiblingChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Referral) -> str:
        born = f", born {obj.child.date_of_birth:%-d %B %Y}" if obj.child.date_of_birth else ""
        return f"{obj.child.full_name}{born} (referred {obj.referred_on:%-d %B %Y})"


class StartForm(SubmitOnceForm):
    """Start an assessment: when, who does it, and which brothers and sisters join it."""

    started_on = DateField(
        range=PAST_EVENT,
        label="Date the assessment started",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the assessment started"},
    )
    worker = forms.ModelChoiceField(
        label="Social worker doing the assessment",
        queryset=User.objects.none(),
        error_messages={"required": "Choose the social worker doing the assessment"},
    )
    siblings = SiblingChoiceField(
        label="Brothers and sisters assessed with this child",
        help_text="Each child keeps their own factors, views and outcome; the family history and "
        "parents' capacity are shared.",
        queryset=Referral.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, workers: Any, sibling_episodes: list[Referral], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        worker = cast("forms.ModelChoiceField[User]", self.fields["worker"])
        worker.queryset = workers
        self._offered = {episode.pk: episode for episode in sibling_episodes}
        siblings = cast("SiblingChoiceField", self.fields["siblings"])
        siblings.queryset = Referral.objects.filter(pk__in=[e.pk for e in sibling_episodes])
        # Keep the children already loaded for the labels.
        siblings.choices = [
            (episode.pk, siblings.label_from_instance(episode)) for episode in sibling_episodes
        ]
        if not sibling_episodes:
            del self.fields["siblings"]

    def chosen_siblings(self) -> list[Referral]:
        """The brothers' and sisters' episodes ticked, as the offered (already loaded) records."""
        chosen = self.cleaned_data.get("siblings") or []
        return [self._offered.get(episode.pk, episode) for episode in chosen]


class AssessmentForm(SubmitOnceForm):
    """Everything the worker records on one child's assessment, and the family's shared part."""

    seen_on = DateField(
        range=PAST_EVENT,
        label="Date the child was seen",
        help_text="For example, 27 3 2026",
        required=False,
    )
    seen_alone_on = DateField(
        range=PAST_EVENT,
        label="Date the child was seen alone",
        help_text="Leave empty if the child has not been seen alone",
        required=False,
    )
    not_seen_alone_reason = _text(
        "Why the child was not seen alone",
        "For example, the child is a baby, or was too distressed to be seen without a parent",
        rows=3,
    )
    child_views = _text("The child's views and wishes", "In the child's own words where you can")
    lived_experience = _text(
        "The child's lived experience", "What a day is like for this child, at home and outside it"
    )
    family_history = _text(
        "Family history", "What has happened in the family that matters for the child now"
    )
    parenting_capacity = _text(
        "Parents' capacity", "How well the parents or carers meet the child's needs, and can change"
    )
    risk_analysis = _text("Analysis of risk", "What could harm this child, how likely, how serious")
    protective_factors = _text("Protective factors", "What keeps this child safe")
    factors = forms.MultipleChoiceField(
        label="Factors identified at assessment",
        help_text="Choose every factor that applies (CIN census codes)",
        choices=FACTOR_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    outcome_reason = _text("Why this outcome", rows=4)

    @classmethod
    def for_assessment(cls, assessment: Assessment, data: Any = None) -> "AssessmentForm":
        initial = {
            name: getattr(assessment, name)
            for name in (
                "seen_on",
                "seen_alone_on",
                "not_seen_alone_reason",
                "child_views",
                "lived_experience",
                "risk_analysis",
                "protective_factors",
                "outcome",
                "outcome_reason",
            )
        }
        initial["family_history"] = assessment.family.family_history
        initial["parenting_capacity"] = assessment.family.parenting_capacity
        initial["factors"] = [factor.code for factor in assessment.factors.all()]
        return cls(data, initial=initial)

    def factor_groups(self) -> list[FactorGroup]:
        """The factor checkboxes by theme; "No factors identified" comes last, on its own after an
        "or". The first box takes the field's id, so the error summary links to it."""
        bound = self["factors"]
        chosen = {str(code) for code in (bound.value() or [])}
        groups = [FactorGroup(legend) for legend, _ in FACTOR_GROUPS]
        for code, label in FACTOR_CHOICES:
            option = FactorOption(code, label, checked=code in chosen)
            if code == AssessmentFactor.NONE:
                groups[-1].exclusive = option
                continue
            group = next(
                (
                    group
                    for group, (_, themes) in zip(groups, FACTOR_GROUPS, strict=True)
                    if _theme(code) in themes
                ),
                groups[-1],
            )
            group.options.append(option)
        groups = [group for group in groups if group.options or group.exclusive]
        shown = [option for group in groups for option in group.options]
        if groups[-1].exclusive:
            shown.append(groups[-1].exclusive)
        for index, option in enumerate(shown):
            option.id = bound.auto_id if index == 0 else f"{bound.auto_id}-{index}"
        return groups

    def details(self) -> AssessmentDetails:
        data = self.cleaned_data
        return AssessmentDetails(
            seen_on=data["seen_on"],
            seen_alone_on=data["seen_alone_on"],
            not_seen_alone_reason=data["not_seen_alone_reason"],
            child_views=data["child_views"],
            lived_experience=data["lived_experience"],
            risk_analysis=data["risk_analysis"],
            protective_factors=data["protective_factors"],
            factors=list(data["factors"]),
            outcome=data["outcome"],
            outcome_reason=data["outcome_reason"],
            family_history=data["family_history"],
            parenting_capacity=data["parenting_capacity"],
        )


class SubmitForm(SubmitOnceForm):
    """Confirm sending the assessment to a manager."""


class AssessmentReviewForm(ReviewForm):
    """The manager's review: authorise, or return for more work with comments."""

    authorise_label = "Authorise the assessment"
    return_label = "Return it for more work"
    choose_message = "Choose whether to authorise or return the assessment"
    comment_label = "Comments"

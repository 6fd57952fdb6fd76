"""The shape of what is typed at the front door, with messages next to each field."""

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from opencsc.accounts.forms import team_of_staff_field
from opencsc.accounts.models import Agency, Team
from opencsc.core.codes import cin_choices
from opencsc.core.forms import (
    BIRTH,
    DUE,
    PAST_EVENT,
    DateField,
    HiddenDateField,
    ModelMultipleChoiceField,
    TimeField,
)
from opencsc.core.reviews import ReviewForm
from opencsc.core.submissions import SubmitOnceForm
from opencsc.frontdoor.codes import (
    Concern,
    Consent,
    ConsentAnswer,
    ConsentAsked,
    ContactMethod,
    Disclosure,
    OpenChecks,
    Outcome,
    Rating,
    threshold_levels,
)
from opencsc.frontdoor.models import Contact, ContactNotification
from opencsc.frontdoor.services import ContactDetails, DecisionDetails, NamedChild


class ContactForm(SubmitOnceForm):
    """A contact as the MASH records it (the child already found in the person index)."""

    service_fields = {"received_at": "received_on"}

    received_on = DateField(
        range=PAST_EVENT,
        label="Date received",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the contact was received"},
    )
    received_time = TimeField(
        label="Time received",
        help_text="For example, 14:30",
        error_messages={"required": "Enter the time the contact was received"},
    )
    method = forms.ChoiceField(
        label="How did it arrive?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the contact arrived"},
    )
    referral_source = forms.ChoiceField(
        label="Source of the contact",
        choices=[("", "Choose a source"), *cin_choices("referral_source")],
        help_text="As the DfE children in need census lists them",
        error_messages={"required": "Select the source of the contact"},
    )
    referrer_name = forms.CharField(label="Referrer's name", max_length=150, required=False)
    referrer_role = forms.CharField(label="Referrer's role", max_length=150, required=False)
    referrer_organisation = forms.CharField(
        label="Referrer's organisation", max_length=150, required=False
    )
    referrer_phone = forms.CharField(label="Referrer's phone number", max_length=50, required=False)
    referrer_email = forms.EmailField(
        label="Referrer's email address",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    concerns = forms.MultipleChoiceField(
        label="Presenting concerns",
        choices=Concern.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select at least one presenting concern"},
    )
    concern_details = forms.CharField(
        label="What is the concern?",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What happened, what the referrer saw or was told, and what they have done",
        error_messages={"required": "Enter what the concern is"},
    )
    disclosure = forms.ChoiceField(
        label="Has a child disclosed harm?",
        choices=[("none", "No"), *[choice for choice in Disclosure.choices if choice[0]]],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether a child has disclosed harm"},
    )
    disclosure_details = forms.CharField(
        label="What did the child say?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Only if a child disclosed harm: their words, as far as known",
    )
    consent = forms.ChoiceField(
        label="Consent to share information and make enquiries",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether consent was sought"},
    )
    consent_asked = forms.ChoiceField(
        label="Who was asked for consent?",
        choices=ConsentAsked.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Only if consent was sought. A manager overrides a refusal afterwards, on the "
        "contact's page",
    )
    consent_asked_name = forms.CharField(
        label="Their name (optional)", max_length=150, required=False
    )
    consent_not_sought_reason = forms.CharField(
        label="Why was consent not sought?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Only if consent was not sought",
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        day, moment = data.get("received_on"), data.get("received_time")
        if day is not None and moment is not None:
            received_at = timezone.make_aware(datetime.combine(day, moment))
            if received_at > timezone.now():
                self.add_error("received_on", "The date and time received must be in the past")
            data["received_at"] = received_at
        return data

    def details(self, **extra: Any) -> ContactDetails:
        data = self.cleaned_data
        disclosure = "" if data["disclosure"] == "none" else data["disclosure"]
        fields: dict[str, Any] = {
            "method": data.get("method", ""),
            "referral_source": data.get("referral_source", ""),
        }
        fields.update(extra)
        return ContactDetails(
            received_at=data["received_at"],
            referrer_name=data["referrer_name"],
            referrer_role=data["referrer_role"],
            referrer_organisation=data["referrer_organisation"],
            referrer_phone=data["referrer_phone"],
            referrer_email=data["referrer_email"],
            concerns=data["concerns"],
            concern_details=data["concern_details"],
            disclosure=disclosure,
            disclosure_details=data["disclosure_details"] if disclosure else "",
            consent=data["consent"],
            consent_not_sought_reason=data["consent_not_sought_reason"],
            consent_asked=data["consent_asked"],
            consent_asked_name=data["consent_asked_name"],
            **fields,
        )


class MashContactForm(ContactForm):
    """The MASH's contact form: adds a step-up from early help."""

    stepped_up_from = forms.ModelChoiceField(
        label="Stepped up from early help?",
        queryset=Team.objects.none(),
        required=False,
        empty_label="No, not from early help",
        help_text="The early help team, if the family is already working with one",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stepped_up_from"].queryset = Team.objects.filter(  # type: ignore[attr-defined]
            kind=Team.Kind.EARLY_HELP, is_active=True
        )
        method = self.fields["method"]
        assert isinstance(method, forms.ChoiceField)  # noqa: S101  (declared above)
        method.choices = [
            choice for choice in ContactMethod.choices if choice[0] != ContactMethod.PARTNER_PORTAL
        ]


class PartnerContactForm(ContactForm):
    """A partner agency's contact: they name the child; the MASH finds the record."""

    child_name = forms.CharField(
        label="Child's full name",
        max_length=200,
        error_messages={"required": "Enter the child's full name"},
    )
    child_date_of_birth = DateField(
        range=BIRTH,
        label="Child's date of birth",
        required=False,
        help_text="If known. For example, 27 3 2014",
    )
    child_address = forms.CharField(label="Child's address", max_length=300, required=False)
    other_children = forms.CharField(
        label="Other children in the household",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Names and dates of birth, one child a line",
    )

    field_order = ["child_name", "child_date_of_birth", "child_address", "other_children"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("method", "referral_source"):
            self.fields.pop(name)

    def named_children(self) -> list[NamedChild]:
        data = self.cleaned_data
        named = [
            NamedChild(
                name=data["child_name"],
                date_of_birth=data.get("child_date_of_birth"),
                address=data["child_address"],
            )
        ]
        for line in data["other_children"].splitlines():
            if line.strip():
                named.append(NamedChild(name=line.strip()[:200], address=data["child_address"]))
        return named


class RatingForm(SubmitOnceForm):
    rating = forms.ChoiceField(
        label="RAG rating",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        help_text="Red: decide today. Amber: by the next working day. Green: within 3 working "
        "days.",
        error_messages={"required": "Choose red, amber or green"},
    )
    reason = forms.CharField(
        label="Reason for this rating",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for this rating"},
    )


class ConsentForm(SubmitOnceForm):
    """Who the MASH asked for consent, and what they said."""

    asked = forms.ChoiceField(
        label="Who did you ask?",
        choices=ConsentAsked.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who was asked for consent"},
    )
    name = forms.CharField(label="Their name (optional)", max_length=150, required=False)
    answer = forms.ChoiceField(
        label="What did they say?",
        choices=ConsentAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether they gave or refused consent"},
    )
    note = forms.CharField(
        label="Anything else they said (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class OverrideRequestForm(SubmitOnceForm):
    """Ask a manager to override consent: the reasons offered follow what the contact shows."""

    reason = forms.ChoiceField(
        label="Why should consent be overridden?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why consent is being overridden"},
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Why the risk to the child outweighs the family's wishes, and what you will "
        "share with whom",
        error_messages={
            "required": "Enter why the risk to the child outweighs the family's wishes"
        },
    )

    def __init__(self, *args: Any, reasons: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = reasons  # type: ignore[attr-defined]


class OverrideReviewForm(ReviewForm):
    """A manager's answer to a request to override consent."""

    authorise_label = "Authorise the override: checks may be requested"
    return_label = "Do not override consent"
    choose_message = "Choose whether to authorise the override"
    comment_hint = "Required if you do not authorise it: say why"
    comment_needed = "Enter why consent is not to be overridden"


class CheckRequestForm(SubmitOnceForm):
    agencies = ModelMultipleChoiceField(
        label="Which agencies?",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all the agencies to ask",
        error_messages={"required": "Select at least one agency"},
    )
    question = forms.CharField(
        label="What do you need to know?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what you are asking the agencies"},
    )
    shared_with_agency = forms.CharField(
        label="What to share with the agencies about the children and family",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The names, dates of birth and addresses they need to find their records. The "
        "agencies see only this and your question, never the child's record",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agencies"]
        field.queryset = Agency.objects.order_by("kind", "name")  # type: ignore[attr-defined]
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda agency: f"{agency.name} ({agency.get_kind_display().lower()})"
        )


class CheckReturnForm(SubmitOnceForm):
    information = forms.CharField(
        label="Information your agency holds",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What you know about the child and family that bears on the concern; say "
        "so if you hold nothing",
        error_messages={"required": "Enter the information your agency holds"},
    )


class DecisionForm(SubmitOnceForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )
    threshold_level = forms.ChoiceField(
        label="Threshold level",
        widget=forms.RadioSelect,
        help_text="From the local threshold document",
        error_messages={"required": "Choose the threshold level"},
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Why this outcome: the risks, the strengths, what the checks said and the "
        "child's lived experience",
        error_messages={"required": "Enter the rationale for this decision"},
    )
    primary_need = forms.ChoiceField(
        label="Primary need",
        choices=[("", "Choose the primary need"), *cin_choices("primary_need")],
        required=False,
        help_text="Needed for a statutory assessment or a strategy discussion",
    )
    early_help_team = forms.ModelChoiceField(
        label="Early help team",
        queryset=Team.objects.none(),
        required=False,
        empty_label="Choose the team",
        help_text="Needed for early help",
    )
    checks_reason = forms.CharField(
        label="Why decide without the checks?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Needed when checks are still outstanding, or when none were requested for "
        "early help or statutory work. The manager reads it before authorising",
    )

    def __init__(self, *args: Any, amending: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["threshold_level"].choices = threshold_levels()  # type: ignore[attr-defined]
        self.fields["early_help_team"].queryset = Team.objects.filter(  # type: ignore[attr-defined]
            kind=Team.Kind.EARLY_HELP, is_active=True
        )
        if amending:
            self.fields["amendment_reason"] = forms.CharField(
                label="Why are you amending the authorised decision?",
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"required": "Enter why the decision is being amended"},
            )

    def details(self) -> DecisionDetails:
        data = self.cleaned_data
        return DecisionDetails(
            outcome=data["outcome"],
            threshold_level=data["threshold_level"],
            rationale=data["rationale"],
            primary_need=data["primary_need"],
            early_help_team=data["early_help_team"],
            amendment_reason=data.get("amendment_reason", ""),
            checks_reason=data["checks_reason"],
        )


class DecisionReviewForm(ReviewForm):
    """The manager's review of a proposed decision: authorise it, or return it for more work."""

    choose_message = "Choose whether to authorise or return the decision"

    def __init__(
        self,
        *args: Any,
        needs_disclosure_reason: bool = False,
        has_open_checks: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if has_open_checks:
            self.fields["open_checks"] = forms.ChoiceField(
                label="Checks still outstanding",
                choices=OpenChecks.choices,
                widget=forms.RadioSelect,
                required=False,
                help_text="Required to authorise: withdraw them, or let the agencies' answers "
                "come back to the child's record for the worker",
            )
        if needs_disclosure_reason:
            self.fields["no_strategy_discussion_reason"] = forms.CharField(
                label="Why is this not going to a strategy discussion?",
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
                help_text="A child disclosed physical or sexual abuse: required to authorise "
                "any outcome other than a strategy discussion",
            )


class MeetingChoiceForm(forms.Form):
    """A meeting day: to show its agenda, or to put a contact on it (the service refuses twice)."""

    meeting_on = DateField(
        range=DUE,
        label="Meeting date",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the meeting date"},
    )


class MeetingOutcomeForm(forms.Form):
    """What a meeting agreed; the service refuses a second agreement for the same day."""

    meeting_on = HiddenDateField(range=PAST_EVENT, label="Meeting date")
    agreed = forms.CharField(
        label="What was agreed",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what the meeting agreed"},
    )


class QueueFilterForm(forms.Form):
    rating = forms.ChoiceField(
        label="Rating",
        required=False,
        choices=[("", "All ratings"), ("unrated", "Not yet rated"), *Rating.choices],
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "All undecided"),
            *[c for c in Contact.Status.choices if c[0] != Contact.Status.DECIDED],
        ],
    )
    overdue = forms.BooleanField(label="Only decisions overdue", required=False)


class ContactToldForm(SubmitOnceForm):
    """Who the MASH told of a contact about a child a team holds, and how (issue 12)."""

    child = forms.ChoiceField(
        label="About which child?", error_messages={"required": "Choose the child"}
    )
    team = team_of_staff_field("Their team")
    told = forms.ChoiceField(
        label="Who did you tell?",
        help_text="A member of the team, or a head of service",
        error_messages={"required": "Choose who you told"},
    )
    method = forms.ChoiceField(
        label="How did you tell them?",
        choices=[
            (value, label)
            for value, label in ContactNotification.Method.choices
            if value != ContactNotification.Method.IN_APP
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you told them"},
    )
    note = forms.CharField(
        label="What did you say? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        children: dict[str, tuple[str, Any]],
        staff: dict[str, tuple[str, Any]],
        teams: Any,
        team: Team | None,
        **kwargs: Any,
    ) -> None:
        """`staff`: the chosen `team`'s (and the heads of service), the only ones who may be
        chosen as told."""
        super().__init__(*args, **kwargs)
        self.children = children
        self.staff = staff
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["team"].initial = team.pk if team else None
        self.fields["told"].error_messages["invalid_choice"] = (
            f"Choose a member of {team} or a head of service"
            if team
            else "Choose a team first, then a member of its staff"
        )
        child_field = self.fields["child"]
        told_field = self.fields["told"]
        assert isinstance(child_field, forms.ChoiceField)  # noqa: S101  (declared above)
        assert isinstance(told_field, forms.ChoiceField)  # noqa: S101  (declared above)
        child_field.choices = [("", "Choose the child")] + [
            (key, label) for key, (label, _) in children.items()
        ]
        told_field.choices = [("", "Choose a member of staff")] + [
            (key, label) for key, (label, _) in staff.items()
        ]

    def chosen(self) -> tuple[Any, Any]:
        """The child and the member of staff chosen."""
        data = self.cleaned_data
        return self.children[data["child"]][1], self.staff[data["told"]][1]

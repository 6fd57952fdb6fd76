"""The shape of what is typed into the person index, with messages next to each field."""

import re
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.core.codes import cin_choices
from opencsc.core.forms import BIRTH, EXPECTED_BIRTH, PAST_EVENT, DateField, parse_record_number
from opencsc.core.submissions import SubmitOnceForm
from opencsc.people.identifiers import (
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    validate_nhs_number,
    validate_postcode,
    validate_upn,
)
from opencsc.people.models import ImmigrationStatus, Person, Relationship
from opencsc.people.selectors import SearchTerms
from opencsc.people.services import EDITABLE_DETAILS, AddressDetails, PersonDetails


def _clean_nhs(value: str) -> str:
    if not value.strip():
        return ""
    validate_nhs_number(value)
    return normalise_nhs_number(value)


def _clean_upn(value: str) -> str:
    if not value.strip():
        return ""
    validate_upn(value)
    return normalise_upn(value)


def _clean_postcode(value: str) -> str:
    if not value.strip():
        return ""
    validate_postcode(value)
    return normalise_postcode(value)


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class SearchForm(forms.Form):
    """Find a person: by name, date of birth, NHS number, UPN or postcode."""

    name = forms.CharField(
        label="Name",
        required=False,
        max_length=200,
        help_text="Full name, surname, or initial and surname",
    )
    date_of_birth = DateField(
        range=BIRTH, label="Date of birth", required=False, help_text="For example, 27 3 2019"
    )
    nhs_number = forms.CharField(label="NHS number", required=False, max_length=14)
    upn = forms.CharField(label="Unique Pupil Number (UPN)", required=False, max_length=15)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)

    def clean_nhs_number(self) -> str:
        return _clean_nhs(self.cleaned_data["nhs_number"])

    def clean_upn(self) -> str:
        return _clean_upn(self.cleaned_data["upn"])

    def clean_postcode(self) -> str:
        return _clean_postcode(self.cleaned_data["postcode"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and SearchTerms(**cleaned).is_empty():
            self.add_error(
                "name", "Enter a name, date of birth, NHS number, UPN or postcode to search"
            )
        elif not self.errors and (too_few := SearchTerms(**cleaned).too_few()):
            self.add_error("name", too_few)
        return cleaned

    def terms(self) -> SearchTerms:
        return SearchTerms(**self.cleaned_data)


def _not_a_match_reason() -> forms.CharField:
    """Why none of the likely matches shown is the person being recorded (asked only when there
    are some: `people.services.create_person`)."""
    return forms.CharField(
        label="If none of them is this person, say why",
        help_text="For example: a different date of birth confirmed with the school. "
        "Your reason is recorded, and each pair is listed for review.",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PersonFieldsMixin(forms.Form):
    """The details of a person, shared by 'create a record' and 'add a family member'."""

    first_name = forms.CharField(label="First name", required=False, max_length=100)
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter the person's last name"},
    )
    other_names = forms.CharField(
        label="Other names or also known as", required=False, max_length=200
    )
    date_of_birth = DateField(
        range=BIRTH, label="Date of birth", required=False, help_text="For example, 27 3 2019"
    )
    expected_date_of_birth = DateField(
        range=EXPECTED_BIRTH,
        label="Expected date of birth",
        required=False,
        help_text="Only for an unborn child",
    )
    sex = forms.ChoiceField(
        label="Sex", choices=cin_choices("sex"), initial="U", widget=forms.RadioSelect
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity", choices=cin_choices("ethnicity"), initial="NOBT"
    )
    nhs_number = forms.CharField(
        label="NHS number", required=False, max_length=14, help_text="10 digits, like 943 476 5919"
    )
    upn = forms.CharField(label="Unique Pupil Number (UPN)", required=False, max_length=15)

    kind_field = "kind"

    def clean_nhs_number(self) -> str:
        return _clean_nhs(self.cleaned_data["nhs_number"])

    def clean_upn(self) -> str:
        return _clean_upn(self.cleaned_data["upn"])

    def _check_dates(self, kind: str | None) -> None:
        today = timezone.localdate()
        born = self.cleaned_data.get("date_of_birth")
        expected = self.cleaned_data.get("expected_date_of_birth")
        if kind == Person.Kind.CHILD:
            self._check_child_dates(born, expected, today=today)
        elif kind == Person.Kind.UNBORN:
            self._check_unborn_dates(born, expected, today=today)
        elif kind == Person.Kind.ADULT:
            if expected:
                self.add_error(
                    "expected_date_of_birth", "Only an unborn child has an expected date of birth"
                )
            if born and _age(born, today) < 18:
                self.add_error(
                    "date_of_birth", "An adult must be 18 or over: record a child instead"
                )

    def _check_child_dates(self, born: date | None, expected: date | None, *, today: date) -> None:
        if not born and "date_of_birth" not in self.errors:
            self.add_error("date_of_birth", "Enter the child's date of birth")
        elif born and _age(born, today) >= 18:
            self.add_error("date_of_birth", "A child must be under 18: record an adult instead")
        if expected:
            self.add_error(
                "expected_date_of_birth", "Only an unborn child has an expected date of birth"
            )

    def _check_unborn_dates(self, born: date | None, expected: date | None, *, today: date) -> None:
        if born:
            self.add_error("date_of_birth", "An unborn child has no date of birth yet")
        if not expected and "expected_date_of_birth" not in self.errors:
            self.add_error("expected_date_of_birth", "Enter the expected date of birth")

    def details(self, kind: str) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            kind=kind,
            first_name=data["first_name"],
            last_name=data["last_name"],
            other_names=data["other_names"],
            date_of_birth=data.get("date_of_birth"),
            expected_date_of_birth=data.get("expected_date_of_birth"),
            sex=data["sex"],
            ethnicity=data["ethnicity"],
            nhs_number=data["nhs_number"],
            upn=data["upn"],
        )


class PersonForm(SubmitOnceForm, PersonFieldsMixin):
    """Create a person's record."""

    kind = forms.ChoiceField(
        label="Who are you recording?",
        choices=Person.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is a child, an unborn child or an adult"},
    )
    address_line_1 = forms.CharField(label="Address line 1", required=False, max_length=150)
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)", required=False, max_length=150
    )
    town = forms.CharField(label="Town or city (optional)", required=False, max_length=100)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    not_a_match_reason = _not_a_match_reason()

    field_order = [
        "kind",
        "first_name",
        "last_name",
        "other_names",
        "date_of_birth",
        "expected_date_of_birth",
    ]

    def clean_postcode(self) -> str:
        return _clean_postcode(self.cleaned_data["postcode"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_dates(cleaned.get("kind"))
        if cleaned.get("postcode") and not cleaned.get("address_line_1", "").strip():
            self.add_error("address_line_1", "Enter the first line of the address")
        if (
            cleaned.get("address_line_1", "").strip()
            and not cleaned.get("postcode")
            and "postcode" not in self.errors
        ):
            self.add_error("postcode", "Enter the postcode")
        return cleaned

    def address(self) -> AddressDetails | None:
        data = self.cleaned_data
        if not data.get("postcode"):
            return None
        return AddressDetails(
            line_1=data["address_line_1"],
            line_2=data["address_line_2"],
            town=data["town"],
            postcode=data["postcode"],
        )


class RelationshipFieldsMixin(forms.Form):
    """How a relative stands to the person whose record is open."""

    relationship = forms.ChoiceField(
        label="Relationship to the child",
        choices=Relationship.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how this person is related"},
    )
    description = forms.CharField(
        label="Describe the relationship (optional)",
        required=False,
        max_length=100,
        help_text="For example mother, stepfather, half-sister",
    )
    has_parental_responsibility = forms.BooleanField(
        label="Has parental responsibility", required=False
    )
    same_household = forms.BooleanField(
        label="Lives in the same household", required=False, initial=True
    )


class LinkRelativeForm(SubmitOnceForm, RelationshipFieldsMixin):
    """Link an existing record as a relative."""

    relative = forms.IntegerField(widget=forms.HiddenInput)


class NewRelativeForm(SubmitOnceForm, RelationshipFieldsMixin, PersonFieldsMixin):
    """Create a new person as a relative."""

    is_child = forms.ChoiceField(
        label="Is this person a child or an adult?",
        choices=[("adult", "Adult (18 or over)"), ("child", "Child (under 18)")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this person is a child or an adult"},
    )
    not_a_match_reason = _not_a_match_reason()

    field_order = [
        "relationship",
        "description",
        "has_parental_responsibility",
        "same_household",
        "is_child",
    ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_dates(cleaned.get("is_child"))
        return cleaned


class MergeFindForm(forms.Form):
    """Name the duplicate record to merge into the one that is open."""

    duplicate = forms.CharField(
        label="Record number of the duplicate",
        max_length=12,
        help_text="Shown on each record as the LA child ID or person ID, like C0000123",
        error_messages={"required": "Enter the record number of the duplicate"},
    )

    def clean_duplicate(self) -> int:
        record = parse_record_number(self.cleaned_data["duplicate"])
        if record is None:
            raise forms.ValidationError("Enter the record number of the duplicate")
        return record


class MergeConfirmForm(SubmitOnceForm):
    """Confirm a merge with its reason."""

    duplicate = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why are these the same person?",
        widget=forms.Textarea,
        max_length=500,
        error_messages={"required": "Enter why these records are the same person"},
    )


class ChronologyFilterForm(forms.Form):
    """Filter a chronology by kind of event, and search its text (and its case notes' text)."""

    kind = forms.ChoiceField(label="Show", required=False)
    text = forms.CharField(label="Containing the words", max_length=100, required=False)

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)  # noqa: S101 (narrows the type for mypy)
        kind_field.choices = [("", "All events"), *kinds]


class RestrictionForm(SubmitOnceForm):
    """Restrict a record to named staff, or lift the restriction."""

    is_restricted = forms.TypedChoiceField(
        label="Who can open this record?",
        choices=[
            ("no", "Staff who need to, as usual"),
            ("yes", "Only the staff named below (restricted)"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who can open this record"},
    )
    named_staff = forms.CharField(
        label="Usernames of the staff who may open it",
        required=False,
        widget=forms.Textarea,
        help_text="One username per line or separated by commas. You are always included.",
    )
    reason = forms.CharField(
        label="Why is access changing?",
        max_length=300,
        error_messages={"required": "Enter why access to this record is changing"},
    )

    def clean_named_staff(self) -> list[User]:
        names = {
            name.strip().lower() for name in re.split(r"[\s,]+", self.cleaned_data["named_staff"])
        }
        names.discard("")
        accounts = User.objects.filter(username__in=names, is_active=True)
        found = {user.username.lower(): user for user in accounts}
        missing = sorted(names - found.keys())
        if missing:
            raise forms.ValidationError(
                f"No active staff account with username {', '.join(missing)}"
            )
        readers = permissions.CASE_HOLDING_ROLES | permissions.READ_EVERY_CHILD_ROLES
        cannot = sorted(name for name, user in found.items() if user.role not in readers)
        if cannot:
            raise forms.ValidationError(
                f"{', '.join(cannot)} cannot open children's records: name social care staff"
            )
        return list(found.values())


class DisabilityForm(SubmitOnceForm):
    """A child's disabilities, as the CIN census codes them, or "No disability"."""

    codes = forms.MultipleChoiceField(
        label="Does the child have a disability?",
        help_text="Choose every one that applies",
        choices=[(code, label) for code, label in cin_choices("disability") if code != "NONE"]
        + [("NONE", "No disability")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the child's disabilities, or “No disability”"},
    )


class PersonDetailsForm(SubmitOnceForm):
    """Change a person's details (people.services.change_person_details), with the reason."""

    first_name = forms.CharField(label="First name", required=False, max_length=100)
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the last name"}
    )
    other_names = forms.CharField(
        label="Other names or also known as", required=False, max_length=200
    )
    date_of_birth = DateField(
        range=BIRTH, label="Date of birth", required=False, help_text="For example, 27 3 2019"
    )
    sex = forms.ChoiceField(label="Sex", choices=cin_choices("sex"), widget=forms.RadioSelect)
    gender_identity = forms.CharField(
        label="Gender identity (optional)",
        required=False,
        max_length=100,
        help_text="In the person's own words, when it differs from their sex",
    )
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=cin_choices("ethnicity"))
    first_language = forms.CharField(label="First language", required=False, max_length=100)
    needs_interpreter = forms.BooleanField(label="Needs an interpreter", required=False)
    religion = forms.CharField(label="Religion or belief", required=False, max_length=100)
    nhs_number = forms.CharField(
        label="NHS number", required=False, max_length=14, help_text="10 digits, like 943 476 5919"
    )
    upn = forms.CharField(label="Unique Pupil Number (UPN)", required=False, max_length=15)
    immigration_status = forms.ChoiceField(
        label="Immigration status",
        required=False,
        choices=[("", "Not recorded"), *ImmigrationStatus.choices],
    )
    is_uasc = forms.BooleanField(label="Unaccompanied asylum-seeking child (UASC)", required=False)
    phone = forms.CharField(label="Phone number", required=False, max_length=30)
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=200,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    gp_practice_name = forms.CharField(label="GP practice", required=False, max_length=150)
    gp_practice_address = forms.CharField(
        label="GP practice address", required=False, max_length=300
    )
    school_name = forms.CharField(label="School or nursery", required=False, max_length=150)
    school_urn = forms.CharField(
        label="School URN", required=False, max_length=6, help_text="6 digits, like 100000"
    )
    reason = forms.CharField(
        label="Why are the details changing?",
        max_length=100,
        help_text="For example: change of name by deed poll, NHS number from the GP",
        error_messages={"required": "Enter why the details are changing"},
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {name: getattr(person, name) for name in self.detail_fields(person)}
        )
        super().__init__(*args, **kwargs)
        self.person = person
        if person.kind == Person.Kind.UNBORN:
            del self.fields["date_of_birth"]  # recorded when the birth is
        elif person.kind == Person.Kind.CHILD:
            self.fields["date_of_birth"].required = True
            self.fields["date_of_birth"].error_messages["required"] = (
                "Enter the child's date of birth"
            )
        if not person.is_child:
            del self.fields["upn"], self.fields["is_uasc"]
            del self.fields["school_name"], self.fields["school_urn"]

    @staticmethod
    def detail_fields(person: Person) -> list[str]:
        """The details this form changes for `person`."""
        skip = {"date_of_birth"} if person.kind == Person.Kind.UNBORN else set()
        if not person.is_child:
            skip |= {"upn", "is_uasc", "school_name", "school_urn"}
        return [name for name in EDITABLE_DETAILS if name not in skip]

    def clean_nhs_number(self) -> str:
        return _clean_nhs(self.cleaned_data["nhs_number"])

    def clean_upn(self) -> str:
        return _clean_upn(self.cleaned_data["upn"])

    def clean_school_urn(self) -> str:
        urn = self.cleaned_data["school_urn"].strip()
        if urn and not re.fullmatch(r"\d{6}", urn):
            raise forms.ValidationError("Enter a school URN of 6 digits, like 100000")
        return urn

    def changes(self) -> dict[str, object]:
        """Every detail as typed: the service keeps only what differs from the record."""
        return {
            name: self.cleaned_data[name]
            for name in self.detail_fields(self.person)
            if name in self.cleaned_data
        }


class MoveForm(SubmitOnceForm):
    """A person's new address and the day they moved (people.services.record_move)."""

    address_line_1 = forms.CharField(
        label="Address line 1",
        max_length=150,
        error_messages={"required": "Enter the first line of the new address"},
    )
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)", required=False, max_length=150
    )
    town = forms.CharField(label="Town or city (optional)", required=False, max_length=100)
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        error_messages={"required": "Enter the postcode of the new address"},
    )
    moved_on = DateField(
        range=PAST_EVENT,
        label="Date of the move",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the move"},
    )
    with_household = forms.TypedChoiceField(
        label="Who moved?",
        choices=[
            ("no", "Only this person: they no longer live with their household"),
            ("yes", "Everyone in the household moved together"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
        error_messages={"required": "Select who moved"},
    )

    def clean_postcode(self) -> str:
        return _clean_postcode(self.cleaned_data["postcode"])

    def address(self) -> AddressDetails:
        data = self.cleaned_data
        return AddressDetails(
            line_1=data["address_line_1"],
            line_2=data["address_line_2"],
            town=data["town"],
            postcode=data["postcode"],
        )


class PairReviewForm(SubmitOnceForm):
    """Review a likely duplicate pair once: merge it (keeping one record) or "not the same"."""

    MERGE, NOT_SAME = "merge", "not_same"

    outcome = forms.ChoiceField(
        label="Are these records the same person?",
        choices=[
            (MERGE, "Yes: merge them into one record"),
            (NOT_SAME, "No: they are two different people"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether these records are the same person"},
    )
    keep = forms.ChoiceField(
        label="Which record should stay?",
        choices=[("a", "The first record"), ("b", "The second record")],
        widget=forms.RadioSelect,
        required=False,
        help_text="The other record redirects to it, and everything recorded on it moves across.",
    )
    reason = forms.CharField(
        label="Why?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"required": "Enter why you decided this"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("outcome") == self.MERGE and not cleaned.get("keep"):
            self.add_error("keep", "Select which record should stay")
        return cleaned

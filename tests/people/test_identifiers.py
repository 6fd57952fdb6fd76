"""NHS numbers, UPNs and postcodes are checked as typed; names match by how they sound."""

import pytest
from django.core.exceptions import ValidationError

from opencsc.people.identifiers import (
    name_key,
    nhs_check_digit,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    upn_check_letter,
    validate_nhs_number,
    validate_postcode,
    validate_upn,
)


@pytest.mark.parametrize(
    "number",
    [
        "9434765919",
        "943 476 5919",
        "943-476-5919",
        " 943 476 5919 ",
        "1000000060",  # 11 - (22 mod 11) is 11, so the check digit is 0
    ],
)
def test_a_valid_nhs_number_is_accepted_however_it_is_spaced(number):
    validate_nhs_number(number)

    assert normalise_nhs_number(number) == number.strip().replace(" ", "").replace("-", "")


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("9434765918", "nhs_check"),  # the check digit is 9
        ("9434765910", "nhs_check"),
        ("1000000010", "nhs_check"),  # the check digit would be 10: no NHS number starts so
        ("1000000019", "nhs_check"),
        ("943476591", "nhs_format"),  # 9 digits
        ("94347659190", "nhs_format"),  # 11 digits
        ("943476591X", "nhs_format"),
        ("", "nhs_format"),
    ],
)
def test_an_invalid_nhs_number_is_refused_with_the_reason(number, code):
    with pytest.raises(ValidationError) as refused:
        validate_nhs_number(number)

    assert refused.value.code == code


def test_the_nhs_check_digit_is_none_when_modulus_11_gives_10():
    assert (nhs_check_digit("943476591"), nhs_check_digit("100000001")) == (9, None)


def test_the_nhs_number_messages_say_what_to_type():
    with pytest.raises(ValidationError) as wrong_length:
        validate_nhs_number("12345")
    with pytest.raises(ValidationError) as wrong_check:
        validate_nhs_number("9434765918")

    assert wrong_length.value.messages == ["Enter an NHS number with 10 digits, like 943 476 5919"]
    assert wrong_check.value.messages == [
        "Enter a valid NHS number: the last digit does not match the check digit"
    ]


def _upn(last_twelve: str) -> str:
    return upn_check_letter(last_twelve) + last_twelve


def test_the_upn_check_letter_follows_the_dfe_weights():
    # (3*2 + 0*3 + 8*4 + 2*5 + 0*6 + 1*7 + 8*8 + 1*9 + 2*10 + 0*11 + 0*12 + 1*13) mod 23 = 0: A
    assert upn_check_letter("308201812001") == "A"


@pytest.mark.parametrize(
    "upn",
    [
        _upn("308201812001"),
        _upn("308201812999"),
        _upn("30820181200A"),  # a temporary UPN ends with a letter
        _upn("30820181200T"),
    ],
)
def test_a_valid_upn_is_accepted(upn):
    validate_upn(upn)


def test_a_upn_is_normalised_to_capitals_without_spaces():
    typed = "a308 2018 1200 1"

    validate_upn(typed)

    assert normalise_upn(typed) == "A308201812001"


@pytest.mark.parametrize(
    ("upn", "code"),
    [
        ("B308201812001", "upn_check"),  # the check letter is A
        (_upn("999201812001"), "upn_la"),  # 999 is no local authority
        (_upn("000201812001"), "upn_la"),
        ("A30820181200", "upn_format"),  # 12 characters
        ("A3082018120011", "upn_format"),  # 14 characters
        ("I308201812001", "upn_format"),  # I is never a check letter
        ("A30820181200I", "upn_format"),  # nor a temporary letter
        ("1308201812001", "upn_format"),
    ],
)
def test_an_invalid_upn_is_refused_with_the_reason(upn, code):
    with pytest.raises(ValidationError) as refused:
        validate_upn(upn)

    assert refused.value.code == code


@pytest.mark.parametrize(
    "postcode",
    [
        "N18 2AB",
        "EC1A 1BB",
        "W1A 0AX",
        "M1 1AE",
        "B33 8TH",
        "CR2 6XH",
        "DN55 1PT",
        "SW1A 2AA",
        "GIR 0AA",
        "n182ab",
        " ec1a  1bb ",
    ],
)
def test_a_real_postcode_is_accepted_however_it_is_typed(postcode):
    validate_postcode(postcode)


@pytest.mark.parametrize(
    "postcode",
    [
        "XYZ 123",
        "N18",
        "12345",
        "Q1 1AA",  # no area starts with Q
        "N1 1CA",  # C is never in the inward code
        "N18 2AB X",
        "",
    ],
)
def test_a_postcode_that_cannot_exist_is_refused(postcode):
    with pytest.raises(ValidationError) as refused:
        validate_postcode(postcode)

    assert refused.value.messages == ["Enter a real postcode, like N18 2AB"]


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("n182ab", "N18 2AB"),
        ("N18 2AB", "N18 2AB"),
        (" ec1a  1bb ", "EC1A 1BB"),
        ("m11ae", "M1 1AE"),
        ("gir0aa", "GIR 0AA"),
    ],
)
def test_a_postcode_is_stored_in_capitals_with_one_space(typed, normal):
    assert normalise_postcode(typed) == normal


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Smith", "Smyth"),
        ("Catherine", "Katherine"),
        ("Mohammed", "Muhammad"),
        ("Mohammed", "Mohamed"),
        ("Jon", "John"),
        ("O'Brien", "OBrien"),
        ("smith", "SMITH"),
    ],
)
def test_spelling_variants_share_a_name_key(one, other):
    assert name_key(one) == name_key(other) != ""


@pytest.mark.parametrize(("one", "other"), [("Smith", "Jones"), ("Catherine", "Caroline")])
def test_different_names_have_different_keys(one, other):
    assert name_key(one) != name_key(other)


def test_a_name_without_letters_has_no_key():
    assert (name_key(""), name_key("-"), name_key("123")) == ("", "", "")

"""Identifier checks: NHS number (modulus 11), UPN (check letter), UK postcode."""

import pytest
from django.core.exceptions import ValidationError

from opencsc.people.identifiers import (
    name_key,
    normalise_postcode,
    upn_check_letter,
    validate_nhs_number,
    validate_postcode,
    validate_upn,
)


@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5919", "9990000018"])
def test_valid_nhs_numbers_pass(number):
    validate_nhs_number(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("9434765918", "nhs_check"),  # last digit is not the check digit
        ("943476591", "nhs_format"),  # nine digits
        ("94347659190", "nhs_format"),  # eleven digits
        ("94347659A9", "nhs_format"),
        ("9990000017", "nhs_check"),
    ],
)
def test_invalid_nhs_numbers_are_refused(number, code):
    with pytest.raises(ValidationError) as refused:
        validate_nhs_number(number)

    assert refused.value.code == code


def test_an_nhs_number_whose_check_digit_would_be_ten_is_refused():
    # 1000000010: weights give a remainder of 1, so the check would be 10: no valid number.
    with pytest.raises(ValidationError):
        validate_nhs_number("1000000010")


def _upn(body: str) -> str:
    return upn_check_letter(body) + body


def test_a_upn_with_its_check_letter_and_a_real_la_code_passes():
    validate_upn(_upn("308201812001"))


def test_a_temporary_upn_ending_in_a_letter_passes():
    validate_upn(_upn("30820181200A"))


def test_a_upn_with_the_wrong_check_letter_is_refused():
    upn = _upn("308201812001")
    wrong = "B" if upn[0] != "B" else "C"

    with pytest.raises(ValidationError) as refused:
        validate_upn(wrong + upn[1:])

    assert refused.value.code == "upn_check"


def test_a_upn_with_an_unknown_la_code_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_upn(_upn("000201812001"))

    assert refused.value.code == "upn_la"


@pytest.mark.parametrize("upn", ["A12345", "1308201812001", "I308201812001"])
def test_a_badly_formed_upn_is_refused(upn):
    with pytest.raises(ValidationError) as refused:
        validate_upn(upn)

    assert refused.value.code == "upn_format"


@pytest.mark.parametrize(
    "postcode",
    ["N18 2AB", "n182ab", "EC1A 1BB", "W1A 0AX", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT"],
)
def test_real_postcode_formats_pass(postcode):
    validate_postcode(postcode)


@pytest.mark.parametrize("postcode", ["XYZ 123", "N18", "12345", "N18 2A", "QN1 1AA"])
def test_bad_postcodes_are_refused(postcode):
    with pytest.raises(ValidationError):
        validate_postcode(postcode)


def test_postcodes_are_stored_in_capitals_with_one_space():
    assert normalise_postcode(" ec1a1bb ") == "EC1A 1BB"


@pytest.mark.parametrize(
    ("one", "other"), [("Smith", "Smyth"), ("Catherine", "Katherine"), ("Mohammed", "Muhammad")]
)
def test_spelling_variants_share_a_name_key(one, other):
    assert name_key(one) == name_key(other)

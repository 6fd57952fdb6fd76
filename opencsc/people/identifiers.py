"""Checks and normal forms for the identifiers the person index holds: NHS number, UPN, postcode."""

import re
import unicodedata

import jellyfish
from django.core.exceptions import ValidationError

from opencsc.core.codes import _load

UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
POSTCODE = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])"
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def normalise_nhs_number(value: str) -> str:
    """The NHS number as 10 digits, without the spaces or dashes people type."""
    return re.sub(r"[\s-]", "", value)


def nhs_check_digit(first_nine: str) -> int | None:
    """The modulus 11 check digit of nine digits, or None if none fits (NHS data dictionary)."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True)
    )
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def validate_nhs_number(value: str) -> None:
    """An NHS number is 10 digits whose last is the modulus 11 check digit of the first nine."""
    number = normalise_nhs_number(value)
    if not re.fullmatch(r"\d{10}", number):
        raise ValidationError(
            "Enter an NHS number with 10 digits, like 943 476 5919", code="nhs_format"
        )
    if nhs_check_digit(number[:9]) != int(number[9]):
        raise ValidationError(
            "Enter a valid NHS number: the last digit does not match the check digit",
            code="nhs_check",
        )


def normalise_upn(value: str) -> str:
    """The UPN in capitals without spaces."""
    return re.sub(r"\s", "", value).upper()


def upn_check_letter(last_twelve: str) -> str:
    """The check letter for characters 2-13 of a UPN (DfE common basic data set)."""
    total = 0
    for weight, character in enumerate(last_twelve, start=2):
        value = int(character) if character.isdigit() else UPN_CHECK_LETTERS.index(character)
        total += value * weight
    return UPN_CHECK_LETTERS[total % 23]


def validate_upn(value: str) -> None:
    """A UPN: check letter, 11 digits (LA, school, year, serial), a digit or temporary letter."""
    upn = normalise_upn(value)
    if not re.fullmatch(rf"[{UPN_CHECK_LETTERS}]\d{{11}}[0-9{UPN_CHECK_LETTERS}]", upn):
        raise ValidationError(
            "Enter a UPN with 13 characters: a letter, 11 numbers, then a number or letter",
            code="upn_format",
        )
    if upn[1:4] not in set(_load("cin_census")["upn_la_codes"]):
        raise ValidationError(
            "Enter a valid UPN: characters 2 to 4 are not a local authority code", code="upn_la"
        )
    if upn_check_letter(upn[1:]) != upn[0]:
        raise ValidationError(
            "Enter a valid UPN: the first letter does not match the check letter", code="upn_check"
        )


def normalise_postcode(value: str) -> str:
    """The postcode in capitals with one space before the inward code (N1 1AA)."""
    compact = re.sub(r"\s", "", value).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def postcode_district(value: str) -> str:
    """The postcode's district (its outward code: "N17" of "N17 6AB"), enough to recognise where a
    person lives without giving their address."""
    compact = re.sub(r"\s", "", value or "").upper()
    return compact[:-3] if len(compact) > 3 else compact


def validate_postcode(value: str) -> None:
    """A full UK postcode, like N18 2AB."""
    if not POSTCODE.fullmatch(re.sub(r"\s", "", value).upper()):
        raise ValidationError("Enter a real postcode, like N18 2AB", code="postcode")


def fold_name(name: str) -> str:
    """A name in lower case without accents, for prefix search by index (Zoë -> zoe)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()[:100]


def prefix_range(prefix: str) -> tuple[str, str]:
    """The half-open range of strings that start with `prefix`: an index can answer it. The end
    skips the code points no text holds (UTF-16 surrogates) and past the last one (a prefix
    ending in U+10FFFF ends where its stem's next character does)."""
    stem = prefix.rstrip(_LAST_CODE_POINT)
    if not stem:
        return prefix, prefix + _LAST_CODE_POINT
    following = ord(stem[-1]) + 1
    if _SURROGATES[0] <= following <= _SURROGATES[1]:
        following = _SURROGATES[1] + 1
    return prefix, stem[:-1] + chr(following)


_LAST_CODE_POINT = chr(0x10FFFF)
_SURROGATES = (0xD800, 0xDFFF)


def name_key(name: str) -> str:
    """A sound-alike key (metaphone): Smith finds Smyth and Katherine finds Catherine."""
    letters = re.sub(r"[^A-Za-z]", "", name)
    return jellyfish.metaphone(letters)[:32] if letters else ""

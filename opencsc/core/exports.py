"""Downloads people open in a spreadsheet: each cell written so that nothing in it runs as a
formula (CSV or formula injection, OWASP). A text cell that starts with "=", "+", "-", "@", a tab
or a carriage return is prefixed with an apostrophe, which spreadsheets show as text; numbers are
written as they are."""

from datetime import date
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """`value` as a download cell: numbers and dates unchanged, text never read as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (int, float, Decimal, date)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text

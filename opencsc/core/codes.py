"""Official code lists (DfE CIN census, Ofsted Annex A), read from the copies in `core/data/codes/`.

Each list is defined once and shared by models, forms, validation and returns. The YAML files are
copies of the project's shared domain code lists; their headers name the public sources.
"""

from functools import cache
from pathlib import Path
from typing import Any

import yaml

CODES_DIR = Path(__file__).resolve().parent / "data" / "codes"


@cache
def _load(return_name: str) -> dict[str, Any]:
    with (CODES_DIR / f"{return_name}.yaml").open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


def cin_code_list(name: str) -> dict[str, str]:
    """One CIN census code list: code -> official label."""
    return {str(code): str(label) for code, label in _load("cin_census")[name].items()}


def cin_choices(name: str) -> list[tuple[str, str]]:
    """A CIN census code list as Django choices, labels as DfE words them."""
    return list(cin_code_list(name).items())

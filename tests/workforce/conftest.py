"""Fixtures for workforce's tests: the casework teams, managers and workers, and the clock."""

from tests.casework.conftest import (  # noqa: F401
    clock,
    cp_manager,
    cp_team,
    cp_worker,
    head_of_service,
    manager,
    referral,
    second_manager,
    worker,
)

"""The record's tests use the pathway's casework fixtures: its teams, staff, clock and referral."""

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

from tests.protection.fixtures import (  # noqa: F401
    child,
    clock,
    cp_team,
    head_of_service,
    manager,
    other_worker,
    referral,
    worker,
)

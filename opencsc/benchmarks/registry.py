"""Every benchmark `opencsc bench` knows, by name. Add a new one to BENCHMARKS."""

from opencsc.benchmarks.base import Benchmark
from opencsc.benchmarks.duplicates import DUPLICATES
from opencsc.benchmarks.foundation import FOUNDATION
from opencsc.benchmarks.frontdoor import FRONT_DOOR
from opencsc.benchmarks.missing import MISSING
from opencsc.benchmarks.notes import NOTES
from opencsc.benchmarks.pathway import PATHWAY
from opencsc.benchmarks.privatefostering import PRIVATE_FOSTERING
from opencsc.benchmarks.security import SECURITY
from opencsc.benchmarks.tray import TRAY

BENCHMARKS: dict[str, Benchmark] = {
    benchmark.name: benchmark
    for benchmark in (
        FOUNDATION,
        FRONT_DOOR,
        PATHWAY,
        SECURITY,
        NOTES,
        TRAY,
        DUPLICATES,
        MISSING,
        PRIVATE_FOSTERING,
    )
}


def get(name: str) -> Benchmark:
    """The benchmark called `name`; KeyError names the known ones."""
    try:
        return BENCHMARKS[name]
    except KeyError:
        known = ", ".join(sorted(BENCHMARKS))
        raise KeyError(f"Unknown benchmark {name!r}: choose from {known}.") from None

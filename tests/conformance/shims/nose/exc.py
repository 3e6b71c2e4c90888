"""nose.exc stub: SkipTest and DeprecatedTest."""
from unittest import SkipTest  # noqa: F401


class DeprecatedTest(SkipTest):
    """nose's deprecated-test marker, reported as a skip."""

"""nose.plugins.skip stub: SkipTest is unittest.SkipTest, which pytest reports as a skip."""
from unittest import SkipTest  # noqa: F401

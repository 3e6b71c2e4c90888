"""theano.tests.breakpoint: PdbBreakpoint (re-export)."""
from theano.frontend.ops.breakpoint import PdbBreakpoint  # noqa: F401

"""theano.tests.disturb_mem (re-export)."""
from theano.frontend.record import disturb_mem  # noqa: F401

"""theano.tests.record: Record, MismatchError and RecordMode (re-exports)."""
from theano.frontend.record import MismatchError, Record  # noqa: F401
from theano.lowering.record_mode import RecordMode  # noqa: F401

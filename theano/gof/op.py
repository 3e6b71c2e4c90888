"""theano.gof.op (re-exports)."""
from theano.frontend.graph import Op  # noqa: F401
from theano.frontend.graph import Op as PureOp  # noqa: F401
from theano.frontend.graph import COp  # noqa: F401
from theano.frontend.test_values import debug_assert, debug_error_message, get_debug_values  # noqa: F401
from theano.frontend.test_values import get_test_value, missing_test_message  # noqa: F401
from theano.gof import utils  # noqa: F401 - gof.op.utils, as in Theano

"""theano.compile.ops (re-exports)."""
from theano.frontend.ops.compile_ops import DeepCopyOp, OutputGuard, ViewOp, deep_copy_op, view_op  # noqa: F401
from theano.frontend.ops.compile_ops import FromFunctionOp, as_op, load_back  # noqa: F401,E402
from theano.frontend.ops.jax_op import JaxOp, jax_op  # noqa: F401,E402 - issue 15
from theano.frontend.ops.shape import Shape_i  # noqa: F401,E402
from theano.frontend.ops.shape import Shape  # noqa: F401,E402
from theano.frontend.ops.broadcast import Rebroadcast  # noqa: F401,E402

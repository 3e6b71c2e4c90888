"""theano.tensor: re-exports the tensor namespace of theano.frontend."""
from theano.frontend.tensor import *  # noqa: F401,F403
from theano.frontend.tensor import _tensor_py_operators  # noqa: F401
from theano.frontend.gradient import grad  # noqa: F401
from theano.frontend.shared import shared  # noqa: F401
from theano.tensor import nnet  # noqa: F401,E402
from theano.tensor import basic, elemwise, extra_ops, nlinalg, sort, type, var  # noqa: F401,E402
from theano.tensor.sharedvar import tensor_constructor as _shared  # noqa: F401,E402 - Theano's name

# --- issue 10: random streams
from theano.tensor import raw_random as raw_random  # noqa: E402
from theano.tensor import shared_randomstreams as shared_randomstreams  # noqa: E402
# --- issue 10: linear algebra
from theano.tensor import slinalg, type_other  # noqa: F401,E402
from theano.tensor.type_other import NoneConst, NoneTypeT, none_type_t  # noqa: F401,E402

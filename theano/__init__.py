"""theano-xla: the Theano 1.0.5 API on JAX and XLA.

This package is the drop-in facade: Theano's module paths, re-exporting the implementation in
theano.frontend (graphs), theano.passes (rewrites) and theano.lowering (JAX).
"""
__version__ = "1.0.5+xla.0.1.0"
version = __version__

from theano.frontend.config import config  # noqa: E402,F401
import theano.lowering  # noqa: E402,F401  (registers the device backend and the lowering rules)
from theano.frontend.graph import Apply, Constant, Variable  # noqa: E402,F401
from theano.frontend.graph import clone_replace as clone  # noqa: E402,F401
from theano.frontend.fgraph import FunctionGraph  # noqa: E402,F401
from theano.frontend.shared import SharedVariable, shared  # noqa: E402,F401
from theano.frontend.gradient import grad  # noqa: E402,F401
from theano.lowering.function import function  # noqa: E402,F401
from theano.lowering.io import In, Out  # noqa: E402,F401
from theano.lowering.io import In as Param  # noqa: E402,F401
from theano.lowering.mode import Mode  # noqa: E402,F401
from theano import tensor  # noqa: E402,F401

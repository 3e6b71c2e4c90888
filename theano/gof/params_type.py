"""theano.gof.params_type: a struct of typed op parameters (re-exports)."""
from theano.frontend.op_params import Params, ParamsType  # noqa: F401

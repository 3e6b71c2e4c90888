"""theano.tensor.type (re-exports)."""
from theano.frontend.type import TensorType  # noqa: F401
from theano.frontend.type import (values_eq_approx, values_eq_approx_always_true,  # noqa: F401
                                  values_eq_approx_remove_inf, values_eq_approx_remove_inf_nan,
                                  values_eq_approx_remove_nan)

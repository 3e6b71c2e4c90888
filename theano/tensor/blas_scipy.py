"""theano.tensor.blas_scipy: the Ger op Theano ran through scipy's fblas (re-exports; the same computation here)."""
from theano.frontend.ops.blas_ops import (  # noqa: F401
    Ger, ScipyGer, ger, ger_destructive, scipy_ger_inplace, scipy_ger_no_inplace)
from theano.tensor.blas import have_fblas  # noqa: F401

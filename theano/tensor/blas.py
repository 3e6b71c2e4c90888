"""theano.tensor.blas: Theano 1.0.5's BLAS ops and helpers (re-exports; XLA picks the BLAS kernels).

No rewrite turns `dot` (+ `add`) into these ops here: XLA fuses them itself (frontend/ops/blas_ops.py).
"""
from theano.frontend.fgraph import InconsistencyError  # noqa: F401
from theano.frontend.ops.blas import BatchedDot, Dot, batched_dot  # noqa: F401
from theano.frontend.ops.blas_ops import (  # noqa: F401
    Dot22, Dot22Scalar, Gemm, GemmRelated, Gemv, Ger, _dot22, _dot22scalar, gemm, gemm_inplace, gemm_no_inplace,
    gemv, gemv_inplace, gemv_no_inplace, ger, ger_destructive, view_roots)
from theano.passes.blas_canonical import (  # noqa: F401
    _as_scalar, _factor_canonicalized, _gemm_canonicalize, _is_real_matrix, _is_real_vector, res_is_a)

have_fblas = True  # Theano: scipy's fblas bindings import (blas_scipy's ops exist); here XLA's BLAS always serves

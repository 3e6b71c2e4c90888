"""theano.sandbox.linalg: the linear-algebra ops under their sandbox names (re-exports)."""
from theano.sandbox.linalg.ops import (alloc_diag, cholesky, det, diag, eig, eigh, eigvalsh,  # noqa: F401
                                       extract_diag, matrix_inverse, psd, solve, spectral_radius_bound, trace)

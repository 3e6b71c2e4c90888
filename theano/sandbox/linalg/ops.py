"""theano.sandbox.linalg.ops: re-exports, and (importing it registers them, as in Theano) the sandbox rewrites."""
from theano.frontend.ops.nlinalg import (AllocDiag, Det, Eig, Eigh, ExtractDiag, Hint, MatrixInverse,  # noqa: F401
                                         alloc_diag, det, diag, eig, eigh, extract_diag, hints, is_psd,
                                         matrix_dot, matrix_inverse, psd, spectral_radius_bound, trace)
from theano.frontend.ops.slinalg import Cholesky, Solve, cholesky, eigvalsh, solve  # noqa: F401
from theano.passes.linalg_rewrites import (inv_as_solve, psd_solve_with_chol, remove_hint_nodes,  # noqa: F401
                                          tag_solve_triangular, transinv_to_invtrans)

imported_scipy = True  # Theano's flag: the ops lower to jax.scipy here

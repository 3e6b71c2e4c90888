"""theano.sandbox.linalg.ops: re-exports, and (importing it registers them, as in Theano) the sandbox rewrites."""
from theano._pending import pending_function
from theano.frontend.ops.nlinalg import (AllocDiag, Det, Eig, Eigh, ExtractDiag, MatrixInverse,  # noqa: F401
                                         alloc_diag, det, diag, eig, eigh, extract_diag, matrix_dot,
                                         matrix_inverse, spectral_radius_bound, trace)
from theano.frontend.ops.slinalg import Cholesky, Solve, cholesky, eigvalsh, solve  # noqa: F401
from theano.passes.linalg_rewrites import inv_as_solve, tag_solve_triangular, transinv_to_invtrans  # noqa: F401

imported_scipy = True  # Theano's flag: the ops lower to jax.scipy here

# the Hint op and the rewrites that read hints (psd_solve_with_chol, local_det_chol) are not implemented yet
psd = pending_function("theano.sandbox.linalg.ops.psd", "linear algebra hints")

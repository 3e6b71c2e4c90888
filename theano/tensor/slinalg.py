"""theano.tensor.slinalg: scipy.linalg as Theano ops (re-exports of theano.frontend.ops.slinalg)."""
from theano.frontend.ops.slinalg import (MATRIX_STRUCTURES, Cholesky, CholeskyGrad, Eigvalsh,  # noqa: F401
                                         EigvalshGrad, Expm, ExpmGrad, Solve, cholesky, eigvalsh, expm, kron,
                                         solve, solve_lower_triangular, solve_symmetric, solve_upper_triangular)

imported_scipy = True  # Theano's flag: the ops do not need scipy here (they lower to jax.scipy)

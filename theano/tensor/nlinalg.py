"""theano.tensor.nlinalg: numpy.linalg as Theano ops (re-exports of theano.frontend.ops.nlinalg)."""
from theano.frontend.ops.nlinalg import (SVD, AllocDiag, Det, Eig, Eigh, EighGrad, ExtractDiag,  # noqa: F401
                                         MatrixInverse, MatrixPinv, QRFull, QRIncomplete, TensorInv, TensorSolve,
                                         _zero_disconnected, alloc_diag, det, diag, eig, eigh, extract_diag,
                                         lstsq, matrix_dot, matrix_inverse, matrix_power, norm, pinv, qr, svd,
                                         tensorinv, tensorsolve, trace)

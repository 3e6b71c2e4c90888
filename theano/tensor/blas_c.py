"""theano.tensor.blas_c: Theano's C-code BLAS ops. There is no C code here: CGemv and CGer are the BLAS ops
themselves (Gemv, Ger), which XLA runs; the inplace variants compute out of place, as theano.tensor.blas's do."""
from theano.frontend.ops.blas_ops import Gemv as CGemv, Ger as CGer, ger as cger_no_inplace, \
    ger_destructive as cger_inplace, gemv_inplace as cgemv_inplace, gemv_no_inplace as cgemv_no_inplace

__all__ = ["CGemv", "CGer", "cgemv_inplace", "cgemv_no_inplace", "cger_inplace", "cger_no_inplace"]

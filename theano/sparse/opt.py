"""theano.sparse.opt: Theano's sparse rewrites and the ops Theano uses as C implementations (re-exports
theano.frontend.sparse.opt_ops and theano.passes.sparse_rewrites). The ops are real ops lowering to the same JAX
rules as the general ones; the rewrites are registered as Theano registers them (see passes/sparse_rewrites.py)."""
from theano.frontend.sparse.opt_ops import (  # noqa: F401
    AddSD_ccode, CSMGradC, MulSDCSC, MulSDCSR, MulSVCSR, SamplingDotCSR, StructuredAddSVCSR, StructuredDotCSC,
    StructuredDotCSR, UsmmCscDense, csm_grad_c, mul_s_d_csc, mul_s_d_csr, mul_s_v_csr, sampling_dot_csr, sd_csc,
    sd_csr, structured_add_s_v_csr, usmm_csc_dense, usmm_csc_dense_inplace)
from theano.passes.sparse_rewrites import (  # noqa: F401
    local_addsd_ccode, local_csm_grad_c, local_csm_properties_csm, local_dense_from_sparse_sparse_from_dense,
    local_inplace_addsd_ccode, local_inplace_remove0, local_mul_s_d, local_mul_s_v, local_sampling_dot_csr,
    local_structured_add_s_v, local_structured_dot, local_usmm, local_usmm_csc_dense_inplace, local_usmm_csx)
from theano._pending import pending_function

_THEANO_NAMES = ["AddSD_ccode", "CSMGradC", "MulSDCSC", "MulSDCSR", "MulSVCSR", "SamplingDotCSR", "StructuredAddSVCSR",
                 "StructuredDotCSC", "StructuredDotCSR", "UsmmCscDense", "csm_grad_c", "mul_s_d_csc", "mul_s_d_csr",
                 "mul_s_v_csr", "sampling_dot_csr", "sd_csc", "sd_csr", "structured_add_s_v_csr", "usmm_csc_dense",
                 "usmm_csc_dense_inplace", "local_addsd_ccode", "local_csm_grad_c", "local_csm_properties_csm",
                 "local_dense_from_sparse_sparse_from_dense", "local_inplace_addsd_ccode", "local_inplace_remove0",
                 "local_mul_s_d", "local_mul_s_v", "local_sampling_dot_csr", "local_structured_add_s_v",
                 "local_structured_dot", "local_usmm", "local_usmm_csc_dense_inplace", "local_usmm_csx"]

for _name in ("local_inplace_remove0", "local_mul_s_v", "local_structured_add_s_v"):
    if globals()[_name] is None:  # its op family (MulSV, StructuredAddSV, Remove0) has not landed
        globals()[_name] = pending_function(f"theano.sparse.opt.{_name}", "sparse (14)")
del _name

__all__ = ['AddSD_ccode', 'CSMGradC', 'MulSDCSC', 'MulSDCSR', 'MulSVCSR', 'SamplingDotCSR', 'StructuredAddSVCSR',
           'StructuredDotCSC', 'StructuredDotCSR', 'UsmmCscDense', 'csm_grad_c', 'mul_s_d_csc', 'mul_s_d_csr',
           'mul_s_v_csr', 'sampling_dot_csr', 'sd_csc', 'sd_csr', 'structured_add_s_v_csr', 'usmm_csc_dense',
           'usmm_csc_dense_inplace', 'local_addsd_ccode', 'local_csm_grad_c', 'local_csm_properties_csm',
           'local_dense_from_sparse_sparse_from_dense', 'local_inplace_addsd_ccode', 'local_inplace_remove0',
           'local_mul_s_d', 'local_mul_s_v', 'local_sampling_dot_csr', 'local_structured_add_s_v',
           'local_structured_dot', 'local_usmm', 'local_usmm_csc_dense_inplace', 'local_usmm_csx']

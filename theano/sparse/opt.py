"""theano.sparse.opt: Theano's sparse rewrites and their C ops. The rewrites that matter for speed happen in XLA
(the sparse rules lower to gathers and segment sums); the C-specialised ops are stand-ins until the sparse
families land (PendingFeatureError when used)."""
from theano._pending import pending_class, pending_function

_THEANO_NAMES = ["AddSD_ccode", "CSMGradC", "MulSDCSC", "MulSDCSR", "MulSVCSR", "SamplingDotCSR", "StructuredAddSVCSR",
            "StructuredDotCSC", "StructuredDotCSR", "UsmmCscDense", "csm_grad_c", "mul_s_d_csc", "mul_s_d_csr",
            "mul_s_v_csr", "sampling_dot_csr", "sd_csc", "sd_csr", "structured_add_s_v_csr", "usmm_csc_dense",
            "usmm_csc_dense_inplace"]
_PENDING = [_name for _name in _THEANO_NAMES if _name not in globals()]
for _name in _PENDING:
    globals()[_name] = (pending_class if _name[0].isupper() else pending_function)(f"theano.sparse.opt.{_name}",
                                                                                   "sparse (14)")
del _name

__all__ = list(_THEANO_NAMES)

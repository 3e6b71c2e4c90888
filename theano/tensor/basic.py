"""theano.tensor.basic (re-exports the tensor namespace)."""
from theano.frontend.tensor import *  # noqa: F401,F403
from theano.frontend.ops.max_argmax import Argmax, MaxAndArgmax  # noqa: F401
from theano.frontend.ops.moments import Mean  # noqa: F401
from theano.frontend.ops.reduce import check_and_normalize_axes, makeKeepDims  # noqa: F401
# --- issue 10: linear algebra
from theano.tests.unittest_tools import _allclose  # noqa: F401,E402 - Theano's tolerance-by-dtype allclose
# --- issue 10: extra_ops, sort/topk and missing T.* names
from theano.frontend.ops.basic_functions import cov, largest, mgrid, ogrid, power, ptp, smallest  # noqa: F401,E402
from theano.frontend.ops.choose import Choose, choose  # noqa: F401,E402
from theano.frontend.ops.permutation import (PermuteRowElements, inverse_permutation,  # noqa: F401,E402
                                             permute_row_elements)
from theano.frontend.ops.scalar_conversion import (ScalarFromTensor, TensorFromScalar,  # noqa: F401,E402
                                                   extract_constant, scalar_from_tensor, tensor_from_scalar)
from theano.frontend.type import TensorType as Tensor  # noqa: F401,E402 - Theano's alias
from theano import scalar as scal  # noqa: F401,E402

# --- issue 14: the comparison tolerances Theano's tests read and set (tensor.basic.float32_atol, ...); the values
# theano.tests.unittest_tools._get_atol_rtol uses, without config.tensor.cmp_sloppy
float16_atol, float16_rtol = 1e-3, 1e-3
float32_atol, float32_rtol = 1e-5, 1e-5
float64_rtol, float64_atol = 1.0000000000000001e-05, 1e-8
# --- tbasic: Theano's private cast names (tensor.basic._convert_to_<dtype>, _cast_mapping)
from theano.frontend.ops.elemwise import CAST_OPS as _CAST_OPS  # noqa: E402
globals().update({"_convert_to_" + _d: _op for _d, _op in _CAST_OPS.items()})
_cast_mapping = dict(_CAST_OPS)
from theano.frontend.ops.blas import _dot  # noqa: E402,F401 - Theano's Dot instance
from theano.frontend.ops.alloc_empty import AllocEmpty  # noqa: E402,F401
from theano.frontend.ops.default import Default, default  # noqa: E402,F401
from theano.frontend.ops.flatten_op import Flatten  # noqa: F401,E402 - the deprecated op, which Theano pickles hold

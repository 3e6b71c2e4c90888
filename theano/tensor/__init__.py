"""theano.tensor: re-exports the tensor namespace of theano.frontend."""
from theano.frontend.tensor import *  # noqa: F401,F403
from theano.frontend.tensor import _tensor_py_operators  # noqa: F401
from theano.frontend.gradient import grad  # noqa: F401
from theano.frontend.shared import shared  # noqa: F401
from theano.tensor import nnet  # noqa: F401,E402
from theano.tensor import basic, elemwise, extra_ops, nlinalg, sort, type, var  # noqa: F401,E402
from theano.tensor.sharedvar import tensor_constructor as _shared  # noqa: F401,E402 - Theano's name

# --- issue 10: random streams
from theano.tensor import raw_random as raw_random  # noqa: E402
from theano.tensor import shared_randomstreams as shared_randomstreams  # noqa: E402
# --- issue 10: linear algebra
from theano.tensor import slinalg, type_other  # noqa: F401,E402
from theano.tensor.type_other import NoneConst, NoneTypeT, none_type_t  # noqa: F401,E402
from theano.tensor.type_other import MakeSlice, SliceConstant, SliceType, make_slice, slicetype  # noqa: F401,E402
# --- issue 10: extra_ops, sort/topk and missing T.* names
# importing the submodule theano.tensor.sort binds the name to the module: rebind the functions, as Theano does
from theano.tensor.sort import TopKOp, argsort, argtopk, sort, topk, topk_and_argtopk  # noqa: F401,E402
# likewise theano.tensor.var (TensorVariable's module): imported now, so a later import of it (unpickling a Theano
# pickle that names theano.tensor.var.TensorVariable) cannot rebind T.var, the variance, to the module
import theano.tensor.var as _var_module  # noqa: E402,F401
from theano.frontend.tensor import var  # noqa: E402,F401
from theano.frontend.ops.fill_diagonal import fill_diagonal, fill_diagonal_offset  # noqa: F401,E402
from theano.frontend.ops.index_math import bincount, ravel_multi_index, unravel_index  # noqa: F401,E402
from theano.frontend.ops.sequences import DiffOp, bartlett  # noqa: F401,E402
from theano.frontend.ops.basic_functions import cov, largest, mgrid, ogrid, power, ptp, smallest  # noqa: F401,E402
from theano.frontend.ops.choose import Choose, choose  # noqa: F401,E402
from theano.frontend.ops.permutation import (PermuteRowElements, inverse_permutation,  # noqa: F401,E402
                                             permute_row_elements)
from theano.frontend.ops.scalar_conversion import (ScalarFromTensor, TensorFromScalar,  # noqa: F401,E402
                                                   extract_constant, scalar_from_tensor, tensor_from_scalar)
from theano.frontend.type import TensorType as Tensor  # noqa: F401,E402 - Theano's alias
from theano import scalar as scal  # noqa: F401,E402
from theano.tensor import xlogx  # noqa: F401,E402
from theano.frontend.grad_types import DisconnectedType, grad_not_implemented, grad_undefined  # noqa: F401,E402
# --- issue 11: submodules Theano's tensor package imports, so `theano.tensor.opt` etc. resolve after `import theano`
from theano.tensor import blas, opt, subtensor  # noqa: E402,F401
# --- tbasic: module names Theano's `from theano.tensor import *` brings along (theano, utils, fft, fourier, and
# compile as a lazy proxy: importing theano.compile loads the lowering, which `import theano` must not)
import theano  # noqa: E402,F401
from theano.tensor import fft, fourier, utils  # noqa: E402,F401
from theano._lazy_module import LazyModule as _LazyModule  # noqa: E402
compile = _LazyModule("theano.compile")  # noqa: A001 - Theano's tensor namespace shadows the builtin the same way
from theano.frontend.ops.alloc_empty import AllocEmpty  # noqa: E402,F401
from theano.frontend.ops.default import Default, default  # noqa: E402,F401
from theano.frontend.ops.tile_op import Tile  # noqa: E402,F401 - Theano 1.0.5 deprecated op
from theano.tensor import io  # noqa: E402,F401 - Theano imports it in theano.tensor
from theano.tensor.io import load  # noqa: E402,F401
from theano.tensor import blas_c  # noqa: E402,F401 - Theano imports its C BLAS ops module in theano.tensor

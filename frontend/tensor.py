"""The `theano.tensor` namespace: every tensor function and op, re-exported from the modules that define them.

Nothing is defined here; op modules import what they use from its own module, never from this namespace.
"""
from __future__ import annotations

from theano.frontend.constructors import *  # noqa: F401,F403
from theano.frontend.constructors import _CTORS, AsTensorError, as_tensor_variable, constant  # noqa: F401
from theano.frontend.dtypes import (all_dtypes, complex_dtypes, continuous_dtypes, discrete_dtypes,  # noqa: F401
                                    float_dtypes, int_dtypes, integer_dtypes, uint_dtypes)
from theano.frontend.graph import Apply, Constant, Variable  # noqa: F401
from theano.frontend.ops.compile_ops import DeepCopyOp, ViewOp, deep_copy_op  # noqa: F401
from theano.frontend.ops.constant_value import EmptyConstantError, NotScalarConstantError, get_scalar_constant_value  # noqa: F401
from theano.frontend.ops.elemwise import DimShuffle, Elemwise, ScalarOp  # noqa: F401
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS, SCALAR_OPS, cast  # noqa: F401
from theano.frontend.ops.math import *  # noqa: F401,F403
from theano.frontend.ops.math import tensor_functions  # noqa: F401
from theano.frontend.ops.elemwise_functions import allclose, isclose, isinf, isnan  # noqa: F401
from theano.frontend.ops.shape import (MakeVector, Rebroadcast, Reshape, Shape, Shape_i, SpecifyShape,  # noqa: F401
                                       addbroadcast, get_vector_length, make_vector, patternbroadcast, reshape, shape,
                                       shape_i, specify_shape, unbroadcast)
from theano.frontend.type import TensorType  # noqa: F401
from theano.frontend.variable import IndexConstant, TensorConstant, TensorVariable, _tensor_py_operators  # noqa: F401
from theano.frontend.ops.reduce import *  # noqa: F401,F403
from theano.frontend.ops.max_argmax import *  # noqa: F401,F403
from theano.frontend.ops.moments import *  # noqa: F401,F403
from theano.frontend.ops.alloc import *  # noqa: F401,F403
from theano.frontend.ops.join import *  # noqa: F401,F403
from theano.frontend.ops.layout import *  # noqa: F401,F403
from theano.frontend.ops.diagonal import *  # noqa: F401,F403
from theano.frontend.ops.extra_ops import *  # noqa: F401,F403
from theano.frontend.ops.subtensor import *  # noqa: F401,F403
from theano.frontend.ops.advanced_subtensor import *  # noqa: F401,F403
from theano.frontend.ops.indexing import *  # noqa: F401,F403
from theano.frontend.ops.blas import *  # noqa: F401,F403
from theano.frontend.gradient_tools import *  # noqa: F401,F403

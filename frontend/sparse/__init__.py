"""theano.sparse's implementation: SparseType, SparseVariable, the sparse ops and sparse shared variables.

Importing it registers the sparse ops with the variables' operators and scipy matrices with theano.shared.
"""
from theano.frontend.sparse.type import SparseType, _is_sparse, hash_from_sparse
from theano.frontend.sparse.variable import *  # noqa: F401,F403
from theano.frontend.sparse.variable import (SparseConstant, SparseVariable, _sparse_py_operators, as_sparse,
                                             as_sparse_or_tensor_variable, as_sparse_variable, constant)
from theano.frontend.sparse.basic import *  # noqa: F401,F403
from theano.frontend.sparse.structured import *  # noqa: F401,F403
from theano.frontend.sparse.arith import *  # noqa: F401,F403
from theano.frontend.sparse.products import *  # noqa: F401,F403
from theano.frontend.sparse.products2 import *  # noqa: F401,F403
from theano.frontend.sparse.cast import *  # noqa: F401,F403
from theano.frontend.sparse.compare import *  # noqa: F401,F403
from theano.frontend.sparse.construct import *  # noqa: F401,F403
from theano.frontend.sparse.mul_ss import *  # noqa: F401,F403
from theano.frontend.sparse.struct_arith import *  # noqa: F401,F403
from theano.frontend.sparse.indexing import *  # noqa: F401,F403
from theano.frontend.sparse.shared import SparseTensorSharedVariable, sparse_constructor

enable_sparse = True

__all__ = ["SparseType", "_is_sparse", "hash_from_sparse", "SparseConstant", "SparseVariable", "_sparse_py_operators",
           "as_sparse", "as_sparse_or_tensor_variable", "as_sparse_variable", "constant", "SparseTensorSharedVariable",
           "sparse_constructor", "enable_sparse"]

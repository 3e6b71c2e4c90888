"""theano.sparse.basic: Theano 1.0.5's sparse names (re-exports theano.frontend.sparse; the names not implemented
yet are PendingFeatureError stand-ins, so legacy imports work)."""
from theano._pending import pending_class, pending_function
from theano.frontend.sparse import (  # noqa: F401
    AddSD, AddSS, CSC, CSM, CSMGrad, CSMProperties, CSR, ColScaleCSC, DenseFromSparse, Dot, MulSD, Neg, RowScaleCSC,
    SpSum, SparseConstant, SparseConstantSignature, SparseFromDense, SparseType, SparseVariable, StructuredDot,
    StructuredDotGradCSC, StructuredDotGradCSR, Transpose, add, add_s_d, add_s_s, all_dtypes, arcsin, arcsinh,
    arctan, arctanh, as_sparse, as_sparse_or_tensor_variable, as_sparse_variable, bsr_dmatrix, bsr_fmatrix,
    bsr_matrix, cast, ceil, col_scale, complex_dtypes, conj, constant, continuous_dtypes, csc_dmatrix, csc_fmatrix,
    csc_from_dense, csc_matrix, csm_data, csm_grad, csm_indices, csm_indptr, csm_properties, csm_shape, csr_dmatrix,
    csr_fmatrix, csr_from_dense, csr_matrix, deg2rad, dense_from_sparse, discrete_dtypes, dot, expm1, float_dtypes,
    floor, int_dtypes, integer_dtypes, log1p, matrix, mul, mul_s_d, neg, rad2deg, rint, row_scale, sdg_csc, sdg_csr,
    sgn, sin, sinh, sp_ones_like, sp_sum, sp_zeros_like, sparse_formats, sqr, sqrt, structured_add, structured_dot,
    structured_dot_grad, structured_exp, structured_log, structured_maximum, structured_minimum, structured_monoid,
    structured_pow, structured_sigmoid, sub, tan, tanh, transpose, trunc, uint_dtypes)
from theano.frontend.sparse.products2 import (SamplingDot, TrueDot, Usmm, sampling_dot, true_dot,  # noqa: F401
                                             usmm)
from theano.frontend.sparse import (  # noqa: F401  (structure and pattern ops)
    AddSSData, Cast, Diag, EnsureSortedIndices, EqualSD, EqualSS, GreaterEqualSD, GreaterEqualSS, GreaterThanSD,
    GreaterThanSS, HStack, LessEqualSD, LessEqualSS, LessThanSD, LessThanSS, MulSS, MulSV, NotEqualSD, NotEqualSS,
    Remove0, SquareDiagonal, StructuredAddSV, VStack, add_s_s_data, bcast, ccast, clean, dcast, diag,
    ensure_sorted_indices, eq, equal_s_d, equal_s_s, fcast, ge, greater_equal_s_d, greater_equal_s_s, greater_than_s_d,
    greater_than_s_s, gt, hstack, icast, lcast, le, less_equal_s_d, less_equal_s_s, less_than_s_d, less_than_s_s, lt,
    mul_s_s, mul_s_v, neq, not_equal_s_d, not_equal_s_s, remove0, square_diagonal, structured_add_s_v, vstack, wcast,
    zcast)
from theano.frontend.sparse.indexing import (  # noqa: F401
    ConstructSparseFromList, GetItem2d, GetItem2Lists, GetItem2ListsGrad, GetItemList, GetItemListGrad, GetItemScalar,
    construct_sparse_from_list, get_item_2d, get_item_2lists, get_item_2lists_grad, get_item_list, get_item_list_grad,
    get_item_scalar)
from theano.frontend.sparse.type import _is_sparse  # noqa: F401
from theano.frontend.sparse.variable import (_is_dense, _is_dense_variable, _is_sparse_variable,  # noqa: F401
                                             _mtype_to_str, _mtypes, _sparse_py_operators)

# Every public name of Theano 1.0.5's theano.sparse.basic. A name not imported above is a PendingFeatureError
# stand-in, so legacy imports work; an op family that lands adds its import line above and nothing else.
_THEANO_NAMES = [
    "AddSD", "AddSS", "AddSSData", "CSC", "CSM", "CSMGrad", "CSMProperties", "CSR", "Cast", "ColScaleCSC",
    "ConstructSparseFromList", "DenseFromSparse", "Diag", "Dot", "EnsureSortedIndices", "EqualSD", "EqualSS",
    "GetItem2Lists", "GetItem2ListsGrad", "GetItem2d", "GetItemList", "GetItemListGrad", "GetItemScalar",
    "GreaterEqualSD", "GreaterEqualSS", "GreaterThanSD", "GreaterThanSS", "HStack", "LessEqualSD", "LessEqualSS",
    "LessThanSD", "LessThanSS", "MulSD", "MulSS", "MulSV", "Neg", "NotEqualSD", "NotEqualSS", "Remove0",
    "RowScaleCSC", "SamplingDot", "SpSum", "SparseConstant", "SparseConstantSignature", "SparseFromDense",
    "SparseType", "SparseVariable", "SquareDiagonal", "StructuredAddSV", "StructuredDot", "StructuredDotGradCSC",
    "StructuredDotGradCSR", "Transpose", "TrueDot", "Usmm", "VStack", "add", "add_s_d", "add_s_s", "add_s_s_data",
    "all_dtypes", "arcsin", "arcsinh", "arctan", "arctanh", "as_sparse", "as_sparse_or_tensor_variable",
    "as_sparse_variable", "bcast", "bsr_dmatrix", "bsr_fmatrix", "bsr_matrix", "cast", "ccast", "ceil", "clean",
    "col_scale", "complex_dtypes", "conj", "constant", "construct_sparse_from_list", "continuous_dtypes",
    "csc_dmatrix", "csc_fmatrix", "csc_from_dense", "csc_matrix", "csm_data", "csm_grad", "csm_indices",
    "csm_indptr", "csm_properties", "csm_shape", "csr_dmatrix", "csr_fmatrix", "csr_from_dense", "csr_matrix",
    "dcast", "deg2rad", "dense_from_sparse", "diag", "discrete_dtypes", "dot", "ensure_sorted_indices", "eq",
    "equal_s_d", "equal_s_s", "expm1", "fcast", "float_dtypes", "floor", "ge", "get_item_2d", "get_item_2lists",
    "get_item_2lists_grad", "get_item_list", "get_item_list_grad", "get_item_scalar", "greater_equal_s_d",
    "greater_equal_s_s", "greater_than_s_d", "greater_than_s_s", "gt", "hstack", "icast", "int_dtypes",
    "integer_dtypes", "lcast", "le", "less_equal_s_d", "less_equal_s_s", "less_than_s_d", "less_than_s_s", "log1p",
    "lt", "matrix", "mul", "mul_s_d", "mul_s_s", "mul_s_v", "neg", "neq", "not_equal_s_d", "not_equal_s_s",
    "rad2deg", "remove0", "rint", "row_scale", "sampling_dot", "sdg_csc", "sdg_csr", "sgn", "sin", "sinh",
    "sp_ones_like", "sp_sum", "sp_zeros_like", "sparse_formats", "sqr", "sqrt", "square_diagonal", "structured_add",
    "structured_add_s_v", "structured_dot", "structured_dot_grad", "structured_exp", "structured_log",
    "structured_maximum", "structured_minimum", "structured_monoid", "structured_pow", "structured_sigmoid", "sub",
    "tan", "tanh", "transpose", "true_dot", "trunc", "uint_dtypes", "usmm", "vstack", "wcast", "zcast"]
_PENDING = [_name for _name in _THEANO_NAMES if _name not in globals()]
for _name in _PENDING:
    globals()[_name] = (pending_class if _name[0].isupper() else pending_function)(f"theano.sparse.basic.{_name}",
                                                                                   "sparse (14)")
globals().pop("_name", None)  # the loop variable (absent once every name is implemented)

__all__ = list(_THEANO_NAMES)

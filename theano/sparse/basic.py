"""theano.sparse.basic: Theano 1.0.5's sparse names (re-exports theano.frontend.sparse; the names not implemented
yet are PendingFeatureError stand-ins, so legacy imports work)."""
from theano._pending import pending_class, pending_function
from theano.frontend.sparse import (  # noqa: F401
    CSC, CSR, CSM, CSMGrad, CSMProperties, DenseFromSparse, MulSD, Neg, SparseConstant,
    SparseConstantSignature, SparseFromDense, SparseType, SparseVariable, StructuredDot,
    StructuredDotGradCSC, StructuredDotGradCSR, Transpose, all_dtypes, as_sparse,
    as_sparse_or_tensor_variable, as_sparse_variable, bsr_dmatrix, bsr_fmatrix, bsr_matrix, cast,
    complex_dtypes, constant, continuous_dtypes, csc_dmatrix, csc_fmatrix, csc_from_dense, csc_matrix,
    csm_data, csm_grad, csm_indices, csm_indptr, csm_properties, csm_shape, csr_dmatrix, csr_fmatrix,
    csr_from_dense, csr_matrix, dense_from_sparse, discrete_dtypes, float_dtypes, int_dtypes,
    integer_dtypes, matrix, mul, mul_s_d, neg, sdg_csc, sdg_csr, sp_ones_like, sp_zeros_like,
    sparse_formats, structured_dot, structured_dot_grad, transpose, uint_dtypes)
from theano.frontend.sparse.type import _is_sparse  # noqa: F401
from theano.frontend.sparse.variable import (_is_dense, _is_dense_variable, _is_sparse_variable,  # noqa: F401
                                             _mtype_to_str, _mtypes, _sparse_py_operators)

_IMPLEMENTED = [
    "CSC", "CSR", "CSM", "CSMGrad", "CSMProperties", "DenseFromSparse", "MulSD", "Neg", "SparseConstant",
    "SparseConstantSignature", "SparseFromDense", "SparseType", "SparseVariable", "StructuredDot",
    "StructuredDotGradCSC", "StructuredDotGradCSR", "Transpose", "all_dtypes", "as_sparse",
    "as_sparse_or_tensor_variable", "as_sparse_variable", "bsr_dmatrix", "bsr_fmatrix", "bsr_matrix", "cast",
    "complex_dtypes", "constant", "continuous_dtypes", "csc_dmatrix", "csc_fmatrix", "csc_from_dense", "csc_matrix",
    "csm_data", "csm_grad", "csm_indices", "csm_indptr", "csm_properties", "csm_shape", "csr_dmatrix", "csr_fmatrix",
    "csr_from_dense", "csr_matrix", "dense_from_sparse", "discrete_dtypes", "float_dtypes", "int_dtypes",
    "integer_dtypes", "matrix", "mul", "mul_s_d", "neg", "sdg_csc", "sdg_csr", "sp_ones_like", "sp_zeros_like",
    "sparse_formats", "structured_dot", "structured_dot_grad", "transpose", "uint_dtypes"]
_PENDING = [
    "AddSD", "AddSS", "AddSSData", "Cast", "ColScaleCSC", "ConstructSparseFromList", "Diag", "Dot",
    "EnsureSortedIndices", "EqualSD", "EqualSS", "GetItem2Lists", "GetItem2ListsGrad", "GetItem2d", "GetItemList",
    "GetItemListGrad", "GetItemScalar", "GreaterEqualSD", "GreaterEqualSS", "GreaterThanSD", "GreaterThanSS",
    "HStack", "LessEqualSD", "LessEqualSS", "LessThanSD", "LessThanSS", "MulSS", "MulSV", "NotEqualSD", "NotEqualSS",
    "Remove0", "RowScaleCSC", "SamplingDot", "SpSum", "SquareDiagonal", "StructuredAddSV", "TrueDot", "Usmm",
    "VStack", "add", "add_s_d", "add_s_s", "add_s_s_data", "arcsin", "arcsinh", "arctan", "arctanh", "bcast",
    "ccast", "ceil", "clean", "col_scale", "conj", "construct_sparse_from_list", "dcast", "deg2rad", "diag", "dot",
    "ensure_sorted_indices", "eq", "equal_s_d", "equal_s_s", "expm1", "fcast", "floor", "ge", "get_item_2d",
    "get_item_2lists", "get_item_2lists_grad", "get_item_list", "get_item_list_grad", "get_item_scalar",
    "greater_equal_s_d", "greater_equal_s_s", "greater_than_s_d", "greater_than_s_s", "gt", "hstack", "icast",
    "lcast", "le", "less_equal_s_d", "less_equal_s_s", "less_than_s_d", "less_than_s_s", "log1p", "lt", "mul_s_s",
    "mul_s_v", "neq", "not_equal_s_d", "not_equal_s_s", "rad2deg", "remove0", "rint", "row_scale", "sampling_dot",
    "sgn", "sin", "sinh", "sp_sum", "sqr", "sqrt", "square_diagonal", "structured_add", "structured_add_s_v",
    "structured_exp", "structured_log", "structured_maximum", "structured_minimum", "structured_monoid",
    "structured_pow", "structured_sigmoid", "sub", "tan", "tanh", "true_dot", "trunc", "usmm", "vstack", "wcast",
    "zcast"]
for _name in _PENDING:
    globals()[_name] = (pending_class if _name[0].isupper() else pending_function)(f"theano.sparse.basic.{_name}",
                                                                                   "sparse (14)")
del _name

__all__ = _IMPLEMENTED + _PENDING

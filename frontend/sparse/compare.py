"""Sparse comparisons (theano.sparse.basic): EqualSS/SD, NotEqualSS/SD, LessThanSS/SD, GreaterThanSS/SD,
LessEqualSS/SD, GreaterEqualSS/SD and the functions eq, neq, lt, gt, le, ge (also the operators <, >, <=, >= of
sparse variables). As in Theano the result is uint8: a sparse matrix of x's format for sparse-sparse (scipy's
result: only the true positions stored), a dense matrix for sparse-dense. Lowering: rules/sparse_struct.py."""
from __future__ import annotations

from typing import Any, Callable

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.sparse.type import SparseType
from theano.frontend.sparse.variable import as_sparse_variable, register_operators, sparse_operands
from theano.frontend.type import TensorType


class _ComparisonOpSS(Op):
    """Comparison of two sparse matrices of one format: a sparse uint8 matrix (1 where the comparison holds)."""

    __props__ = ()
    comparison: str = ""  # the numpy comparison's name (jax.numpy.<name> in the lowering)

    def make_node(self, x: Any, y: Any) -> Apply:
        x, y = as_sparse_variable(x), as_sparse_variable(y)
        if x.type.format != y.type.format:
            raise NotImplementedError(f"{type(self).__name__}: the two sparse matrices must have one format, got "
                                      f"{x.type.format} and {y.type.format}")
        return Apply(self, [x, y], [SparseType(dtype="uint8", format=x.type.format)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


class _ComparisonOpSD(Op):
    """Comparison of a sparse matrix with a dense one: a dense uint8 matrix."""

    __props__ = ()
    comparison: str = ""

    def make_node(self, x: Any, y: Any) -> Apply:
        x, y = as_sparse_variable(x), as_tensor_variable(y)
        if y.type.ndim != 2:
            raise TypeError(f"{type(self).__name__}: the dense operand must be a matrix, got {y.type}")
        return Apply(self, [x, y], [TensorType(dtype="uint8", broadcastable=(False, False))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


def _comparison_switch(ss: Op, sd: Op, ds: Op) -> Callable[[Any, Any], Variable]:
    """The function of a comparison: ss for sparse-sparse, sd for sparse-dense, ds(y, x) for dense-sparse (the
    dense matrix cannot be the left operand, so `ds` is the mirrored comparison)."""
    def helper(x: Any, y: Any) -> Variable:
        x, y, x_sparse, y_sparse = sparse_operands(x, y)
        x, y = (v if isinstance(v, Variable) else as_tensor_variable(v) for v in (x, y))
        if x_sparse and y_sparse:
            return ss(x, y)
        if x_sparse:
            return sd(x, y)
        if y_sparse:
            return ds(y, x)
        raise NotImplementedError("a sparse comparison needs at least one sparse operand, got "
                                  f"{x.type} and {y.type}")
    return helper


def _pair(name: str, comparison: str) -> tuple[type, type]:
    ss = type(f"{name}SS", (_ComparisonOpSS,), {"comparison": comparison, "__module__": __name__,
                                                "__doc__": f"x {comparison} y of two sparse matrices (uint8)."})
    sd = type(f"{name}SD", (_ComparisonOpSD,), {"comparison": comparison, "__module__": __name__,
                                                "__doc__": f"x {comparison} y, x sparse, y dense (uint8)."})
    return ss, sd


EqualSS, EqualSD = _pair("Equal", "equal")
NotEqualSS, NotEqualSD = _pair("NotEqual", "not_equal")
LessThanSS, LessThanSD = _pair("LessThan", "less")
GreaterThanSS, GreaterThanSD = _pair("GreaterThan", "greater")
LessEqualSS, LessEqualSD = _pair("LessEqual", "less_equal")
GreaterEqualSS, GreaterEqualSD = _pair("GreaterEqual", "greater_equal")

equal_s_s, equal_s_d = EqualSS(), EqualSD()
not_equal_s_s, not_equal_s_d = NotEqualSS(), NotEqualSD()
less_than_s_s, less_than_s_d = LessThanSS(), LessThanSD()
greater_than_s_s, greater_than_s_d = GreaterThanSS(), GreaterThanSD()
less_equal_s_s, less_equal_s_d = LessEqualSS(), LessEqualSD()
greater_equal_s_s, greater_equal_s_d = GreaterEqualSS(), GreaterEqualSD()

eq = _comparison_switch(equal_s_s, equal_s_d, equal_s_d)
neq = _comparison_switch(not_equal_s_s, not_equal_s_d, not_equal_s_d)
lt = _comparison_switch(less_than_s_s, less_than_s_d, greater_than_s_d)
gt = _comparison_switch(greater_than_s_s, greater_than_s_d, less_than_s_d)
le = _comparison_switch(less_equal_s_s, less_equal_s_d, greater_equal_s_d)
ge = _comparison_switch(greater_equal_s_s, greater_equal_s_d, less_equal_s_d)
for _f, _n in ((eq, "eq"), (neq, "neq"), (lt, "lt"), (gt, "gt"), (le, "le"), (ge, "ge")):
    _f.__name__ = _f.__qualname__ = _n
del _f, _n

register_operators(lt=lt, gt=gt, le=le, ge=ge)

__all__ = ["EqualSS", "EqualSD", "NotEqualSS", "NotEqualSD", "LessThanSS", "LessThanSD", "GreaterThanSS",
           "GreaterThanSD", "LessEqualSS", "LessEqualSD", "GreaterEqualSS", "GreaterEqualSD", "equal_s_s",
           "equal_s_d", "not_equal_s_s", "not_equal_s_d", "less_than_s_s", "less_than_s_d", "greater_than_s_s",
           "greater_than_s_d", "less_equal_s_s", "less_equal_s_d", "greater_equal_s_s", "greater_equal_s_d", "eq",
           "neq", "lt", "gt", "le", "ge"]

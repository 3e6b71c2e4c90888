"""sandbox/multinomial.py's ops: samples of a multinomial computed from given uniforms.

`MultinomialFromUniform(odtype)(pvals, unis, n)`: for each of the n samples and each row r of `pvals`, the
category whose cumulative probability first reaches `unis[c * rows + r]` gets one more count.
`ChoiceFromUniform(odtype, replace=False)(pvals, unis, n)`: n indices per row, drawn without replacement (a
picked category's probability is zeroed and the row renormalised). MRG_RandomStreams draws the uniforms; these
ops turn them into samples, with Theano's values for the same uniforms.
"""
from __future__ import annotations

import warnings
from typing import Any

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.alloc import _i64
from theano.frontend.ops.math import zeros_like
from theano.frontend.type import TensorType

__all__ = ["MultinomialFromUniform", "ChoiceFromUniform", "MultinomialWOReplacementFromUniform"]


def _inputs(op: Op, pvals: Any, unis: Any, n: Any) -> tuple[Variable, Variable, Variable]:
    pvals, unis, n = as_tensor_variable(pvals), as_tensor_variable(unis), as_tensor_variable(n)
    if pvals.ndim != 2:
        raise NotImplementedError('pvals ndim should be 2', pvals.ndim)
    if unis.ndim != 1:
        raise NotImplementedError('unis ndim should be 1', unis.ndim)
    if n.ndim != 0 or n.dtype not in _dt.integer_dtypes:
        raise TypeError(f"{type(op).__name__}: n (the number of samples) must be an integer scalar, got {n.type}")
    return pvals, unis, n


class MultinomialFromUniform(Op):
    """Converts samples from a uniform into samples from a multinomial (counts per category, pvals' shape)."""

    __props__ = ("odtype",)

    def __init__(self, odtype: str):
        self.odtype = odtype

    def __str__(self) -> str:
        return '%s{%s}' % (self.__class__.__name__, self.odtype)

    def __setstate__(self, dct: dict) -> None:
        self.__dict__.update(dct)
        if "odtype" not in dct:
            self.odtype = 'auto'

    def _out_dtype(self, pvals: Variable) -> str:
        return pvals.dtype if self.odtype == 'auto' else self.odtype

    def make_node(self, pvals: Any, unis: Any, n: Any = 1) -> Apply:
        pvals, unis, n = _inputs(self, pvals, unis, n)
        out = TensorType(self._out_dtype(pvals), pvals.type.broadcastable)()
        return Apply(self, [pvals, unis, n], [out])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def grad(self, ins: list[Variable], outgrads: list[Any]) -> list[Any]:
        return [zeros_like(x, dtype=config.floatX) if x.dtype in _dt.discrete_dtypes else zeros_like(x)
                for x in ins]


class ChoiceFromUniform(MultinomialFromUniform):
    """Converts samples from a uniform into n indices per row of pvals, drawn without replacement."""

    __props__ = ("odtype", "replace")

    def __init__(self, odtype: str, replace: bool = False, *args: Any, **kwargs: Any):
        self.replace = replace
        super().__init__(odtype, *args, **kwargs)

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        if "replace" not in state:
            self.replace = False

    def _out_dtype(self, pvals: Variable) -> str:
        return 'int64' if self.odtype == 'auto' else self.odtype

    def value_dependent_shape(self, node: Apply) -> bool:
        return True

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(shapes[0][0], _i64(node.inputs[2]))]


class MultinomialWOReplacementFromUniform(ChoiceFromUniform):
    """The deprecated name of ChoiceFromUniform."""

    def __init__(self, *args: Any, **kwargs: Any):
        warnings.warn("MultinomialWOReplacementFromUniform is deprecated, use ChoiceFromUniform instead.",
                      DeprecationWarning, stacklevel=2)
        super().__init__(*args, **kwargs)

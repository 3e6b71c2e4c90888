"""tensor/xlogx.py: XlogX (x * log(x), 0 at x = 0) and XlogY0 (x * log(y), 0 at x = 0) with their gradients.

They are scalar ops (ScalarOp subclasses of the elementwise table's base) wrapped in Elemwise, as in Theano.
"""
from __future__ import annotations

from typing import Any

from theano.frontend import dtypes as D
from theano.frontend.ops.elemwise import Elemwise
from theano.frontend.ops.elemwise_grads import G
from theano.frontend.ops.elemwise_table import TableScalarOp

__all__ = ["XlogX", "XlogY0", "scalar_xlogx", "scalar_xlogy0", "xlogx", "xlogy0"]


def _xlogx(xp: Any, x: Any) -> Any:
    return xp.where(x == 0, xp.zeros_like(x), x * xp.log(xp.where(x == 0, xp.ones_like(x), x)))


def _xlogy0(xp: Any, x: Any, y: Any) -> Any:
    return xp.where(x == 0, xp.zeros_like(x * y), x * xp.log(xp.where(x == 0, xp.ones_like(y), y)))


class XlogX(TableScalarOp):
    """x * log(x), with the limit value 0 at x = 0."""

    nin = 1
    fn = staticmethod(_xlogx)
    output_types_preference = staticmethod(D.upgrade_to_float)
    grad_rule = staticmethod(lambda gz, out, x: [G.mul(gz, G.add(1, G.log(x)))])

    def impl(self, x: Any) -> Any:
        import numpy as np
        return _xlogx(np, np.asarray(x, dtype=self.output_types_preference(np.asarray(x).dtype.name)[0]))


class XlogY0(TableScalarOp):
    """x * log(y), with the value 0 where x = 0 (whatever y is)."""

    nin = 2
    fn = staticmethod(_xlogy0)
    output_types_preference = staticmethod(D.upgrade_to_float)
    grad_rule = staticmethod(lambda gz, out, x, y: [G.mul(gz, G.log(y)), G.true_div(G.mul(gz, x), y)])

    def impl(self, x: Any, y: Any) -> Any:
        import numpy as np
        dtype = self.output_types_preference(np.asarray(x).dtype.name, np.asarray(y).dtype.name)[0]
        return _xlogy0(np, np.asarray(x, dtype=dtype), np.asarray(y, dtype=dtype))


scalar_xlogx = XlogX(name="scalar_xlogx")
xlogx = Elemwise(scalar_xlogx, name="xlogx")
scalar_xlogy0 = XlogY0(name="scalar_xlogy0")
xlogy0 = Elemwise(scalar_xlogy0, name="xlogy0")

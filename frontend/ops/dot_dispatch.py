"""theano.dot: Theano 1.0.5's dispatch through the operands' `__dot__` / `__rdot__` methods, so a sparse operand
gives theano.sparse's structured_dot and two tensors give theano.tensor.dot."""
from __future__ import annotations

from typing import Any

from theano.frontend.graph import Variable


def dot(l: Any, r: Any) -> Variable:  # noqa: E741 (Theano's parameter names)
    """A symbolic dot product: l.__dot__(r), else r.__rdot__(l) (the first that succeeds)."""
    errors: list[BaseException] = []
    if hasattr(l, "__dot__"):
        try:
            return l.__dot__(r)
        except Exception as e:  # noqa: BLE001 (Theano tries the other operand next)
            errors.append(e)
    if hasattr(r, "__rdot__"):
        try:
            return r.__rdot__(l)
        except Exception as e:  # noqa: BLE001
            errors.append(e)
    reasons = tuple(errors) + (None,) * (2 - len(errors))
    raise NotImplementedError("Dot failed for the following reasons:", reasons) from (errors[-1] if errors else None)


__all__ = ["dot"]

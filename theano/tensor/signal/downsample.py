"""theano.tensor.signal.downsample: Theano 0.7/0.8's pooling module, kept for code of that era (Lasagne 0.1).

`max_pool_2d(input, ds, ignore_border, st, padding, mode)` is `pool.pool_2d` with the old argument names.
"""
from __future__ import annotations

from typing import Any

from theano.tensor.signal import pool
from theano.tensor.signal.pool import Pool as DownsampleFactorMax  # noqa: F401
from theano.tensor.signal.pool import max_pool_2d_same_size  # noqa: F401
from theano.tensor.signal.pool import AveragePoolGrad, MaxPoolGrad, PoolGrad  # noqa: F401


def max_pool_2d(input: Any, ds: Any, ignore_border: bool | None = None, st: Any = None, padding: Any = (0, 0),
                mode: str = "max") -> Any:
    """Theano 0.x spelling of pool_2d: ds -> ws, st -> stride, padding -> pad."""
    return pool.pool_2d(input, ws=ds, ignore_border=ignore_border, stride=st, pad=padding, mode=mode)


__all__ = ["max_pool_2d", "max_pool_2d_same_size", "DownsampleFactorMax", "PoolGrad", "MaxPoolGrad", "AveragePoolGrad"]

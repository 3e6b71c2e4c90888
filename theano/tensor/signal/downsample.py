"""theano.tensor.signal.downsample: Theano 0.7/0.8's pooling module, kept for code of that era (Lasagne 0.1).

`max_pool_2d(input, ds, ignore_border, st, padding, mode)` is `pool.pool_2d` with the old argument names.
"""
from __future__ import annotations

import warnings
from typing import Any

from theano.tensor.signal import pool
from theano.tensor.signal.pool import Pool as DownsampleFactorMax  # noqa: F401
from theano.tensor.signal.pool import max_pool_2d_same_size  # noqa: F401
from theano.tensor.signal.pool import AveragePoolGrad, MaxPoolGrad, PoolGrad  # noqa: F401


def max_pool_2d(input: Any, ds: Any, ignore_border: bool | None = None, st: Any = None, padding: Any = (0, 0),
                mode: str = "max") -> Any:
    """Theano 0.x spelling of pool_2d: ds -> ws, st -> stride, padding -> pad."""
    if ignore_border is None:
        # Theano 0.8's own warning, pointing at the caller's line (not at this module, as pool_2d's would)
        warnings.warn("max_pool_2d() will have the parameter ignore_border default value changed to True (currently "
                      "False). To have consistent behavior with all Theano version, explicitly add the parameter "
                      "ignore_border=True. On the GPU, using ignore_border=True is needed to use cuDNN. When using "
                      "ignore_border=False and not using cuDNN, the only GPU combination supported is when `ds == st "
                      "and padding == (0, 0) and mode == 'max'`. Otherwise, the convolution will be executed on CPU.",
                      stacklevel=2)
        ignore_border = False
    return pool.pool_2d(input, ws=ds, ignore_border=ignore_border, stride=st, pad=padding, mode=mode)


__all__ = ["max_pool_2d", "max_pool_2d_same_size", "DownsampleFactorMax", "PoolGrad", "MaxPoolGrad", "AveragePoolGrad"]

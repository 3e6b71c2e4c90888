"""theano.tensor.signal.pool: 2-D/3-D (and N-d) pooling, re-exported from theano.frontend.ops.pool."""
from theano.frontend.ops.pool import (AveragePoolGrad, DownsampleFactorMaxGradGrad, MaxPoolGrad, MaxPoolRop, Pool,
                                      PoolGrad, max_pool_2d_same_size, pool_2d, pool_3d)

__all__ = ["pool_2d", "pool_3d", "max_pool_2d_same_size", "Pool", "PoolGrad", "MaxPoolGrad", "AveragePoolGrad",
           "DownsampleFactorMaxGradGrad", "MaxPoolRop"]

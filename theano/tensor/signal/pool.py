"""theano.tensor.signal.pool: 2-D/3-D pooling (re-exports; pending the pooling issue)."""
from theano._pending import pending_class, pending_function

_FEATURE = "pooling"
pool_2d = pending_function("theano.tensor.signal.pool.pool_2d", _FEATURE)
pool_3d = pending_function("theano.tensor.signal.pool.pool_3d", _FEATURE)
max_pool_2d_same_size = pending_function("theano.tensor.signal.pool.max_pool_2d_same_size", _FEATURE)
Pool = pending_class("theano.tensor.signal.pool.Pool", _FEATURE)
PoolGrad = pending_class("theano.tensor.signal.pool.PoolGrad", _FEATURE)
MaxPoolGrad = pending_class("theano.tensor.signal.pool.MaxPoolGrad", _FEATURE)
AveragePoolGrad = pending_class("theano.tensor.signal.pool.AveragePoolGrad", _FEATURE)
DownsampleFactorMaxGradGrad = pending_class("theano.tensor.signal.pool.DownsampleFactorMaxGradGrad", _FEATURE)
MaxPoolRop = pending_class("theano.tensor.signal.pool.MaxPoolRop", _FEATURE)

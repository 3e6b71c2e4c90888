"""theano.sharding: data- and model-parallel placement over a device mesh (not in Theano 1.0.5; docs/scaling.md).

    f = theano.function([i], cost, updates=..., givens=..., sharding=theano.sharding.data_parallel())
    W = theano.shared(w, sharding=theano.sharding.shard(mesh, None, 'model'))
"""
from jax.sharding import Mesh, NamedSharding, PartitionSpec  # noqa: F401

from theano.lowering.sharding import (BatchSplitError, DataParallel, data_parallel, make_mesh,  # noqa: F401
                                      replicated, shard)

__all__ = ["data_parallel", "DataParallel", "make_mesh", "shard", "replicated", "BatchSplitError", "Mesh",
           "NamedSharding", "PartitionSpec"]

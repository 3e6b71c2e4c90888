"""theano.tensor.elemwise (re-exports)."""
from theano.frontend.ops.elemwise import DimShuffle, Elemwise  # noqa: F401
from theano.frontend.ops.reduce import (All, Any, CAReduce, CAReduceDtype, MulWithoutZeros, Prod,  # noqa: F401
                                        ProdWithoutZeros, Sum)

"""theano.tensor.shared_randomstreams: numpy-RandomState-backed streams (re-exports; pending random streams)."""
from theano._pending import pending_class

_FEATURE = "random streams"
RandomStreams = pending_class("theano.tensor.shared_randomstreams.RandomStreams", _FEATURE)
RandomStateSharedVariable = pending_class("theano.tensor.shared_randomstreams.RandomStateSharedVariable", _FEATURE)

"""theano.tensor.shared_randomstreams: RandomStreams with shared numpy random states (re-exports)."""
from theano.frontend.shared_randomstreams import RandomStateSharedVariable as RandomStateSharedVariable
from theano.frontend.shared_randomstreams import RandomStreams as RandomStreams
from theano.frontend.shared_randomstreams import randomstate_constructor as randomstate_constructor

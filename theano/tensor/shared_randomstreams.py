"""theano.tensor.shared_randomstreams: RandomStreams with shared random states (re-exports)."""
from theano.frontend.random_streams import RandomStateSharedVariable as RandomStateSharedVariable
from theano.frontend.random_streams import RandomStreams as RandomStreams
from theano.frontend.random_streams import shared_random_state as randomstate_constructor

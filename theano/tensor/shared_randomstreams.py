"""theano.tensor.shared_randomstreams: RandomStreams with shared random states (re-exports)."""
from theano.frontend.random_streams import RandomStateSharedVariable, RandomStreams  # noqa: F401
from theano.frontend.random_streams import shared_random_state as randomstate_constructor  # noqa: F401

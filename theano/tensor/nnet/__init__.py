"""theano.tensor.nnet: neural-network ops (re-exports)."""

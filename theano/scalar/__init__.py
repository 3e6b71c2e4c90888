"""theano.scalar: scalar types and scalar ops (re-exports)."""

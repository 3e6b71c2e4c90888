"""theano.sandbox: the legacy module paths of Theano's sandbox (re-exports)."""

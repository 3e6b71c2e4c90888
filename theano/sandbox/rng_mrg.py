"""theano.sandbox.rng_mrg: MRG_RandomStreams and its helpers (re-exports)."""
from theano.frontend.random_mrg import M1, M2, MRG_RandomStreams, _check_size, guess_n_streams, mrg_uniform  # noqa: F401

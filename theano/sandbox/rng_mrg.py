"""theano.sandbox.rng_mrg: MRG31k3p random streams (re-exports; pending the random-streams issue)."""
from theano._pending import pending_class, pending_function

MRG_RandomStreams = pending_class("theano.sandbox.rng_mrg.MRG_RandomStreams", "random streams")
mrg_uniform = pending_class("theano.sandbox.rng_mrg.mrg_uniform", "random streams")
guess_n_streams = pending_function("theano.sandbox.rng_mrg.guess_n_streams", "random streams")

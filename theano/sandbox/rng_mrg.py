"""theano.sandbox.rng_mrg: MRG_RandomStreams and its helpers (re-exports)."""
from theano.frontend.random_mrg import M1 as M1
from theano.frontend.random_mrg import M2 as M2
from theano.frontend.random_mrg import MRG_RandomStreams as MRG_RandomStreams
from theano.frontend.random_mrg import _check_size as _check_size
from theano.frontend.random_mrg import guess_n_streams as guess_n_streams
from theano.frontend.random_mrg import mrg_uniform as mrg_uniform

"""theano.tensor.raw_random: draws from an explicit random state, each returning (new_state, sample) (re-exports)."""
from theano.frontend.random_streams import RandomStateType as RandomStateType
from theano.frontend.random_streams import RandomStreamsBase as RandomStreamsBase
from theano.frontend.random_streams import binomial as binomial
from theano.frontend.random_streams import choice as choice
from theano.frontend.random_streams import multinomial as multinomial
from theano.frontend.random_streams import normal as normal
from theano.frontend.random_streams import permutation as permutation
from theano.frontend.random_streams import poisson as poisson
from theano.frontend.random_streams import random_integers as random_integers
from theano.frontend.random_streams import random_state_type as random_state_type
from theano.frontend.random_streams import shuffle_row_elements as shuffle_row_elements
from theano.frontend.random_streams import uniform as uniform
from theano.frontend.random_streams import _infer_ndim_bcast as _infer_ndim_bcast
import theano as theano  # noqa: E402 - Theano's raw_random namespace has it (`from ... import *` users rely on it)

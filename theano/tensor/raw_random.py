"""theano.tensor.raw_random: numpy RandomState draws as Theano ops, each returning (new_state, sample) (re-exports)."""
from theano.frontend.raw_random import RandomFunction as RandomFunction
from theano.frontend.raw_random import RandomStateType as RandomStateType
from theano.frontend.raw_random import RandomStreamsBase as RandomStreamsBase
from theano.frontend.raw_random import binomial as binomial
from theano.frontend.raw_random import choice as choice
from theano.frontend.raw_random import choice_helper as choice_helper
from theano.frontend.raw_random import multinomial as multinomial
from theano.frontend.raw_random import multinomial_helper as multinomial_helper
from theano.frontend.raw_random import normal as normal
from theano.frontend.raw_random import permutation as permutation
from theano.frontend.raw_random import permutation_helper as permutation_helper
from theano.frontend.raw_random import poisson as poisson
from theano.frontend.raw_random import random_integers as random_integers
from theano.frontend.raw_random import random_integers_helper as random_integers_helper
from theano.frontend.raw_random import random_state_type as random_state_type
from theano.frontend.raw_random import shuffle_row_elements as shuffle_row_elements
from theano.frontend.raw_random import uniform as uniform
from theano.frontend.raw_random import _generate_broadcasting_indices as _generate_broadcasting_indices
from theano.frontend.raw_random import _infer_ndim_bcast as _infer_ndim_bcast
import theano as theano  # noqa: E402 - Theano's raw_random namespace has it (`from ... import *` users rely on it)

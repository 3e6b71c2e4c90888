"""theano.tensor.raw_random: draws from an explicit random state, each returning (new_state, sample) (re-exports)."""
from theano.frontend.random_streams import (RandomStateType, RandomStreamsBase, binomial, choice,  # noqa: F401
                                            multinomial, normal, permutation, poisson, random_integers,
                                            random_state_type, shuffle_row_elements, uniform)

"""theano.sandbox.rng_mrg: MRG_RandomStreams, Theano 1.0.5's MRG31k3p streams with Theano's numbers.

Each draw owns a shared (n_streams, 6) int32 state matrix (`theano.shared(rstates)`) whose `default_update` is
the state after the draw; the states are started on the host by jumping ahead from the seed exactly as Theano
does (`get_substream_rstates`), and `mrg_uniform` (frontend/ops/mrg.py) steps them on the device. uniform,
binomial, normal (Box-Muller, `truncate`), truncated_normal, multinomial and choice are built from those
uniforms with Theano's graph formulas, so a seed gives Theano's arrays.
"""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.graph import Variable
from theano.frontend.gradient_tools import undefined_grad
from theano.frontend.ops.elemwise_table import cast
from theano.frontend.ops.alloc import arange, zeros
from theano.frontend.ops.math import maximum, switch
from theano.frontend.ops.extra_ops import cumsum
from theano.frontend.ops.indexing import set_subtensor
from theano.frontend.ops.join import join
from theano.frontend.ops.math import cos, log, sin, sqrt
from theano.frontend.ops.mrg import (A1p134, A2p134, M1, M2, DotModulo, ff_2p72, ff_2p134, jump_states,  # noqa: F401
                                     matVecModM, mrg_next_value, mrg_uniform, mrg_uniform_base, mrg_uniform_prefix,
                                     multMatVect)
from theano.frontend.ops.multinomial import ChoiceFromUniform, MultinomialFromUniform
from theano.frontend.ops.reduce import prod
from theano.frontend.ops.shape import MakeVector, reshape
from theano.frontend.shared import shared
from theano.frontend.type import TensorType

__all__ = ["M1", "M2", "MRG_RandomStreams", "mrg_uniform", "mrg_uniform_base", "guess_n_streams", "DotModulo",
           "multMatVect", "matVecModM", "ff_2p72", "ff_2p134", "mrg_next_value"]


def guess_n_streams(size: Any, warn: bool = False) -> int:
    """Theano's guess of a good number of streams: the number of samples (over 6 when above 6) for a size of
    python ints, at most 60 * 256; 60 * 256 otherwise (with a warning if `warn`)."""
    if isinstance(size, (tuple, list)) and all(isinstance(i, int) for i in size):
        r = 1
        for s in size:
            r *= s
        if r > 6:
            r = r // 6  # chosen as fastest for rbm_benchmark
        return min(r, 60 * 256)
    if warn:
        warnings.warn("MRG_RandomStreams Can't determine #streams from size (%s), guessing 60*256" % str(size),
                      stacklevel=3)
    return 60 * 256


class MRG_RandomStreams:
    """Module component with an interface like numpy.random.RandomState, drawing from MRG31k3p streams.
    `seed`: one int (0 < seed < M2, used 6 times) or 6 ints (the first 3 < M1 and not all 0, the last 3 < M2
    and not all 0)."""

    def __init__(self, seed: Any = 12345):
        self.state_updates: list[tuple] = []  # (shared state, new state, size, nstreams) per draw
        self.default_instance_seed = seed
        self.set_rstate(seed)

    def updates(self) -> list[tuple]:
        return list(self.state_updates)

    def set_rstate(self, seed: Any) -> None:
        """Check `seed` as Theano does and make it the state the next draw's streams start from."""
        if isinstance(seed, int):
            if seed == 0:
                raise ValueError('seed should not be 0', seed)
            elif seed >= M2:
                raise ValueError('seed should be less than %i' % M2, seed)
            self.rstate = np.asarray([seed] * 6, dtype='int32')
        elif hasattr(seed, "__len__") and len(seed) == 6:
            if seed[0] == 0 and seed[1] == 0 and seed[2] == 0:
                raise ValueError('The first 3 values of seed should not be all 0', seed)
            if seed[3] == 0 and seed[4] == 0 and seed[5] == 0:
                raise ValueError('The last 3 values of seed should not be all 0', seed)
            if seed[0] >= M1 or seed[1] >= M1 or seed[2] >= M1:
                raise ValueError('The first 3 values of seed should be less than %i' % M1, seed)
            if seed[3] >= M2 or seed[4] >= M2 or seed[5] >= M2:
                raise ValueError('The last 3 values of seed should be less than %i' % M2, seed)
            self.rstate = np.asarray(seed, dtype='int32')
        else:
            raise TypeError("seed should be 1 integer or 6 integers")

    def seed(self, seed: Any = None) -> None:
        """Re-initialize every stream made so far from `seed` (default: the constructor's seed), in the order
        they were made, so each gets the state a fresh object with that seed would give it."""
        if seed is None:
            seed = self.default_instance_seed
        self.set_rstate(seed)
        for old_r, new_r, size, nstreams in self.state_updates:
            if nstreams is None:
                nstreams = self.n_streams(size)
            rstates = self.get_substream_rstates(nstreams, new_r.owner.outputs[1].dtype)
            old_r.set_value(rstates, borrow=True)

    def inc_rstate(self) -> None:
        """Move self.rstate 2^134 steps forward, to the start of the next draw's streams."""
        self.rstate = multMatVect(self.rstate, A1p134, M1, A2p134, M2)

    def get_substream_rstates(self, n_streams: Any, dtype: str, inc_rstate: bool = True) -> np.ndarray:
        """A (n_streams, 6) int32 matrix whose rows are MRG states spaced by 2^72 samples, from self.rstate."""
        if not isinstance(dtype, str):
            raise TypeError(f"get_substream_rstates: dtype must be a string, got {dtype!r}")
        if isinstance(n_streams, Variable) or not isinstance(n_streams, (int, np.integer)):
            raise TypeError(f"get_substream_rstates: n_streams must be a python or numpy int, got {n_streams!r}")
        n_streams = int(n_streams)
        if not 0 < n_streams < 2 ** 72:
            raise ValueError(f"get_substream_rstates: n_streams must be positive (and below 2**72), got {n_streams}")
        rval = jump_states(self.rstate, n_streams)
        if inc_rstate:
            self.inc_rstate()
        return rval

    def n_streams(self, size: Any) -> int:
        return guess_n_streams(size)

    def pretty_return(self, node_rstate: Variable, new_rstate: Variable, sample: Variable, size: Any,
                      nstreams: Any) -> Variable:
        sample.rstate = node_rstate
        sample.update = (node_rstate, new_rstate)
        self.state_updates.append((node_rstate, new_rstate, size, nstreams))
        node_rstate.default_update = new_rstate
        return sample

    def uniform(self, size: Any, low: Any = 0.0, high: Any = 1.0, ndim: int | None = None, dtype: str | None = None,
                nstreams: Any = None, **kwargs: Any) -> Variable:
        """Samples of `size` uniform in the open interval (low, high); dtype: upcast of floatX, low and high.
        `size`: a tuple of ints and int scalars, or an int vector variable (x.shape)."""
        low = as_tensor_variable(low)
        high = as_tensor_variable(high)
        if dtype is None:
            dtype = _dt.upcast(config.floatX, low.dtype, high.dtype)
        low = undefined_grad(cast(low, dtype))
        high = undefined_grad(cast(high, dtype))
        if isinstance(size, tuple):
            if not all(isinstance(i, (np.integer, int, Variable)) for i in size):
                raise AssertionError("size must be a tuple of int or a Theano variable")
            if any(isinstance(i, (np.integer, int)) and i <= 0 for i in size):
                raise ValueError("The specified size contains a dimension with value <= 0", size)
        elif not (isinstance(size, Variable) and size.ndim == 1):
            raise TypeError("size must be a tuple of int or a Theano Variable with 1 dimension, got " + str(size) +
                            " of type " + str(type(size)))
        orig_nstreams = nstreams
        if nstreams is None:
            nstreams = self.n_streams(size)
        kwargs.pop('target', None)  # Theano's GPU/CPU choice: the device comes from config.device here
        if len(kwargs) > 0:
            raise TypeError("uniform() got unexpected keyword arguments %s" % (str(list(kwargs.keys()))))
        if dtype not in ("float16", "float32", "float64"):
            raise TypeError(f"MRG_RandomStreams.uniform: dtype must be float16, float32 or float64, got {dtype}")
        rstates = self.get_substream_rstates(nstreams, dtype)
        node_rstate = shared(rstates)
        u = self.pretty_return(node_rstate, *mrg_uniform.new(node_rstate, ndim, dtype, size),
                               size=size, nstreams=orig_nstreams)
        node_rstate.tag.is_rng = True  # distinguishes it from other shared variables
        r = u * (high - low) + low
        if u.type.broadcastable != r.type.broadcastable:
            raise NotImplementedError('Increase the size to match the broadcasting pattern of '
                                      '`low` and `high` arguments')
        assert r.dtype == dtype
        return r

    def binomial(self, size: Any = None, n: Any = 1, p: Any = 0.5, ndim: int | None = None, dtype: str = "int64",
                 nstreams: Any = None, **kwargs: Any) -> Variable:
        """cast(uniform(size) < p, dtype) (n = 1 only, as Theano); size=None takes p's shape."""
        if isinstance(n, Variable) or not (isinstance(n, (int, np.integer)) and n == 1):
            raise NotImplementedError("MRG_RandomStreams.binomial with n > 1")
        p = undefined_grad(as_tensor_variable(p))
        if size is None:
            size = p.shape
        x = self.uniform(size=size, ndim=ndim, nstreams=nstreams, **kwargs)
        return cast(x < p, dtype)

    def multinomial(self, size: Any = None, n: Any = 1, pvals: Any = None, ndim: int | None = None,
                    dtype: str = "int64", nstreams: Any = None, **kwargs: Any) -> Variable:
        """Counts of `n` draws from each row of the (rows, k) matrix `pvals`: rows * n uniforms through
        MultinomialFromUniform (no check of pvals' values, as Theano)."""
        if pvals is None:
            raise TypeError("You have to specify pvals")
        pvals = as_tensor_variable(pvals)
        pvals = undefined_grad(pvals)
        if size is not None:
            if any(isinstance(i, (int, np.integer)) and i <= 0 for i in size):
                raise ValueError("The specified size contains a dimension with value <= 0", size)
            raise ValueError("Provided a size argument to MRG_RandomStreams.multinomial, which does not use "
                             "the size argument.")
        if ndim is not None:
            raise ValueError("Provided an ndim argument to MRG_RandomStreams.multinomial, which does not use "
                             "the ndim argument.")
        if pvals.ndim == 2:
            size = pvals[:, 0].shape * n
            unis = self.uniform(size=size, ndim=1, nstreams=nstreams, **kwargs)
            op = MultinomialFromUniform(dtype)
            n_samples = as_tensor_variable(n)
            return op(pvals, unis, n_samples)
        raise NotImplementedError("MRG_RandomStreams.multinomial only implemented for pvals.ndim = 2")

    def choice(self, size: Any = 1, a: Any = None, replace: bool = True, p: Any = None, ndim: int | None = None,
               dtype: str = "int64", nstreams: Any = None, **kwargs: Any) -> Variable:
        """For each row of `p`, `size` distinct indices drawn without replacement: a (rows, size) tensor, from
        rows * size uniforms through ChoiceFromUniform."""
        if replace:
            raise NotImplementedError("MRG_RandomStreams.choice only works without replacement for now.")
        if a is not None:
            raise TypeError("For now, a has to be None in MRG_RandomStreams.choice. Sampled values are between 0 "
                            "and p.shape[1]-1")
        if p is None:
            raise TypeError("For now, p has to be specified in MRG_RandomStreams.choice.")
        p = as_tensor_variable(p)
        p = undefined_grad(p)
        if ndim is not None:
            raise ValueError("ndim argument to MRG_RandomStreams.choice is not used.")
        if p.ndim != 2:
            raise NotImplementedError("MRG_RandomStreams.choice is only implemented for p.ndim = 2")
        shape = p[:, 0].shape * size
        unis = self.uniform(size=shape, ndim=1, nstreams=nstreams, **kwargs)
        op = ChoiceFromUniform(odtype=dtype)
        return op(p, unis, as_tensor_variable(size))

    def multinomial_wo_replacement(self, size: Any = None, n: Any = 1, pvals: Any = None, ndim: int | None = None,
                                   dtype: str = "int64", nstreams: Any = None, **kwargs: Any) -> Variable:
        warnings.warn("MRG_RandomStreams.multinomial_wo_replacement() is deprecated and will be removed in the next "
                      "release of Theano. Please use MRG_RandomStreams.choice() instead.")
        assert size is None
        return self.choice(size=n, a=None, replace=False, p=pvals, dtype=dtype, nstreams=nstreams, ndim=ndim,
                           **kwargs)

    def normal(self, size: Any, avg: Any = 0.0, std: Any = 1.0, ndim: int | None = None, dtype: str | None = None,
               nstreams: Any = None, truncate: bool = False, **kwargs: Any) -> Variable:
        """Normal samples of `size` by Box-Muller on an even number of uniforms (the first half gives the radii,
        the second the angles); truncate=True redraws the radius of samples beyond 2 standard deviations."""
        size = _check_size(size)
        avg = undefined_grad(as_tensor_variable(avg))
        std = undefined_grad(as_tensor_variable(std))
        if dtype is None:
            dtype = _dt.upcast(config.floatX, avg.dtype, std.dtype)
        avg = cast(avg, dtype)
        std = cast(std, dtype)
        # an even number of uniform samples
        n_odd_samples = prod(size, dtype='int64')
        n_even_samples = n_odd_samples + n_odd_samples % 2
        uniform = self.uniform((n_even_samples, ), low=0., high=1., ndim=1, dtype=dtype, nstreams=nstreams,
                               **kwargs)
        # Box-Muller transform
        u1 = uniform[:n_even_samples // 2]
        u2 = uniform[n_even_samples // 2:]
        r = sqrt(-2.0 * log(u1))
        theta = np.array(2.0 * np.pi, dtype=dtype) * u2
        cos_theta, sin_theta = cos(theta), sin(theta)
        z0 = r * cos_theta
        z1 = r * sin_theta
        if truncate:
            # Theano keeps the valid samples of each half in order, then the redrawn ones (radius from a new
            # uniform in [exp(-2), 1), the old angle): join(z0 valid, z0 redrawn, z1 valid, z1 redrawn). Same
            # values here, but with fixed shapes: the redraw is a fixed-length draw whose first n_fix elements
            # are Theano's u_fix, and each half is put in that order by a scatter.
            half = n_even_samples // 2
            to_fix0 = (z0 < -2.) | (z0 > 2.)
            to_fix1 = (z1 < -2.) | (z1 > 2.)
            c0 = cumsum(cast(to_fix0, 'int64'))  # invalid samples up to i, inclusive
            c1 = cumsum(cast(to_fix1, 'int64'))
            n0 = c0[-1]
            n_fix_samples = n0 + c1[-1]
            lower = constant(1. / np.e ** 2, dtype=dtype)
            u_fix = self._uniform_prefix((n_fix_samples, ), n_even_samples, n_fix_samples, lower, dtype, nstreams,
                                         kwargs)
            r_fix = sqrt(-2. * log(u_fix))
            z0_fixed = r_fix[maximum(c0 - 1, 0)] * cos_theta
            z1_fixed = r_fix[maximum(n0 + c1 - 1, 0)] * sin_theta
            index = arange(half, dtype='int64')
            pos0 = switch(to_fix0, half - n0 + c0 - 1, index - c0)
            pos1 = switch(to_fix1, half - c1[-1] + c1 - 1, index - c1)
            out0 = set_subtensor(zeros((half,), dtype=dtype)[pos0], switch(to_fix0, z0_fixed, z0))
            out1 = set_subtensor(zeros((half,), dtype=dtype)[pos1], switch(to_fix1, z1_fixed, z1))
            norm_samples = join(0, out0, out1)
        else:
            norm_samples = join(0, z0, z1)
        samples = norm_samples[:n_odd_samples]
        samples = reshape(samples, newshape=size, ndim=ndim)
        samples = samples * std
        samples = samples + avg
        return samples

    def _uniform_prefix(self, size: tuple, n_total: Variable, count: Variable, low: Variable, dtype: str,
                        nstreams: Any, kwargs: dict) -> Variable:
        """uniform(size, low, 1.) where size = (count,) is a value: a draw of n_total elements whose first
        `count` are those samples (the state advances by `count` draws, as Theano's)."""
        high = as_tensor_variable(1.)
        low = undefined_grad(cast(low, dtype))
        high = undefined_grad(cast(high, dtype))
        orig_nstreams = nstreams
        if nstreams is None:
            nstreams = self.n_streams(size)
        kwargs = dict(kwargs)
        kwargs.pop('target', None)
        if kwargs:
            raise TypeError("uniform() got unexpected keyword arguments %s" % (str(list(kwargs.keys()))))
        node_rstate = shared(self.get_substream_rstates(nstreams, dtype))
        new_rstate, u = mrg_uniform_prefix(TensorType(dtype, (False,)))(node_rstate, (n_total,), count)
        u = self.pretty_return(node_rstate, new_rstate, u, size=size, nstreams=orig_nstreams)
        node_rstate.tag.is_rng = True
        return u * (high - low) + low

    def truncated_normal(self, size: Any, avg: Any = 0.0, std: Any = 1.0, ndim: int | None = None,
                         dtype: str | None = None, nstreams: Any = None, **kwargs: Any) -> Variable:
        """Normal samples cut at 2 standard deviations, scaled so that their standard deviation is `std`."""
        # constant taken from scipy.stats.truncnorm.std(a=-2, b=2, loc=0., scale=1.)
        std = std / constant(.87962566103423978)
        return self.normal(size=size, avg=avg, std=std, truncate=True, ndim=ndim, dtype=dtype, nstreams=nstreams,
                           **kwargs)


def _check_size(size: Any) -> Variable:
    """Theano's canonical size for normal(): an int, a tuple/list of positive ints and int scalars, or an int
    scalar/vector variable, as one int vector variable; ValueError otherwise."""
    if isinstance(size, Variable):
        if size.ndim == 1:
            return size
        elif size.ndim == 0:
            return MakeVector(size.dtype)(size)
        else:
            raise ValueError("Theano variable must have 1 dimension to be a valid size.", size)
    elif isinstance(size, (np.integer, int)):
        return constant([size], ndim=1)
    elif not isinstance(size, (tuple, list)):
        raise ValueError("Size must be a int, tuple, list or Theano variable.", size)
    for i in size:
        if isinstance(i, Variable):
            if i.ndim != 0:
                raise ValueError("Non-scalar Theano variable in size", size, i)
        elif isinstance(i, (np.integer, int)):
            if i <= 0:
                raise ValueError("Non-positive dimensions not allowed in size.", size, i)
        else:
            raise ValueError("Only Theano variables and integers are allowed in a size-tuple.", size, i)
    if len(size) == 0:  # an empty shape (a scalar sample): an integer vector, as Reshape accepts Theano's
        return constant(np.zeros((0,), dtype="int64"))
    return as_tensor_variable(size, ndim=1)

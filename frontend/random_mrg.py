"""theano.sandbox.rng_mrg: MRG_RandomStreams with Theano 1.0.5's API, drawing with threefry on the device.

Each draw gets its own shared state (uint32 key data) with a `default_update`, as Theano's MRG streams
do with their (n_streams, 6) int32 MRG31k3p states; the keys are derived deterministically from the
seed and the draw's rank, so a seed gives the same sequence on every run (not MRG31k3p's numbers).
"""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.graph import Apply, Variable
from theano.frontend.gradient_tools import undefined_grad
from theano.frontend.ops.elemwise_table import cast
from theano.frontend.ops.random import (STATE_DTYPE, RandomChoiceRows, RandomDraw, RandomMultinomial,
                                        check_positive_size, size_entries)
from theano.frontend.ops.shape import shape_i
from theano.frontend.random_streams import RandomStateSharedVariable, RandomStateType
from theano.frontend.shared import SharedVariable

__all__ = ["M1", "M2", "MRG_RandomStreams", "mrg_uniform", "guess_n_streams"]

M1 = 2147483647  # 2^31 - 1 (MRG31k3p's moduli, for Theano's seed checks)
M2 = 2147462579


def guess_n_streams(size: Any, warn: bool = False) -> int:
    """Theano's guess of a good number of MRG streams for `size` (kept for API compatibility: threefry draws
    need no stream count)."""
    if isinstance(size, (tuple, list)) and all(isinstance(i, (int, np.integer)) for i in size):
        r = 1
        for s in size:
            r *= s
        if r > 6:
            r = r // 6
        return min(r, 60 * 256)
    if warn:
        warnings.warn("MRG_RandomStreams Can't determine #streams from size (%s), guessing 60*256" % str(size),
                      stacklevel=3)
    return 60 * 256


class mrg_uniform(RandomDraw):
    """Uniform draws in (0, 1) (or (low, high)) from a state: `mrg_uniform.new(rstate, ndim, dtype, size) ->
    (new_rstate, u)`. At most 2**31 - 1 samples per draw, as Theano's MRG streams (a ValueError when called)."""

    max_samples = 2 ** 31 - 1

    def __str__(self) -> str:
        return f"mrg_uniform{{{self.dtype}}}"

    def __init__(self, output_type: Any = None, inplace: bool = False):
        dtype = getattr(output_type, "dtype", None) or (output_type if isinstance(output_type, str) else config.floatX)
        super().__init__("uniform", dtype)
        self.output_type = output_type
        self.inplace = inplace

    def make_node(self, rstate: Any, size: Any, *params: Any) -> Apply:  # type: ignore[override]
        if params:
            return super().make_node(rstate, size, *params)
        entries = size if isinstance(size, list) and all(isinstance(s, Variable) for s in size) else size_entries(size)
        zero, one = constant(0.0, dtype=self.dtype), constant(1.0, dtype=self.dtype)
        return super().make_node(rstate, entries, zero, one)

    @classmethod
    def new(cls, rstate: Any, ndim: int | None, dtype: str, size: Any) -> list[Variable]:
        """(new state, uniform sample of `size`) drawn from `rstate`."""
        entries = size_entries(size, ndim)
        return cls(dtype)(rstate, entries)


class MRG_RandomStreams:
    """Random streams with numpy.random-like methods (uniform, normal, binomial, multinomial, choice,
    truncated_normal); `seed(s)` reseeds every stream made, `updates()` lists (state, new state, size, nstreams)."""

    def __init__(self, seed: Any = 12345):
        self.state_updates: list[tuple] = []
        self.default_instance_seed = seed
        self.set_rstate(seed)

    def updates(self) -> list[tuple]:
        return list(self.state_updates)

    def set_rstate(self, seed: Any) -> None:
        """Check `seed` as Theano does (one int, or 6 ints for the two MRG components) and restart the draws."""
        if isinstance(seed, (int, np.integer)):
            if seed == 0:
                raise ValueError("seed should not be 0", seed)
            elif seed >= M2:
                raise ValueError("seed should be less than %i" % M2, seed)
            self.rstate = np.asarray([seed] * 6, dtype="int32")
        elif hasattr(seed, "__len__") and len(seed) == 6:
            if seed[0] == 0 and seed[1] == 0 and seed[2] == 0:
                raise ValueError("The first 3 values of seed should not be all 0", seed)
            if seed[3] == 0 and seed[4] == 0 and seed[5] == 0:
                raise ValueError("The last 3 values of seed should not be all 0", seed)
            if seed[0] >= M1 or seed[1] >= M1 or seed[2] >= M1:
                raise ValueError("The first 3 values of seed should be less than %i" % M1, seed)
            if seed[3] >= M2 or seed[4] >= M2 or seed[5] >= M2:
                raise ValueError("The last 3 values of seed should be less than %i" % M2, seed)
            self.rstate = np.asarray(seed, dtype="int32")
        else:
            raise TypeError("seed should be 1 integer or 6 integers")
        self._draws = 0

    def seed(self, seed: Any = None) -> None:
        """Re-initialize every stream made so far from `seed` (default: the constructor's seed)."""
        if seed is None:
            seed = self.default_instance_seed
        self.set_rstate(seed)
        for old_r, new_r, size, nstreams in self.state_updates:
            old_r.set_value(self.get_substream_rstates(nstreams, new_r.dtype), borrow=True)

    def inc_rstate(self) -> None:
        """Move on to the next stream's key."""
        self._draws += 1

    def get_substream_rstates(self, n_streams: Any, dtype: str, inc_rstate: bool = True) -> np.ndarray:
        """The key data of the next stream: a deterministic function of the seed and the stream's rank."""
        words = [int(w) & 0xFFFFFFFF for w in self.rstate] + [self._draws]
        key = np.random.SeedSequence(words).generate_state(2, np.uint32).astype(STATE_DTYPE)
        if inc_rstate:
            self.inc_rstate()
        return key

    def n_streams(self, size: Any) -> int:
        return guess_n_streams(size)

    def pretty_return(self, node_rstate: Variable, new_rstate: Variable, sample: Variable, size: Any,
                      nstreams: Any) -> Variable:
        sample.rstate = node_rstate
        sample.update = (node_rstate, new_rstate)
        self.state_updates.append((node_rstate, new_rstate, size, nstreams))
        node_rstate.default_update = new_rstate
        return sample

    def _new_state(self, nstreams: Any, kwargs: dict, what: str) -> SharedVariable:
        kwargs.pop("target", None)  # the device comes from config.device
        if kwargs:
            raise TypeError("%s() got unexpected keyword arguments %s" % (what, str(list(kwargs.keys()))))
        state = RandomStateSharedVariable(name=None, type=RandomStateType(),
                                          value=self.get_substream_rstates(nstreams, STATE_DTYPE), strict=False)
        state.tag.is_rng = True
        return state

    def _draw(self, op: Any, size: Any, nstreams: Any, kwargs: dict, what: str, *args: Any) -> Variable:
        state = self._new_state(nstreams, kwargs, what)
        new_state, sample = op(state, *args)
        return self.pretty_return(state, new_state, sample, size=size, nstreams=nstreams)

    def uniform(self, size: Any, low: Any = 0.0, high: Any = 1.0, ndim: int | None = None, dtype: str | None = None,
                nstreams: Any = None, **kwargs: Any) -> Variable:
        """Samples of `size` uniform in the open interval (low, high); dtype: upcast of floatX, low, high."""
        low, high = as_tensor_variable(low), as_tensor_variable(high)
        if dtype is None:
            dtype = _dt.upcast(config.floatX, low.dtype, high.dtype)
        low = undefined_grad(cast(low, dtype))
        high = undefined_grad(cast(high, dtype))
        entries = self._size(size, ndim)
        if low.ndim > len(entries) or high.ndim > len(entries):
            raise NotImplementedError("Increase the size to match the broadcasting pattern of `low` and `high` arguments")
        return self._draw(mrg_uniform(dtype), size, nstreams, kwargs, "uniform", entries, low, high)

    @staticmethod
    def _size(size: Any, ndim: int | None) -> list[Variable]:
        if isinstance(size, tuple):
            if not all(isinstance(i, (np.integer, int, Variable)) for i in size):
                raise AssertionError("size must be a tuple of int or a Theano variable")
            if any(isinstance(i, (np.integer, int)) and i <= 0 for i in size):
                raise ValueError("The specified size contains a dimension with value <= 0", size)
        elif not (isinstance(size, Variable) and size.ndim == 1):
            raise TypeError("size must be a tuple of int or a Theano Variable with 1 dimension, got " + str(size) +
                            " of type " + str(type(size)))
        return size_entries(size, ndim)

    def binomial(self, size: Any = None, n: Any = 1, p: Any = 0.5, ndim: int | None = None, dtype: str = "int64",
                 nstreams: Any = None, **kwargs: Any) -> Variable:
        """Number of successes in `n` trials of probability `p` (a float or a tensor, broadcast to size;
        size=None takes p's shape)."""
        p = undefined_grad(as_tensor_variable(p))
        if size is None:
            size = p.shape
        if isinstance(n, (int, np.integer)) and n == 1:
            x = self.uniform(size=size, ndim=ndim, nstreams=nstreams, **kwargs)
            return cast(x < p, dtype)
        n = as_tensor_variable(n)
        entries = self._size(size, ndim)
        return self._draw(RandomDraw("binomial", dtype), size, nstreams, kwargs, "binomial", entries, n, p)

    def multinomial(self, size: Any = None, n: Any = 1, pvals: Any = None, ndim: int | None = None,
                    dtype: str = "int64", nstreams: Any = None, **kwargs: Any) -> Variable:
        """Counts of `n` draws from each row of the (rows, k) matrix `pvals`: a (rows, k) tensor."""
        if pvals is None:
            raise TypeError("You have to specify pvals")
        pvals = undefined_grad(as_tensor_variable(pvals))
        if size is not None:
            if any(isinstance(i, (int, np.integer)) and i <= 0 for i in size):
                raise ValueError("The specified size contains a dimension with value <= 0", size)
            raise ValueError("Provided a size argument to MRG_RandomStreams.multinomial, which does not use "
                             "the size argument.")
        if ndim is not None:
            raise ValueError("Provided an ndim argument to MRG_RandomStreams.multinomial, which does not use "
                             "the ndim argument.")
        if pvals.ndim != 2:
            raise NotImplementedError("MRG_RandomStreams.multinomial only implemented for pvals.ndim = 2")
        n = as_tensor_variable(n)
        rows = [shape_i(pvals, 0)]
        return self._draw(RandomMultinomial(dtype), None, nstreams, kwargs, "multinomial", rows, n, pvals)

    def choice(self, size: Any = 1, a: Any = None, replace: bool = True, p: Any = None, ndim: int | None = None,
               dtype: str = "int64", nstreams: Any = None, **kwargs: Any) -> Variable:
        """For each row of `p`, `size` distinct indices drawn without replacement: a (rows, size) tensor."""
        if replace:
            raise NotImplementedError("MRG_RandomStreams.choice only works without replacement for now.")
        if a is not None:
            raise TypeError("For now, a has to be None in MRG_RandomStreams.choice. Sampled values are between 0 "
                            "and p.shape[1]-1")
        if p is None:
            raise TypeError("For now, p has to be specified in MRG_RandomStreams.choice.")
        p = undefined_grad(as_tensor_variable(p))
        if ndim is not None:
            raise ValueError("ndim argument to MRG_RandomStreams.choice is not used.")
        if p.ndim != 2:
            raise NotImplementedError("MRG_RandomStreams.choice is only implemented for p.ndim = 2")
        n = as_tensor_variable(size)
        return self._draw(RandomChoiceRows(dtype), size, nstreams, kwargs, "choice", p, n)

    def multinomial_wo_replacement(self, size: Any = None, n: Any = 1, pvals: Any = None, ndim: int | None = None,
                                   dtype: str = "int64", nstreams: Any = None, **kwargs: Any) -> Variable:
        warnings.warn("MRG_RandomStreams.multinomial_wo_replacement() is deprecated and will be removed in the next "
                      "release of Theano. Please use MRG_RandomStreams.choice() instead.")
        assert size is None
        return self.choice(size=n, a=None, replace=False, p=pvals, dtype=dtype, nstreams=nstreams, ndim=ndim,
                           **kwargs)

    def normal(self, size: Any, avg: Any = 0.0, std: Any = 1.0, ndim: int | None = None, dtype: str | None = None,
               nstreams: Any = None, truncate: bool = False, **kwargs: Any) -> Variable:
        """Normal samples of `size` (any size, odd ones too); truncate=True cuts at 2 standard deviations."""
        entries = _check_size(size, ndim)
        avg = undefined_grad(as_tensor_variable(avg))
        std = undefined_grad(as_tensor_variable(std))
        if dtype is None:
            dtype = _dt.upcast(config.floatX, avg.dtype, std.dtype)
        avg, std = cast(avg, dtype), cast(std, dtype)
        dist = "truncated_normal" if truncate else "normal"
        return self._draw(RandomDraw(dist, dtype), size, nstreams, kwargs, "normal", entries, avg, std)

    def truncated_normal(self, size: Any, avg: Any = 0.0, std: Any = 1.0, ndim: int | None = None,
                         dtype: str | None = None, nstreams: Any = None, **kwargs: Any) -> Variable:
        """Normal samples cut at 2 standard deviations, scaled so that their standard deviation is `std`."""
        std = std / constant(.87962566103423978)
        return self.normal(size=size, avg=avg, std=std, truncate=True, ndim=ndim, dtype=dtype, nstreams=nstreams,
                           **kwargs)


def _check_size(size: Any, ndim: int | None = None) -> list[Variable]:
    """Theano's size checks for normal(): an int, a tuple/list of positive ints and int scalars, or an int
    scalar/vector variable; ValueError otherwise."""
    if isinstance(size, Variable):
        if size.ndim not in (0, 1):
            raise ValueError("Theano variable must have 1 dimension to be a valid size.", size)
    elif isinstance(size, (np.integer, int)):
        if size <= 0:
            raise ValueError("Non-positive dimensions not allowed in size.", size)
    elif not isinstance(size, (tuple, list)):
        raise ValueError("Size must be a int, tuple, list or Theano variable.", size)
    else:
        for i in size:
            if isinstance(i, Variable):
                if i.ndim != 0:
                    raise ValueError("Non-scalar Theano variable in size", size, i)
            elif isinstance(i, (np.integer, int)):
                if i <= 0:
                    raise ValueError("Non-positive dimensions not allowed in size.", size, i)
            else:
                raise ValueError("Only Theano variables and integers are allowed in a size-tuple.", size, i)
    entries = size_entries(size, ndim)
    check_positive_size(entries)
    return entries

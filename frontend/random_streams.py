"""numpy-like random streams: theano.tensor.raw_random's functions and shared_randomstreams.RandomStreams.

A random state is a uint32 vector of threefry key data (`random_state_type`), held by a shared variable
(`RandomStateSharedVariable`) whose `default_update` is the state after the draw, so every call of every
function (and `.eval()`) advances it on the device. A numpy RandomState given as a state value is turned
into key data deterministically (its own sequence is not reproduced: draws come from jax.random).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.graph import Variable
from theano.frontend.ops.alloc import _const_int, arange
from theano.frontend.ops.random import (STATE_DTYPE, RandomChoice, RandomDraw, RandomMultinomial, RandomPermutation,
                                        broadcast_size, size_entries)
from theano.frontend.ops.shape import make_vector, shape_i
from theano.frontend.shared import TensorSharedVariable
from theano.frontend.type import TensorType

__all__ = ["RandomStateType", "random_state_type", "key_from_seed", "key_from_random_state",
           "RandomStateSharedVariable", "shared_random_state", "uniform", "normal", "binomial", "random_integers",
           "choice", "poisson", "permutation", "infer_size", "_infer_ndim_bcast", "multinomial", "shuffle_row_elements", "RandomStreamsBase",
           "RandomStreams"]


# --------------------------------------------------------------------------- state values

def key_from_seed(seed: int) -> np.ndarray:
    """Threefry key data for an integer seed (the same as jax.random.PRNGKey(seed))."""
    seed = int(seed)
    if seed < 0:
        seed &= (1 << 64) - 1
    return np.array([(seed >> 32) & 0xFFFFFFFF, seed & 0xFFFFFFFF], dtype=STATE_DTYPE)


def key_from_random_state(rng: np.random.RandomState) -> np.ndarray:
    """Key data derived deterministically from a numpy RandomState's current state (it is not advanced)."""
    _, keys, pos, _, _ = rng.get_state()
    words = [int(w) for w in keys[:8]] + [int(pos)]
    return np.random.SeedSequence(words).generate_state(2, np.uint32).astype(STATE_DTYPE)


class RandomStateType(TensorType):
    """The type of a random state: a uint32 vector of threefry key data. Its filter also accepts a numpy
    RandomState or an integer seed (Theano's states were RandomState objects)."""

    def __init__(self) -> None:
        super().__init__(STATE_DTYPE, (False,))

    def filter(self, data: Any, strict: bool = False, allow_downcast: bool | None = None) -> np.ndarray:
        if isinstance(data, np.random.RandomState):
            return key_from_random_state(data)
        if isinstance(data, (int, np.integer)) and not isinstance(data, bool):
            return key_from_seed(int(data))
        out = super().filter(data, strict=strict, allow_downcast=allow_downcast)
        if out.shape != (2,):
            raise TypeError(f"a random state must be 2 uint32 words of threefry key data, got shape {out.shape}")
        return out

    def clone(self, dtype: Any = None, broadcastable: Sequence[bool] | None = None) -> TensorType:
        if dtype in (None, STATE_DTYPE) and broadcastable in (None, (False,)):
            return RandomStateType()
        return TensorType(self.dtype if dtype is None else dtype,
                          self.broadcastable if broadcastable is None else broadcastable)

    def __str__(self) -> str:
        return "RandomStateType"


random_state_type = RandomStateType()


class RandomStateSharedVariable(TensorSharedVariable):
    """A shared random state (uint32 key data on the device)."""


def shared_random_state(value: Any, name: str | None = None, strict: bool = False,
                        allow_downcast: bool | None = None, borrow: bool = False) -> RandomStateSharedVariable:
    """A RandomStateSharedVariable from an int seed, a numpy RandomState or key data."""
    return RandomStateSharedVariable(name=name, type=RandomStateType(), value=value, strict=False,
                                     allow_downcast=allow_downcast)


# --------------------------------------------------------------------------- raw_random functions

def infer_size(ndim: int | None, size: Any, *args: Variable) -> list[Variable]:
    """The sample size as int64 scalars, with Theano's conventions (raw_random._infer_ndim_bcast): size None takes
    the broadcast shape of `args`; a -1 entry takes that dimension from the (broadcast) args."""
    args_ndim = max([a.ndim for a in args], default=0)
    if isinstance(size, (tuple, list)):
        if ndim is None:
            ndim = len(size)
        elif len(size) != ndim:
            raise ValueError("ndim should be equal to len(shape), but\n",
                             "ndim = %s, len(shape) = %s, shape = %s" % (ndim, len(size), size))
        entries: list[Any] = []
        for i, s in enumerate(size):
            if isinstance(s, (int, np.integer)) and s == -1:
                overlapping = [a for a in args if i >= ndim - a.ndim]
                if not overlapping:
                    raise ValueError("Auto-shape of -1 must overlap with the shape of one of the broadcastable inputs")
                entries.append(broadcast_size(overlapping, ndim)[i])
            else:
                entries.append(s)
        entries = size_entries(entries, ndim)
    elif size is None:
        if not args:
            raise TypeError("_infer_ndim_bcast cannot infer shape without either shape or args")
        entries = broadcast_size(args)
        ndim = len(entries)
    else:
        entries = size_entries(size, ndim)
        ndim = len(entries)
    if args_ndim > ndim:
        raise ValueError("ndim should be at least as big as required by args value", (ndim, args_ndim), args)
    return entries


def _infer_ndim_bcast(ndim: int | None, shape: Any, *args: Any) -> tuple:
    """Theano's helper: (ndim, int64 shape vector, broadcastable pattern) of a draw's output."""
    entries = infer_size(ndim, shape, *[as_tensor_variable(a) for a in args])
    vector = make_vector(*entries) if entries else constant(np.zeros((0,), dtype="int64"))
    return len(entries), vector, tuple(v == 1 for v in (_const_int(e) for e in entries))


def _draw(dist: str, random_state: Any, size: Any, ndim: int | None, dtype: str, *params: Any) -> tuple:
    ps = [as_tensor_variable(p) for p in params]
    entries = infer_size(ndim, size, *ps)
    return tuple(RandomDraw(dist, dtype)(random_state, entries, *ps))


def uniform(random_state: Any, size: Any = None, low: Any = 0.0, high: Any = 1.0, ndim: int | None = None,
            dtype: str | None = None) -> tuple:
    """(new state, samples uniform in [low, high)); dtype defaults to the upcast of floatX, low and high."""
    low, high = as_tensor_variable(low), as_tensor_variable(high)
    if dtype is None:
        dtype = _dt.upcast(config.floatX, low.dtype, high.dtype)
    return _draw("uniform", random_state, size, ndim, dtype, low, high)


def normal(random_state: Any, size: Any = None, avg: Any = 0.0, std: Any = 1.0, ndim: int | None = None,
           dtype: str | None = None) -> tuple:
    """(new state, normal samples with mean avg and standard deviation std)."""
    avg, std = as_tensor_variable(avg), as_tensor_variable(std)
    if dtype is None:
        dtype = _dt.upcast(config.floatX, avg.dtype, std.dtype)
    return _draw("normal", random_state, size, ndim, dtype, avg, std)


def binomial(random_state: Any, size: Any = None, n: Any = 1, p: Any = 0.5, ndim: int | None = None,
             dtype: str = "int64", prob: Any = None) -> tuple:
    """(new state, number of successes in n trials of probability p)."""
    if prob is not None:
        p = prob
    return _draw("binomial", random_state, size, ndim, dtype, as_tensor_variable(n), as_tensor_variable(p))


def random_integers(random_state: Any, size: Any = None, low: Any = 0, high: Any = 1, ndim: int | None = None,
                    dtype: str = "int64") -> tuple:
    """(new state, integers drawn uniformly from low to high, both included)."""
    return _draw("integers", random_state, size, ndim, dtype, as_tensor_variable(low), as_tensor_variable(high))


def poisson(random_state: Any, size: Any = None, lam: Any = 1.0, ndim: int | None = None,
            dtype: str = "int64") -> tuple:
    """(new state, Poisson samples of mean lam); size or ndim must be given (a TypeError otherwise, as Theano)."""
    lam = as_tensor_variable(lam)
    entries = infer_size(ndim, size)
    return tuple(RandomDraw("poisson", dtype)(random_state, entries, lam))


def choice(random_state: Any, size: Any = None, a: Any = 2, replace: bool = True, p: Any = None,
           ndim: int | None = None, dtype: str = "int64") -> tuple:
    """(new state, elements of `a` (range(a) for an int) drawn `size` times, with probabilities p)."""
    a = as_tensor_variable(a)
    if a.ndim == 0:
        if a.dtype not in _dt.integer_dtypes:
            raise TypeError(f"choice: a must be an integer or a vector, got {a.type}")
        a = arange(a)
    elif a.ndim != 1:
        raise TypeError(f"choice: a must be an integer or a vector, got {a.type}")
    p = None if p is None else as_tensor_variable(p)
    if p is None or p.ndim == 0:  # Theano's tests pass p=0 for "no probabilities"
        p = constant(np.zeros((0,), dtype="float64"))
    entries = [] if size is None else infer_size(ndim, size)
    return tuple(RandomChoice(replace, dtype)(random_state, entries, a, p))


def permutation(random_state: Any, size: Any = None, n: Any = 1, ndim: int | None = None,
                dtype: str = "int64") -> tuple:
    """(new state, permutations of range(n)): one of shape (n,) when size is None, else size + (n,)."""
    n = as_tensor_variable(n)
    entries = [] if size is None else infer_size(ndim, size)
    return tuple(RandomPermutation(dtype)(random_state, entries, n))


def multinomial(random_state: Any, size: Any = None, n: Any = 1, pvals: Any = (0.5, 0.5), ndim: int | None = None,
                dtype: str = "int64") -> tuple:
    """(new state, counts of n trials over the categories of pvals' last axis): shape size + (k,)."""
    n, pvals = as_tensor_variable(n), as_tensor_variable(list(pvals) if isinstance(pvals, tuple) else pvals)
    entries = infer_size(ndim, size, n, pvals[..., 0]) if pvals.ndim > 1 else infer_size(ndim, size, n)
    return tuple(RandomMultinomial(dtype)(random_state, entries, n, pvals))


def shuffle_row_elements(random_state: Any, input: Any) -> tuple:
    """(new state, `input` with the elements of each row (last axis) independently shuffled)."""
    x = as_tensor_variable(input)
    if x.ndim < 1:
        raise TypeError(f"shuffle_row_elements: input must have at least one dimension, got {x.type}")
    new_r, perm = permutation(random_state, [shape_i(x, i) for i in range(x.ndim - 1)], shape_i(x, x.ndim - 1))
    return new_r, _permute_rows(x, perm)


def _permute_rows(x: Variable, perm: Variable) -> Variable:
    if x.ndim == 1:
        return x[perm]
    n = shape_i(x, x.ndim - 1)
    flat = x.reshape((-1, n), ndim=2)
    p = perm.reshape((-1, n), ndim=2)
    rows = arange(shape_i(flat, 0)).dimshuffle(0, "x")
    return flat[rows, p].reshape(x.shape, ndim=x.ndim)


# --------------------------------------------------------------------------- RandomStreams

class RandomStreamsBase:
    """The numpy-like drawing methods; `gen(op, *args, **kwargs)` gives each draw its state."""

    def gen(self, op: Any, *args: Any, **kwargs: Any) -> Variable:
        raise NotImplementedError

    def binomial(self, size: Any = None, n: Any = 1, p: Any = 0.5, ndim: int | None = None, dtype: str = "int64",
                 prob: Any = None) -> Variable:
        if prob is not None:
            p = prob
        return self.gen(binomial, size, n, p, ndim=ndim, dtype=dtype)

    def uniform(self, size: Any = None, low: Any = 0.0, high: Any = 1.0, ndim: int | None = None,
                dtype: str | None = None) -> Variable:
        return self.gen(uniform, size, low, high, ndim=ndim, dtype=dtype)

    def normal(self, size: Any = None, avg: Any = 0.0, std: Any = 1.0, ndim: int | None = None,
               dtype: str | None = None) -> Variable:
        return self.gen(normal, size, avg, std, ndim=ndim, dtype=dtype)

    def random_integers(self, size: Any = None, low: Any = 0, high: Any = 1, ndim: int | None = None,
                        dtype: str = "int64") -> Variable:
        return self.gen(random_integers, size, low, high, ndim=ndim, dtype=dtype)

    def choice(self, size: Any = None, a: Any = 2, replace: bool = True, p: Any = None, ndim: int | None = None,
               dtype: str = "int64") -> Variable:
        return self.gen(choice, size, a, replace, p, ndim=ndim, dtype=dtype)

    def poisson(self, size: Any = None, lam: Any = None, ndim: int | None = None, dtype: str = "int64") -> Variable:
        return self.gen(poisson, size, 1.0 if lam is None else lam, ndim=ndim, dtype=dtype)

    def permutation(self, size: Any = None, n: Any = 1, ndim: int | None = None, dtype: str = "int64") -> Variable:
        return self.gen(permutation, size, n, ndim=ndim, dtype=dtype)

    def multinomial(self, size: Any = None, n: Any = 1, pvals: Any = (0.5, 0.5), ndim: int | None = None,
                    dtype: str = "int64") -> Variable:
        return self.gen(multinomial, size, n, pvals, ndim=ndim, dtype=dtype)

    def shuffle_row_elements(self, input: Any) -> Variable:
        """`input` with each row's elements shuffled (one permutation per row, redrawn on every call)."""
        return self.gen(shuffle_row_elements, input)


class RandomStreams(RandomStreamsBase):
    """theano.tensor.shared_randomstreams.RandomStreams: each draw gets its own shared state, seeded from
    this object's seed generator; `seed(s)` reseeds all of them; `updates()` lists (state, new state)."""

    def __init__(self, seed: int | None = None):
        self.state_updates: list[tuple[Variable, Variable]] = []
        self.default_instance_seed = seed
        self.gen_seedgen = np.random.RandomState(seed)

    def updates(self) -> list[tuple[Variable, Variable]]:
        return list(self.state_updates)

    def seed(self, seed: int | None = None) -> None:
        """Re-seed every state this object made, each from `seed` (default: the constructor's seed)."""
        if seed is None:
            seed = self.default_instance_seed
        seedgen = np.random.RandomState(seed)
        for old_r, _ in self.state_updates:
            old_r.set_value(key_from_seed(int(seedgen.randint(2 ** 30))), borrow=True)

    def __getitem__(self, item: Variable) -> Any:
        """The value of a random state this object made (key data)."""
        return item.get_value(borrow=True)

    def __setitem__(self, item: Variable, val: Any) -> None:
        """Set a random state (key data, an int seed or a numpy RandomState)."""
        item.set_value(val, borrow=True)

    def gen(self, op: Any, *args: Any, **kwargs: Any) -> Variable:
        """Draw with `op(state, *args, **kwargs)` from a new shared state that advances on every call."""
        seed = int(self.gen_seedgen.randint(2 ** 30))
        random_state_variable = shared_random_state(key_from_seed(seed))
        random_state_variable.tag.is_rng = True
        new_r, out = op(random_state_variable, *args, **kwargs)
        out.rng = random_state_variable
        out.update = (random_state_variable, new_r)
        self.state_updates.append(out.update)
        random_state_variable.default_update = new_r
        return out

"""theano.tensor.raw_random, numpy-exact: draws are numpy `RandomState` methods, as Theano 1.0.5's RandomFunction.

A random state is numpy's MT19937 state held as a uint32 vector (`RandomStateType`, STATE_WORDS long: the 624
keys, pos, has_gauss and the cached gaussian's two words), so it is an ordinary array for jit: a shared
variable with a default_update, donated, carried through scan. A draw (`RandomFunction`) rebuilds the
RandomState from that vector on the host, calls the numpy method with Theano's arguments exactly as Theano's
RandomFunction.perform did, and returns (new state vector, sample): the same seed gives Theano's numbers.
Its lowering (theano.lowering.rules.raw_random) is a host callback: these draws run on the CPU, as in Theano;
MRG_RandomStreams draws on the device.

Values seen by users are RandomState objects: the type's filter takes one (or a state vector), and
`RandomStateType.value_from_array` turns a vector back into one (function outputs, In containers, get_value).
"""
from __future__ import annotations

import sys
import threading
from functools import reduce
from typing import Any, Callable, Sequence

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.grad_types import grad_undefined
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.ops.permutation import permute_row_elements
from theano.frontend.ops.shape import MakeVector, get_vector_length, make_vector
from theano.frontend.type import TensorType
from theano.frontend.raw_random_helpers import (_generate_broadcasting_indices, choice_helper,  # noqa: F401
                                               multinomial_helper, permutation_helper, random_integers_helper)

__all__ = ["STATE_WORDS", "state_array", "random_state_of", "RandomStateType", "random_state_type",
           "RandomFunction", "uniform", "normal", "binomial", "random_integers", "random_integers_helper",
           "choice", "choice_helper", "poisson", "permutation", "permutation_helper", "multinomial",
           "multinomial_helper", "shuffle_row_elements", "_infer_ndim_bcast", "_generate_broadcasting_indices",
           "RandomStreamsBase"]

STATE_WORDS = 628  # 624 MT19937 keys, pos, has_gauss, the cached gaussian (float64 as two uint32 words)


# --------------------------------------------------------------------------- state values

def state_array(rng: np.random.RandomState) -> np.ndarray:
    """The uint32[STATE_WORDS] vector of a RandomState's full state (it is not advanced)."""
    name, keys, pos, has_gauss, cached = rng.get_state(legacy=True)
    if name != "MT19937":  # pragma: no cover - RandomState is always MT19937
        raise TypeError(f"random state: expected an MT19937 RandomState, got a {name} state")
    out = np.empty(STATE_WORDS, dtype=np.uint32)
    out[:624] = keys
    out[624] = pos
    out[625] = has_gauss
    out[626:] = np.array([cached], dtype=np.float64).view(np.uint32)
    return out


def random_state_of(state: Any, into: np.random.RandomState | None = None) -> np.random.RandomState:
    """The RandomState a state vector holds (a new one, or `into` set to it)."""
    a = np.ascontiguousarray(np.asarray(state), dtype=np.uint32)
    if a.shape != (STATE_WORDS,):
        raise ValueError(f"random state: expected a uint32 vector of {STATE_WORDS} words (numpy's MT19937 state), "
                         f"got shape {a.shape}")
    rng = into if into is not None else np.random.RandomState(0)
    rng.set_state(("MT19937", a[:624], int(a[624]), int(a[625]), float(a[626:].view(np.float64)[0])))
    return rng


_SCRATCH = threading.local()


def _scratch_random_state() -> np.random.RandomState:
    """This thread's RandomState for drawing: set_state overwrites all of it, and building one costs more than
    the draw of a small sample."""
    rng = getattr(_SCRATCH, "rng", None)
    if rng is None:
        rng = _SCRATCH.rng = np.random.RandomState(0)
    return rng


def _state_words(x: Any) -> np.ndarray:
    return state_array(x) if isinstance(x, np.random.RandomState) else np.asarray(x, dtype=np.uint32)


class RandomStateType(TensorType):
    """The type of a numpy random state (Theano's RandomStateType): inside a program a uint32 vector of
    STATE_WORDS words; its filter takes a numpy RandomState (copied into a vector) or such a vector."""

    # what __init__ sets, also as class defaults: Theano 1.0.5 pickled its RandomStateType with no state at all
    dtype, broadcastable, name, sparse_grad, numpy_dtype = "uint32", (False,), None, False, np.dtype("uint32")

    def __init__(self) -> None:
        super().__init__("uint32", (False,))

    def filter(self, data: Any, strict: bool = False, allow_downcast: bool | None = None) -> np.ndarray:
        if isinstance(data, np.random.RandomState):
            return state_array(data)
        out = super().filter(data, strict=strict, allow_downcast=allow_downcast)
        if out.shape != (STATE_WORDS,):
            raise TypeError(f"RandomStateType expected a numpy RandomState (or its state as {STATE_WORDS} uint32 "
                            f"words), got an array of shape {out.shape}")
        return out

    def is_valid_value(self, a: Any) -> bool:
        if isinstance(a, np.random.RandomState):
            return True
        return getattr(a, "shape", None) == (STATE_WORDS,) and str(getattr(a, "dtype", "")) == "uint32"

    def values_eq(self, a: Any, b: Any, force_same_dtype: bool = True) -> bool:  # type: ignore[override]
        """Theano's comparison of two states: keys, pos, has_gauss, and the cached gaussian if there is one."""
        sa, sb = _state_words(a), _state_words(b)
        if not np.array_equal(sa[:626], sb[:626]):
            return False
        return sa[625] == 0 or np.array_equal(sa[626:], sb[626:])

    def values_eq_approx(self, a: Any, b: Any, *args: Any, **kwargs: Any) -> bool:  # type: ignore[override]
        return self.values_eq(a, b)

    def value_from_array(self, value: Any, holder: Any = None) -> np.random.RandomState:
        """What a user sees of a state value: the numpy RandomState it holds. With a `holder` (an input's
        container) it is one object per holder, set to each new value (as Theano's state advanced in place)."""
        if holder is None:
            return random_state_of(value)
        view = getattr(holder, "_random_state_view", None)
        if view is not None and view[0] is value:
            return view[1]
        rng = random_state_of(value, into=None if view is None else view[1])
        holder._random_state_view = (value, rng)
        return rng

    def clone(self, dtype: Any = None, broadcastable: Sequence[bool] | None = None) -> TensorType:
        if dtype in (None, "uint32") and broadcastable in (None, (False,)):
            return RandomStateType()
        return TensorType(self.dtype if dtype is None else dtype,
                          self.broadcastable if broadcastable is None else broadcastable)

    def get_shape_info(self, obj: Any) -> Any:
        return None

    def get_size(self, shape_info: Any) -> int:
        return STATE_WORDS * 4

    @staticmethod
    def may_share_memory(a: Any, b: Any) -> bool:
        return a is b

    def __str__(self) -> str:
        return "RandomStateType"


random_state_type = RandomStateType()


# --------------------------------------------------------------------------- the op

def _static_shape(v: Variable) -> tuple[int, ...] | None:
    """The values of a constant int vector (a Constant, or a MakeVector of constants), else None."""
    if isinstance(v, Constant):
        return tuple(int(s) for s in np.asarray(v.data).reshape(-1))
    owner = v.owner
    if owner is not None and isinstance(owner.op, MakeVector) and all(isinstance(i, Constant) for i in owner.inputs):
        return tuple(int(np.asarray(i.data)) for i in owner.inputs)
    return None


class RandomFunction(Op):
    """Draws from a numpy RandomState: `fn` is a RandomState method name or a function taking
    (random_state, *args, size) (Theano's RandomFunction). `make_node(r, shape, *args)` gives (new state, sample
    of type `outtype`); `shape` is an int vector, empty for "numpy decides from the arguments"; `ndim_added` is
    how many dimensions the draw adds after `shape` (permutation, multinomial). `inplace` is kept for Theano's
    API (XLA assigns the buffers: the state is never overwritten in place)."""

    __props__ = ("fn", "outtype", "inplace", "ndim_added")
    n_params = 0  # the random-draw protocol scan's gradient reads (size_of / params_of); the count is per node

    def __init__(self, fn: Any, outtype: Any, inplace: bool = False, ndim_added: int = 0):
        self.__setstate__([fn, outtype, inplace, ndim_added])

    def __getstate__(self) -> dict:
        d = dict(self.__dict__)
        d.pop("exec_fn", None)
        d.pop("destroy_map", None)
        return d

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, dict):
            self.__dict__.update(state)
            state = [state["fn"], state["outtype"], state["inplace"], state["ndim_added"]]
        fn, outtype, inplace, ndim_added = state
        self.fn = fn
        if isinstance(fn, str):
            exec_fn = getattr(np.random.RandomState, fn, None)
            if exec_fn is None:
                raise AttributeError(f"RandomFunction: numpy.random.RandomState has no method {fn!r}")
            self.exec_fn: Callable[..., Any] = exec_fn
        elif callable(fn):
            self.exec_fn = fn
        else:
            raise TypeError(f"RandomFunction: fn must be a RandomState method name or a function, got {fn!r}")
        self.outtype = outtype
        self.inplace = bool(inplace)
        if self.inplace:
            self.destroy_map = {0: [0]}
        self.ndim_added = int(ndim_added)

    def __str__(self) -> str:
        return "RandomFunction{%s}" % self.exec_fn.__name__

    def make_node(self, r: Any, shape: Any, *args: Any) -> Apply:
        shape_ = as_tensor_variable(shape, ndim=1)
        if isinstance(shape, tuple) and shape == ():
            shape_ = shape_.astype("int64")
        if shape_.type.ndim != 1 or shape_.type.dtype not in ("int64", "int32"):
            raise TypeError(f"RandomFunction: shape must be an int64 or int32 vector, got {shape_.type}")
        if not isinstance(r, Variable):
            raise TypeError(f"RandomFunction: the random state must be a Variable of RandomStateType (e.g. "
                            f"random_state_type() or a RandomStreams' shared state), got {r!r}")
        if not isinstance(r.type, RandomStateType):
            print("WARNING: RandomState instances should be in RandomStateType", file=sys.stderr)
        ins = [as_tensor_variable(a) for a in args]
        return Apply(self, [r, shape_] + ins, [r.type(), self.outtype()])

    def make_node_from_inputs(self, inputs: list[Variable]) -> Apply:
        return self.make_node(inputs[0], inputs[1], *inputs[2:])

    def size_of(self, node: Apply) -> list[Variable]:
        return [node.inputs[1]]

    def params_of(self, node: Apply) -> list[Variable]:
        """The draw's parameters: an input that reaches them has no gradient (Theano's undefined grad)."""
        return list(node.inputs[2:])

    # ---- shapes: static when the shape input is a constant that numpy must honour, else from the host

    def _known_shape(self, node: Apply) -> tuple[int, ...] | None:
        ndim = node.outputs[1].type.ndim
        if ndim == 0:
            return ()
        static = _static_shape(node.inputs[1])
        if self.ndim_added == 0 and static is not None and len(static) == ndim:
            return static
        return None

    def value_dependent_shape(self, node: Apply) -> bool:
        return self._known_shape(node) is None

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        shp = node.inputs[1]
        out_ndim = node.outputs[1].type.ndim
        unknown = isinstance(shp, Constant) and np.asarray(shp.data).size == 0
        if out_ndim and (self.ndim_added != 0 or unknown):
            raise NotImplementedError  # numpy decides: the shape comes from running the draw (on the host)
        if out_ndim == 0:
            return [shapes[0], ()]
        if shp.owner is not None and isinstance(shp.owner.op, MakeVector) and len(shp.owner.inputs) == out_ndim:
            return [shapes[0], tuple(shp.owner.inputs)]
        static = _static_shape(shp)
        if static is not None and len(static) == out_ndim:
            return [shapes[0], tuple(constant(s, dtype="int64") for s in static)]
        try:
            length = get_vector_length(shp)
        except (ValueError, TypeError):
            length = None
        if length == out_ndim:  # x.shape of the right rank
            return [shapes[0], tuple(shp[i] for i in range(out_ndim))]
        raise NotImplementedError  # a size vector of unknown length: the draw itself checks it (Theano's ValueError)

    # ---- the draw

    def draw(self, state: Any, shape: Any, args: Sequence[Any], out_dtype: str) -> tuple[np.ndarray, np.ndarray]:
        """(new state vector, sample) from a state vector: Theano's RandomFunction.perform on a copy."""
        rng = random_state_of(state, into=_scratch_random_state())
        shp = np.asarray(shape)
        size = None if shp.size == 0 else tuple(int(s) for s in shp)
        out_ndim = self.outtype.ndim
        if size is not None and out_ndim != len(size) + self.ndim_added:
            raise ValueError("Shape mismatch: self.outtype.ndim (%i) != len(shape) (%i) + self.ndim_added (%i)"
                             % (out_ndim, len(size), self.ndim_added))
        rval = self.exec_fn(rng, *(list(args) + [size]))
        if not isinstance(rval, np.ndarray) or str(rval.dtype) != out_dtype:
            rval = np.asarray(rval, dtype=out_dtype)
        if size is None and rval.ndim == 0 and out_ndim > 0:
            rval = rval.reshape([1] * out_ndim)
        if rval.ndim != out_ndim:
            raise ValueError('Shape mismatch: "out" should have dimension %i, but the value produced by "perform" '
                             "has dimension %i" % (out_ndim, rval.ndim))
        if size is not None:
            if self.ndim_added == 0 and size != rval.shape:
                raise ValueError('Shape mismatch: "out" should have shape %s, but the value produced by "perform" '
                                 "has shape %s" % (size, rval.shape))
            if self.ndim_added > 0 and size != rval.shape[:-self.ndim_added]:
                raise ValueError('Shape mismatch: "out" should have shape starting with %s (plus %i extra '
                                 'dimensions), but the value produced by "perform" has shape %s'
                                 % (size, self.ndim_added, rval.shape))
        return state_array(rng), rval

    def host_impl(self, node: Apply, r: Any, shape: Any, *args: Any) -> list[np.ndarray]:
        """The draw in numpy (constant folding, the host shape program, test values)."""
        new_state, sample = self.draw(_state_words(r), shape, [np.asarray(a) for a in args], node.outputs[1].dtype)
        return [new_state, sample]

    def perform(self, node: Apply, inputs: Sequence[Any], out_: Sequence[list]) -> None:
        """Theano's perform: the state may be a RandomState (the new state is one too) or a state vector."""
        r = inputs[0]
        new_state, sample = self.draw(_state_words(r), inputs[1], list(inputs[2:]), node.outputs[1].dtype)
        out_[0][0] = random_state_of(new_state) if isinstance(r, np.random.RandomState) else new_state
        out_[1][0] = sample

    def grad(self, inputs: list[Variable], outputs: list[Any]) -> list[Any]:
        return [grad_undefined(self, k, inp, "No gradient defined through raw random numbers op")
                for k, inp in enumerate(inputs)]

    def R_op(self, inputs: list[Variable], eval_points: list[Any]) -> list[Any]:
        return [None for _ in eval_points]


# --------------------------------------------------------------------------- shapes of the draws

def _infer_ndim_bcast(ndim: int | None, shape: Any, *args: Any) -> tuple:
    """(ndim, int64 shape vector, broadcastable pattern) of a draw (Theano's helper): `shape` a tuple/list of
    ints (-1: take that dimension from the args) and int scalars, None (the args' broadcast shape), or a vector."""
    args = tuple(as_tensor_variable(a) for a in args)
    args_ndim = max([a.ndim for a in args], default=0)
    if isinstance(shape, (tuple, list)):
        if ndim is None:
            ndim = len(shape)
        elif len(shape) != ndim:
            raise ValueError("ndim should be equal to len(shape), but\n",
                             "ndim = %s, len(shape) = %s, shape = %s" % (ndim, len(shape), shape))
        bcast: list[bool] = []
        entries: list[Any] = []
        for i, s in enumerate(shape):
            if hasattr(s, "type"):
                bcast.append(False)
                entries.append(s)
            elif s >= 0:
                entries.append(int(s))
                bcast.append(s == 1)
            elif s == -1:
                overlapping = 0
                for a in args:
                    if i >= ndim - a.ndim:
                        overlapping += 1
                        j = i + a.ndim - ndim
                        if not a.broadcastable[j]:
                            entries.append(a.shape[j])
                            bcast.append(False)
                            break
                else:
                    if overlapping == 0:
                        raise ValueError("Auto-shape of -1 must overlapwith the shape of one of the "
                                         "broadcastableinputs")
                    entries.append(1)
                    bcast.append(True)
            else:
                raise ValueError("negative shape", s)
        if all(isinstance(e, int) for e in entries):
            v_shape = constant(np.asarray(entries, dtype="int64"))
        else:
            v_shape = make_vector(*[as_tensor_variable(e).astype("int64") if not isinstance(e, int)
                                    else constant(e, dtype="int64") for e in entries])
    elif shape is None:
        if not args:
            raise TypeError("_infer_ndim_bcast cannot infer shape without either shape or args")
        template = reduce(lambda a, b: a + b, args)
        v_shape = template.shape
        bcast = list(template.broadcastable)
        ndim = template.ndim
    else:
        v_shape = as_tensor_variable(shape)
        if v_shape.ndim != 1:
            raise TypeError("shape must be a vector or list of scalar, got '%s'" % v_shape)
        if ndim is None:
            ndim = get_vector_length(v_shape)
        bcast = [False] * ndim
    if v_shape.ndim != 1:
        raise TypeError("shape must be a vector or list of scalar, got '%s'" % v_shape)
    if v_shape.dtype not in _dt.integer_dtypes:
        raise TypeError("shape must be an integer vector or list", v_shape.dtype)
    if args_ndim > ndim:
        raise ValueError("ndim should be at least as big as required by args value", (ndim, args_ndim), args)
    assert ndim == len(bcast)
    if v_shape.dtype != "int64":
        v_shape = v_shape.astype("int64")
    return ndim, v_shape, tuple(bcast)


# --------------------------------------------------------------------------- the samplers

def uniform(random_state: Any, size: Any = None, low: Any = 0.0, high: Any = 1.0, ndim: int | None = None,
            dtype: str | None = None) -> list:
    """(new state, samples uniform in [low, high)): numpy's RandomState.uniform; dtype at least floatX."""
    low, high = as_tensor_variable(low), as_tensor_variable(high)
    if dtype is None:
        dtype = _dt.upcast(config.floatX, low.dtype, high.dtype)
    ndim, size, bcast = _infer_ndim_bcast(ndim, size, low, high)
    op = RandomFunction("uniform", TensorType(dtype=dtype, broadcastable=bcast))
    return op(random_state, size, low, high)


def normal(random_state: Any, size: Any = None, avg: Any = 0.0, std: Any = 1.0, ndim: int | None = None,
           dtype: str | None = None) -> list:
    """(new state, normal samples of mean avg and standard deviation std): RandomState.normal."""
    avg, std = as_tensor_variable(avg), as_tensor_variable(std)
    if dtype is None:
        dtype = _dt.upcast(config.floatX, avg.dtype, std.dtype)
    ndim, size, bcast = _infer_ndim_bcast(ndim, size, avg, std)
    op = RandomFunction("normal", TensorType(dtype=dtype, broadcastable=bcast))
    return op(random_state, size, avg, std)


def binomial(random_state: Any, size: Any = None, n: Any = 1, p: Any = 0.5, ndim: int | None = None,
             dtype: str = "int64", prob: Any = None) -> list:
    """(new state, successes in n trials of probability p): RandomState.binomial."""
    if prob is not None:
        p = prob
        print("DEPRECATION WARNING: the parameter prob to the binomal fct have been renamed to p to have the same "
              "name as np.", file=sys.stderr)
    n, p = as_tensor_variable(n), as_tensor_variable(p)
    ndim, size, bcast = _infer_ndim_bcast(ndim, size, n, p)
    op = RandomFunction("binomial", TensorType(dtype=dtype, broadcastable=(False,) * ndim))
    return op(random_state, size, n, p)


def random_integers(random_state: Any, size: Any = None, low: Any = 0, high: Any = 1, ndim: int | None = None,
                    dtype: str = "int64") -> list:
    """(new state, integers uniform in [low, high], both included): one randint per element."""
    low, high = as_tensor_variable(low), as_tensor_variable(high)
    ndim, size, bcast = _infer_ndim_bcast(ndim, size, low, high)
    op = RandomFunction(random_integers_helper, TensorType(dtype=dtype, broadcastable=bcast))
    return op(random_state, size, low, high)


def choice(random_state: Any, size: Any = None, a: Any = 2, replace: Any = True, p: Any = None,
           ndim: int | None = None, dtype: str = "int64") -> list:
    """(new state, elements of `a` (range(a) for a scalar) drawn `size` times): RandomState.choice; a scalar
    when size is None."""
    a = as_tensor_variable(a)
    replace = constant(replace, dtype="int8") if isinstance(replace, bool) else as_tensor_variable(replace)
    if p is None or (not isinstance(p, (Variable, np.ndarray)) and not p):  # Theano's `p or []`: uniform
        p = constant(np.zeros((0,), dtype="float64"))
    else:
        p = as_tensor_variable(p)
    ndim, size, bcast = _infer_ndim_bcast(ndim, size)
    op = RandomFunction(choice_helper, TensorType(dtype=dtype, broadcastable=bcast))
    return op(random_state, size, a, replace, p)


def poisson(random_state: Any, size: Any = None, lam: Any = 1.0, ndim: int | None = None,
            dtype: str = "int64") -> list:
    """(new state, Poisson samples of mean lam): RandomState.poisson; size or ndim must be given."""
    lam = as_tensor_variable(lam)
    ndim, size, bcast = _infer_ndim_bcast(ndim, size)
    op = RandomFunction("poisson", TensorType(dtype=dtype, broadcastable=bcast))
    return op(random_state, size, lam)


def permutation(random_state: Any, size: Any = None, n: Any = 1, ndim: int | None = None,
                dtype: str = "int64") -> list:
    """(new state, permutations of range(n)): shape size + (n,); one of shape (n,) when size is None."""
    if size is None or (isinstance(size, tuple) and size == ()):
        if not (ndim is None or ndim == 1):
            raise TypeError("You asked for just one permutation but asked for more then 1 dimensions.")
        ndim, size, bcast = 1, (), ()
    else:
        ndim, size, bcast = _infer_ndim_bcast(ndim, size)
    op = RandomFunction(permutation_helper, TensorType(dtype=dtype, broadcastable=bcast + (False,)), ndim_added=1)
    return op(random_state, size, n)


def multinomial(random_state: Any, size: Any = None, n: Any = 1, pvals: Any = (0.5, 0.5), ndim: int | None = None,
                dtype: str = "int64") -> list:
    """(new state, counts of n trials over the categories of pvals' last axis): shape size + (k,)."""
    n = as_tensor_variable(n)
    pvals = as_tensor_variable(list(pvals) if isinstance(pvals, tuple) else pvals)
    first = pvals.T[0].T
    ndim, size, bcast = _infer_ndim_bcast(ndim, size, n, first)
    bcast = bcast + (pvals.type.broadcastable[-1],)
    op = RandomFunction(multinomial_helper, TensorType(dtype=dtype, broadcastable=bcast), ndim_added=1)
    return op(random_state, size, n, pvals)


def shuffle_row_elements(random_state: Any, input: Any) -> tuple:
    """(new state, `input` with the elements of each row (last axis) shuffled, one permutation per row)."""
    x = as_tensor_variable(input)
    if x.ndim < 1:
        raise TypeError(f"shuffle_row_elements: input must have at least one dimension, got {x.type}")
    new_r, perm = permutation(random_state, size=x.shape[:-1], n=x.shape[-1], ndim=x.ndim - 1)
    return new_r, permute_row_elements(x, perm)


# --------------------------------------------------------------------------- RandomStreamsBase

class RandomStreamsBase:
    """The numpy-like drawing methods; `gen(op, *args, **kwargs)` gives each draw its state (Theano's)."""

    def gen(self, op: Any, *args: Any, **kwargs: Any) -> Variable:
        raise NotImplementedError

    def binomial(self, size: Any = None, n: Any = 1, p: Any = 0.5, ndim: int | None = None, dtype: str = "int64",
                 prob: Any = None) -> Variable:
        """Successes in n trials of probability p (shape `size`, or n and p's broadcast shape)."""
        if prob is not None:
            p = prob
            print("DEPRECATION WARNING: the parameter prob to the binomal fct have been renamed to p to have the "
                  "same name as numpy.", file=sys.stderr)
        return self.gen(binomial, size, n, p, ndim=ndim, dtype=dtype)

    def uniform(self, size: Any = None, low: Any = 0.0, high: Any = 1.0, ndim: int | None = None,
                dtype: str | None = None) -> Variable:
        """Uniform samples in [low, high)."""
        return self.gen(uniform, size, low, high, ndim=ndim, dtype=dtype)

    def normal(self, size: Any = None, avg: Any = 0.0, std: Any = 1.0, ndim: int | None = None,
               dtype: str | None = None) -> Variable:
        """Normal samples of mean avg and standard deviation std."""
        return self.gen(normal, size, avg, std, ndim=ndim, dtype=dtype)

    def random_integers(self, size: Any = None, low: Any = 0, high: Any = 1, ndim: int | None = None,
                        dtype: str = "int64") -> Variable:
        """Integers between low and high, both included."""
        return self.gen(random_integers, size, low, high, ndim=ndim, dtype=dtype)

    def choice(self, size: Any = None, a: Any = 2, replace: Any = True, p: Any = None, ndim: int | None = None,
               dtype: str = "int64") -> Variable:
        """Elements of `a` (range(a) for a scalar), with or without replacement."""
        return self.gen(choice, size, a, replace, p, ndim=ndim, dtype=dtype)

    def poisson(self, size: Any = None, lam: Any = None, ndim: int | None = None, dtype: str = "int64") -> Variable:
        """Poisson samples of mean lam."""
        return self.gen(poisson, size, lam, ndim=ndim, dtype=dtype)

    def permutation(self, size: Any = None, n: Any = 1, ndim: int | None = None, dtype: str = "int64") -> Variable:
        """Permutations of range(n): shape size + (n,)."""
        return self.gen(permutation, size, n, ndim=ndim, dtype=dtype)

    def multinomial(self, size: Any = None, n: Any = 1, pvals: Any = (0.5, 0.5), ndim: int | None = None,
                    dtype: str = "int64") -> Variable:
        """Counts of n trials over the categories of pvals: shape size + (len(pvals[-1]),)."""
        return self.gen(multinomial, size, n, pvals, ndim=ndim, dtype=dtype)

    def shuffle_row_elements(self, input: Any) -> Variable:
        """`input` with each row (last axis) shuffled; the permutation is the result's `.permutation`."""
        perm = self.permutation(size=input.shape[:-1], n=input.shape[-1], ndim=input.ndim - 1)
        shuffled = permute_row_elements(input, perm)
        shuffled.permutation = perm
        return shuffled

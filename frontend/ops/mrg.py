"""MRG31k3p, Theano 1.0.5's generator behind MRG_RandomStreams (L'Ecuyer & Touzin 2000; streams and substreams
of L'Ecuyer, Simard, Chen & Kelton 2002), with Theano's numbers bit for bit.

A state is a (n_streams, 6) int32 matrix: each row holds the two 3-term recurrences (mod M1 and mod M2) of one
stream. `mrg_uniform(TensorType)(rstate, size) -> (new_rstate, sample)`: element i of the flattened sample is the
(i // n_streams)-th value of stream i % n_streams. Streams are started on the host by jumping ahead with matrix
powers mod M1/M2 (`ff_2p72` between the streams of one draw, `ff_2p134` between draws), as Theano does.
The lowering (lowering/rules/mrg.py) runs the int32 recurrence on the device; `perform` is the numpy reference.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import grad_undefined
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.ops.alloc import _const_int
from theano.frontend.ops.shape import as_shape_vector, constant_entries, get_vector_length, shape_entries
from theano.frontend.type import TensorType

__all__ = ["M1", "M2", "MASK12", "MASK13", "MASK2", "MULT2", "NORM", "A1p72", "A2p72", "A1p134", "A2p134",
           "np_int32_vals", "matVecModM", "multMatVect", "DotModulo", "ff_2p134", "ff_2p72", "mrg_next_value",
           "mrg_uniform_base", "mrg_uniform", "mrg_uniform_prefix", "mrg_step", "mrg_output", "jump_states"]

M1 = np.asarray(np.int32(2147483647))       # 2^31 - 1
M2 = np.asarray(np.int32(2147462579))       # 2^31 - 21069
MASK12 = np.int32(511)                      # 2^9 - 1
MASK13 = np.int32(16777215)                 # 2^24 - 1
MASK2 = np.int32(65535)                     # 2^16 - 1
MULT2 = np.int32(21069)
NORM = 4.656612873077392578125e-10  # 1./2^31

# jump matrices: 2^72 steps (the next substream of a draw) and 2^134 steps (the next draw's first stream)
A1p72 = np.asarray([[1516919229, 758510237, 499121365],
                    [1884998244, 1516919229, 335398200],
                    [601897748, 1884998244, 358115744]], dtype='int64')
A2p72 = np.asarray([[1228857673, 1496414766, 954677935],
                    [1133297478, 1407477216, 1496414766],
                    [2002613992, 1639496704, 1407477216]], dtype='int64')
A1p134 = np.asarray([[1702500920, 1849582496, 1656874625],
                     [828554832, 1702500920, 1512419905],
                     [1143731069, 828554832, 102237247]], dtype='int64')
A2p134 = np.asarray([[796789021, 1464208080, 607337906],
                     [1241679051, 1431130166, 1464208080],
                     [1401213391, 1178684362, 1431130166]], dtype='int64')

np_int32_vals = [np.int32(i) for i in (0, 7, 9, 15, 16, 22, 24)]

# the float conversion of each output dtype (Theano's perform): (mask, offset, NORM) -> ((v & mask) + offset) * NORM
# computed in float64 and rounded to the dtype once
OUTPUT_CONVERSION = {
    "float16": (0x7fff, 1, float(np.float16(3.0458e-05))),
    "float32": (None, 0, float(np.float32(4.6566126e-10))),
    "float64": (None, 0, NORM),
}


def matVecModM(A: np.ndarray, s: np.ndarray, m: Any) -> np.ndarray:
    """(A @ s) mod m, term by term so that nothing overflows int64 (A int64, s int32)."""
    if np.asarray(A).dtype != np.int64:
        raise TypeError(f"matVecModM: A must be an int64 matrix, got dtype {np.asarray(A).dtype}")
    return np.int32(np.sum((A * s) % m, 1) % m)


def multMatVect(v: Any, A: np.ndarray, m1: Any, B: np.ndarray, m2: Any) -> np.ndarray:
    """The first half of the state v times A mod m1, the second half times B mod m2 (int32, 6 entries)."""
    v = np.asarray(v, dtype="int32")
    return np.concatenate((matVecModM(A, v[:3], m1), matVecModM(B, v[3:], m2)))


multMatVect.dot_modulo = None  # type: ignore[attr-defined]  # Theano's cache of a compiled DotModulo (unused here)


def ff_2p134(rstate: Any) -> np.ndarray:
    """The state 2^134 steps further: the start of the next stream."""
    return multMatVect(rstate, A1p134, M1, A2p134, M2)


def ff_2p72(rstate: Any) -> np.ndarray:
    """The state 2^72 steps further: the start of the next substream."""
    return multMatVect(rstate, A1p72, M1, A2p72, M2)


def _jump(v: list[int], A: list[list[int]], m: int) -> list[int]:
    return [sum(A[i][j] * v[j] % m for j in range(3)) % m for i in range(3)]


_A1p72, _A2p72 = A1p72.tolist(), A2p72.tolist()


def jump_states(first: Any, n_streams: int) -> np.ndarray:
    """(n_streams, 6) int32: `first`, then each row ff_2p72 of the one before (Theano's get_substream_rstates)."""
    rows = np.zeros((n_streams, 6), dtype="int32")
    v = [int(x) for x in np.asarray(first, dtype="int32")]
    m1, m2 = int(M1), int(M2)
    rows[0] = v
    for i in range(1, n_streams):  # python ints: exact, and faster than numpy on 3-vectors
        v = _jump(v[:3], _A1p72, m1) + _jump(v[3:], _A2p72, m2)
        rows[i] = v
    return rows


class DotModulo(Op):
    """DotModulo()(A, s, m, A2, s2, m2): concatenate(A @ s mod m, A2 @ s2 mod m2), the jump of an MRG state."""

    __props__ = ()

    def make_node(self, A: Any, s: Any, m: Any, A2: Any, s2: Any, m2: Any) -> Apply:
        ins = [as_tensor_variable(v) for v in (A, s, m, A2, s2, m2)]
        for name, v, nd in zip(("A", "s", "m", "A2", "s2", "m2"), ins, (2, 1, 0, 2, 1, 0)):
            if v.ndim != nd or not v.dtype.startswith(("int", "uint")):
                raise TypeError(f"DotModulo: {name} must be an integer tensor with {nd} dimensions, got {v.type}")
        return Apply(self, ins, [ins[1].type()])

    def perform(self, node: Apply, inputs: list[Any], outputs: list[Any]) -> None:
        A, s, m, A2, s2, m2 = inputs
        outputs[0][0] = np.concatenate((matVecModM(np.asarray(A, "int64"), s, m),
                                        matVecModM(np.asarray(A2, "int64"), s2, m2))).astype(node.outputs[0].dtype)

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(shapes[0][0] + shapes[3][0],)]


def mrg_next_value(rstate: np.ndarray, new_rstate: np.ndarray, NORM: Any, mask: int, offset: int) -> Any:
    """One step of one stream (Theano's scalar reference): writes the next state into new_rstate and returns
    the sample ((x11 - x21) mod M1 & mask) + offset) * NORM."""
    x = [np.int32(v) for v in rstate]
    with np.errstate(over="ignore"):
        (x11, x12, x13, x21, x22, x23), sample = mrg_step(*[np.asarray(v) for v in x], where=np.where)
    new_rstate[...] = [x11, x12, x13, x21, x22, x23]
    sample = np.int64(sample)
    if mask is not None and mask != 0xffffffff:
        sample = sample & mask
    return (sample + offset) * NORM


def mrg_step(x11: Any, x12: Any, x13: Any, x21: Any, x22: Any, x23: Any, where: Callable) -> tuple:
    """One MRG31k3p step on int32 arrays (numpy or jax.numpy: `where` is that module's where), wrapping on
    overflow as Theano's C and numpy code does. Returns (the six new state components, the int32 value in
    [0, M1] that becomes the sample)."""
    m1, m2 = 2147483647, 2147462579
    # first component: x1[n] = (2^22 x1[n-2] + (2^7 + 1) x1[n-3]) mod M1, in Theano's int32 arithmetic
    y1 = ((x12 & 511) << 22) + (x12 >> 9) + ((x13 & 16777215) << 7) + (x13 >> 24)
    y1 = where((y1 < 0) | (y1 >= m1), y1 - m1, y1)
    y1 = y1 + x13
    y1 = where((y1 < 0) | (y1 >= m1), y1 - m1, y1)
    x13, x12, x11 = x12, x11, y1
    # second component: x2[n] = (2^15 x2[n-1] + (2^15 + 1) x2[n-3]) mod M2 (2^31 = 21069 mod M2)
    y1 = ((x21 & 65535) << 15) + (21069 * (x21 >> 16))
    y1 = where((y1 < 0) | (y1 >= m2), y1 - m2, y1)
    y2 = ((x23 & 65535) << 15) + (21069 * (x23 >> 16))
    y2 = where((y2 < 0) | (y2 >= m2), y2 - m2, y2)
    y2 = y2 + x23
    y2 = where((y2 < 0) | (y2 >= m2), y2 - m2, y2)
    y2 = y2 + y1
    y2 = where((y2 < 0) | (y2 >= m2), y2 - m2, y2)
    x23, x22, x21 = x22, x21, y2
    value = where(x11 <= x21, x11 - x21 + m1, x11 - x21)
    return (x11, x12, x13, x21, x22, x23), value


def mrg_output(value: Any, dtype: str, xp: Any) -> Any:
    """Theano's conversion of the int32 values to floats of `dtype` (xp: numpy or jax.numpy)."""
    mask, offset, norm = OUTPUT_CONVERSION[dtype]
    if mask is not None:
        value = value & mask
    return ((value.astype(xp.float64) + offset) * norm).astype(dtype)


def mrg_uniform_numpy(rstate: np.ndarray, n_elements: int, dtype: str) -> tuple[np.ndarray, np.ndarray]:
    """(new state, flat samples): the numpy reference, vectorised over the streams."""
    state = np.array(rstate, dtype="int32", copy=True)
    n_streams = state.shape[0]
    out = np.zeros(n_elements, dtype=dtype)
    cols = [state[:, k].copy() for k in range(6)]
    done = 0
    with np.errstate(over="ignore"):
        while done < n_elements:
            used = min(n_streams, n_elements - done)
            new, value = mrg_step(*[c[:used] for c in cols], where=np.where)
            new = [np.array(v, dtype="int32") for v in new]  # copies: the shifted components are views of cols
            for c, v in zip(cols, new):
                c[:used] = v
            out[done:done + used] = mrg_output(value, dtype, np)
            done += used
    return np.stack(cols, axis=1).astype("int32"), out


class mrg_uniform_base(Op):
    """Base of the MRG samplers: (rstate, size) -> (new rstate, sample of output_type); no gradient."""

    __props__ = ("output_type", "inplace")

    def __init__(self, output_type: TensorType, inplace: bool = False):
        if not isinstance(output_type, TensorType):
            raise TypeError(f"{type(self).__name__}: output_type must be a TensorType, got {output_type!r}")
        if output_type.dtype not in OUTPUT_CONVERSION:
            raise TypeError(f"{type(self).__name__}: MRG31k3p draws float16, float32 or float64 samples, got "
                            f"dtype {output_type.dtype}")
        self.output_type = output_type
        self.inplace = bool(inplace)  # no effect: XLA assigns the buffers (kept for Theano's graphs and pickles)
        self.warned_numpy_version = False

    ndim = property(lambda self: self.output_type.ndim)
    otypenum = property(lambda self: np.dtype(self.output_type.dtype).num)
    otype_is_float32 = property(lambda self: self.output_type.dtype == 'float32')

    def __str__(self) -> str:
        return self.__class__.__name__ + "{%s,%s}" % (self.output_type, "inplace" if self.inplace else "no_inplace")

    def grad(self, inputs: list[Variable], ograd: list[Any]) -> list[Any]:
        return [grad_undefined(self, k, inp, 'No gradient defined through random sampling op')
                for k, inp in enumerate(inputs)]

    def R_op(self, inputs: list[Variable], eval_points: list[Any]) -> list[Any]:
        return [None for i in eval_points]


class mrg_uniform(mrg_uniform_base):
    """Uniform samples in (0, 1) from an MRG31k3p state matrix, Theano's values bit for bit."""

    max_samples = 2 ** 31 - 1

    def make_node(self, rstate: Any, size: Any) -> Apply:
        rstate = as_tensor_variable(rstate)
        if rstate.ndim != 2 or rstate.dtype != "int32":
            raise TypeError(f"mrg_uniform: rstate must be an int32 matrix of MRG31k3p states (n_streams, 6), got "
                            f"{rstate.type}")
        size = as_shape_vector(size)
        known = constant_entries(size)
        if known is not None and len(known) != self.output_type.ndim:
            raise ValueError(f"mrg_uniform: size has {len(known)} entries but the output type {self.output_type} has "
                             f"{self.output_type.ndim} dimensions")
        if known is None:
            known = [None] * self.output_type.ndim
        entries = shape_entries(size, self.output_type.ndim)
        broad = [(k if k is not None else _const_int(e)) == 1 for k, e in zip(known, entries)]
        output_type = self.output_type.clone(broadcastable=broad)()
        return Apply(self, [rstate, size], [rstate.type(), output_type])

    @classmethod
    def new(cls, rstate: Any, ndim: int | None, dtype: str, size: Any) -> list[Variable]:
        """(new state, sample of `size`) drawn from `rstate`."""
        v_size = as_shape_vector(size)
        if ndim is None:
            ndim = get_vector_length(v_size)
        op = cls(TensorType(dtype, (False,) * ndim))
        return op(rstate, v_size)

    def value_dependent_shape(self, node: Apply) -> bool:
        return not isinstance(node.inputs[1], Constant)

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0], tuple(shape_entries(node.inputs[1], self.output_type.ndim))]

    def perform(self, node: Apply, inp: list[Any], out: list[Any]) -> None:
        rstate, size = inp
        shape = tuple(int(s) for s in np.asarray(size))
        n_elements = int(np.prod(shape, dtype=object))
        check_sample_count(n_elements)
        new_state, sample = mrg_uniform_numpy(np.asarray(rstate), n_elements, self.output_type.dtype)
        out[0][0] = new_state
        out[1][0] = sample.reshape(shape)


def check_sample_count(n_elements: int) -> None:
    if n_elements > int(M1):
        raise ValueError("rng_mrg does not support more then (2**31 -1) samples")


class mrg_uniform_prefix(mrg_uniform_base):
    """(rstate, size, count) -> (new rstate, sample of `size`): the first `count` elements (flattened) are the
    values mrg_uniform would draw for `count` samples, and the state advances by exactly those draws; the
    other elements are 0. A draw whose number of samples is a value (truncated normal's redraws) then keeps a
    fixed shape, so one compiled program serves every call."""

    max_samples = 2 ** 31 - 1

    def make_node(self, rstate: Any, size: Any, count: Any) -> Apply:
        node = mrg_uniform(self.output_type).make_node(rstate, size)
        count = as_tensor_variable(count)
        if count.ndim != 0 or not count.dtype.startswith(("int", "uint")):
            raise TypeError(f"mrg_uniform_prefix: count must be an integer scalar, got {count.type}")
        return Apply(self, [node.inputs[0], node.inputs[1], count], [o.type() for o in node.outputs])

    def value_dependent_shape(self, node: Apply) -> bool:
        return not isinstance(node.inputs[1], Constant)

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0], tuple(shape_entries(node.inputs[1], self.output_type.ndim))]

    def perform(self, node: Apply, inp: list[Any], out: list[Any]) -> None:
        rstate, size, count = inp
        shape = tuple(int(s) for s in np.asarray(size))
        n_elements = int(np.prod(shape, dtype=object))
        check_sample_count(n_elements)
        count = int(count)
        if not 0 <= count <= n_elements:
            raise ValueError(f"mrg_uniform_prefix: count must be in [0, {n_elements}], got {count}")
        new_state, sample = mrg_uniform_numpy(np.asarray(rstate), count, self.output_type.dtype)
        full = np.zeros(n_elements, dtype=self.output_type.dtype)
        full[:count] = sample
        out[0][0] = new_state
        out[1][0] = full.reshape(shape)

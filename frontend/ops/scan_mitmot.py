"""A Scan in Theano 1.0.5's own layout, mit_mot outputs included: what a Theano pickle of a scan *gradient* holds.

theano.scan's gradient (Theano's Scan.L_op) builds a reversed loop whose recurrent states are "multiple input,
multiple output taps" buffers (mit_mot): at step i the step reads the buffer at several taps and writes several
taps back (the gradient accumulated for each past value of the forward state). Our own Scan (frontend/ops/scan.py)
has no such outputs: its gradient is JAX's transposed loop. A loaded Theano pickle of a training function (a scan
RNN's `train_fn`) holds Theano's loop, so this op runs it as Theano did: `MitMotScan` keeps Theano's layout and
its lowering (lowering/rules/scan_mitmot.py) carries every buffer whole through one `lax.scan`.

Theano's layout (its Scan `info`):
- inner inputs: the sequence slices (`n_seqs`), the tap values of each mit_mot, mit_sot and sit_sot output
  (`tap_array`, in that order), the shared carries (`n_shared_outs`), then the non-sequences.
- inner outputs: each mit_mot's written taps (`mit_mot_out_slices`), one per mit_sot, sit_sot and nit_sot, the new
  shared values (and a `until` condition, which Theano never builds beside mit_mot: not supported here).
- outer inputs: n_steps, the sequences, one buffer per mit_mot / mit_sot / sit_sot output, the shared carries, one
  size per nit_sot output, the non-sequences.
- outer outputs: the mit_mot, mit_sot and sit_sot buffers, the nit_sot outputs, the shared carries' last values.

Semantics (Theano's Scan.perform): a buffer of length S is read at row `(pos + tap) % S` and, at step i, a
mit_sot/sit_sot/nit_sot output is written at row `pos`, a mit_mot output tap k at row `pos + k`, where
`pos = (i - min tap) % S`. Afterwards a mit_sot/sit_sot/nit_sot buffer used as a ring (S < steps - min tap) is
rotated so its oldest row comes first, and rows past `steps - min tap` of a longer one are zeroed (a truncated
gradient); mit_mot buffers are returned as they are.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.graph import Apply, Constant, Op, Variable, ancestors, io_toposort
from theano.frontend.graph_utils import clone_replace
from theano.frontend.ops.autodiff import autodiff_L_op, autodiff_R_op
from theano.frontend.ops.scan import ScanTripCheck
from theano.frontend.ops.shape import Shape_i
from theano.frontend.shape_inference import symbolic_shapes
from theano.frontend.type import TensorType


@dataclass(frozen=True)
class MitMotScanInfo:
    """Theano's Scan `info` (the fields that shape the loop)."""

    n_seqs: int
    tap_array: tuple  # per mit_mot, mit_sot and sit_sot output: its input taps
    n_mit_mot: int
    mit_mot_out_slices: tuple  # per mit_mot: the taps its step writes
    n_mit_sot: int
    n_sit_sot: int
    n_nit_sot: int
    n_shared_outs: int
    truncate_gradient: int = -1
    name: str | None = None
    mode: Any = None

    @property
    def n_rec(self) -> int:
        """Number of outputs with a buffer (mit_mot, mit_sot, sit_sot)."""
        return self.n_mit_mot + self.n_mit_sot + self.n_sit_sot

    @property
    def n_tap_inputs(self) -> int:
        return sum(len(t) for t in self.tap_array)

    @property
    def n_mit_mot_outs(self) -> int:
        return sum(len(t) for t in self.mit_mot_out_slices)

    def mintap(self, j: int) -> int:
        """The smallest tap of recurrent output j (0 for a nit_sot output)."""
        return min(self.tap_array[j]) if j < self.n_rec else 0

    @classmethod
    def from_theano(cls, info: dict) -> "MitMotScanInfo":
        """From the `info` dict of a Theano 1.0.5 Scan."""
        if info.get("as_while"):
            raise TypeError("Cannot load a Theano Scan with both mit_mot outputs and an `until` condition "
                            "(Theano's scan gradient never builds one)")
        return cls(n_seqs=int(info["n_seqs"]), tap_array=tuple(tuple(int(t) for t in taps) for taps in info["tap_array"]),
                   n_mit_mot=int(info["n_mit_mot"]),
                   mit_mot_out_slices=tuple(tuple(int(t) for t in s) for s in info["mit_mot_out_slices"]),
                   n_mit_sot=int(info["n_mit_sot"]), n_sit_sot=int(info["n_sit_sot"]),
                   n_nit_sot=int(info["n_nit_sot"]), n_shared_outs=int(info["n_shared_outs"]),
                   truncate_gradient=int(info.get("truncate_gradient", -1)), name=info.get("name"))


class MitMotScan(Op):
    """Theano's Scan with its own layout (see the module docstring); built when a Theano pickle is loaded."""

    def __init__(self, inputs: Sequence[Variable], outputs: Sequence[Variable], info: MitMotScanInfo):
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self.info = info
        self.name = info.name or "scan_fn"
        self.cache: dict = {}
        i = info
        if len(i.tap_array) != i.n_rec or len(i.mit_mot_out_slices) != i.n_mit_mot:
            raise ValueError(f"Scan {self.name}: tap_array has {len(i.tap_array)} entries and mit_mot_out_slices "
                             f"{len(i.mit_mot_out_slices)}, its layout says {i.n_rec} and {i.n_mit_mot}")
        n_out = i.n_mit_mot_outs + i.n_mit_sot + i.n_sit_sot + i.n_nit_sot + i.n_shared_outs
        if len(self.outputs) != n_out:
            raise ValueError(f"Scan {self.name}: the inner graph has {len(self.outputs)} outputs, its layout says {n_out}")
        if len(self.inputs) < i.n_seqs + i.n_tap_inputs + i.n_shared_outs:
            raise ValueError(f"Scan {self.name}: the inner graph has {len(self.inputs)} inputs, fewer than its layout "
                             "needs")

    def __str__(self) -> str:
        return "for{cpu,%s}" % self.name

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state["cache"] = {}
        return state

    # ------------------------------------------------------------------ layout

    @property
    def n_nonseq(self) -> int:
        i = self.info
        return len(self.inputs) - i.n_seqs - i.n_tap_inputs - i.n_shared_outs

    def inner_tap_inputs(self, j: int) -> list[Variable]:
        """The inner inputs holding recurrent output j's tap values."""
        start = self.info.n_seqs + sum(len(t) for t in self.info.tap_array[:j])
        return self.inputs[start:start + len(self.info.tap_array[j])]

    def inner_outputs_of(self, j: int) -> list[Variable]:
        """The inner outputs written into outer output j."""
        i = self.info
        if j < i.n_mit_mot:
            start = sum(len(s) for s in i.mit_mot_out_slices[:j])
            return self.outputs[start:start + len(i.mit_mot_out_slices[j])]
        return [self.outputs[i.n_mit_mot_outs + j - i.n_mit_mot]]

    def outer_groups(self, outer: Sequence[Any]) -> tuple[Any, list, list, list, list, list]:
        """(n_steps, sequences, buffers, shared carries, nit_sot sizes, non-sequences) of a node's inputs."""
        i = self.info
        a = 1 + i.n_seqs
        b = a + i.n_rec
        c = b + i.n_shared_outs
        d = c + i.n_nit_sot
        return outer[0], list(outer[1:a]), list(outer[a:b]), list(outer[b:c]), list(outer[c:d]), list(outer[d:])

    def var_mappings(self) -> list[tuple[list[int], list[int]]]:
        """Per outer input: (inner inputs it feeds, index of the outer output it carries or -1); and per outer
        output its inner outputs: returned as (inputs rows, outputs rows)."""
        i = self.info
        ins: list[tuple[list[int], int]] = [([], -1)]
        ii = 0
        for _ in range(i.n_seqs):
            ins.append(([ii], -1))
            ii += 1
        for j in range(i.n_rec):
            n = len(i.tap_array[j])
            ins.append((list(range(ii, ii + n)), j))
            ii += n
        n_outs = i.n_rec + i.n_nit_sot
        for k in range(i.n_shared_outs):
            ins.append(([ii], n_outs + k))
            ii += 1
        ins += [([], -1) for _ in range(i.n_nit_sot)]
        ins += [([ii + k], -1) for k in range(self.n_nonseq)]
        outs: list[list[int]] = []
        oi = 0
        for j in range(i.n_rec + i.n_nit_sot):
            n = len(i.mit_mot_out_slices[j]) if j < i.n_mit_mot else 1
            outs.append(list(range(oi, oi + n)))
            oi += n
        outs += [[oi + k] for k in range(i.n_shared_outs)]
        return ins, outs  # type: ignore[return-value]

    # ------------------------------------------------------------------ graph protocol

    def make_node(self, *inputs: Any) -> Apply:
        inputs = [as_tensor_variable(v) for v in inputs]
        i = self.info
        n_steps, seqs, bufs, shared, sizes, nonseqs = self.outer_groups(inputs)
        if len(nonseqs) != self.n_nonseq:
            raise ValueError(f"Scan {self.name}: expected {self.n_nonseq} non-sequences, got {len(nonseqs)}")
        if n_steps.ndim != 0 or n_steps.type.dtype not in _dt.integer_dtypes:
            raise TypeError(f"Scan {self.name}: n_steps must be an integer scalar, got {n_steps.type}")
        for outer, inner in zip(seqs, self.inputs[:i.n_seqs]):
            if outer.type.dtype != inner.type.dtype or outer.ndim != inner.ndim + 1:
                raise TypeError(f"Scan {self.name}: sequence {outer} ({outer.type}) does not match its slice {inner} "
                                f"({inner.type})")
        for j, buf in enumerate(bufs):
            for inner in self.inner_tap_inputs(j):
                if buf.type.dtype != inner.type.dtype or buf.ndim != inner.ndim + 1:
                    raise TypeError(f"Scan {self.name}: the buffer {buf} ({buf.type}) of output {j} does not match "
                                    f"its inner variable {inner} ({inner.type})")
        for size in sizes:
            if size.ndim != 0 or size.type.dtype not in _dt.integer_dtypes:
                raise TypeError(f"Scan {self.name}: the size of a nit_sot output must be an integer scalar, "
                                f"got {size.type}")
        a = i.n_seqs + i.n_tap_inputs
        for outer, inner in zip(shared + nonseqs, self.inputs[a:]):
            if outer.type.dtype != inner.type.dtype or outer.ndim != inner.ndim:
                raise TypeError(f"Scan {self.name}: input {outer} ({outer.type}) does not match its inner variable "
                                f"{inner} ({inner.type})")
        outs = [b.type() for b in bufs]
        first_nit = i.n_mit_mot_outs + i.n_mit_sot + i.n_sit_sot
        for o in self.outputs[first_nit:first_nit + i.n_nit_sot]:
            outs.append(TensorType(o.type.dtype, (False,) + tuple(o.type.broadcastable))())
        outs += [s.type() for s in shared]
        return Apply(self, inputs, outs)

    def value_dependent_shape(self, node: Apply) -> bool:
        """A nit_sot output's length is its size input's value; a loop without sequences needs its trip count
        while compiling (`host_extras`)."""
        _, _, _, _, sizes, _ = self.outer_groups(node.inputs)
        if any(not isinstance(s, Constant) for s in sizes):
            return True
        return self.info.n_seqs == 0 and not isinstance(node.inputs[0], Constant)

    def host_extras(self, node: Apply, input_shapes: Sequence[Any]) -> list[Variable]:
        return [node.inputs[0]]

    def host_checks(self, node: Apply, shapes: list[tuple]) -> list[Variable]:
        """Theano's run-time checks of the trip count (negative, zero, longer than a sequence), on the host."""
        if isinstance(node.inputs[0], Constant):
            return []
        return [ScanTripCheck()(node.inputs[0], *[s[0] for s in shapes[1:1 + self.info.n_seqs]])]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        i = self.info
        _, seq_shapes, buf_shapes, shared_shapes, _, nonseq_shapes = self.outer_groups(shapes)
        _, _, _, _, sizes, outer_nonseqs = self.outer_groups(node.inputs)
        result = [tuple(s) for s in buf_shapes]
        if i.n_nit_sot:
            given: dict = {}
            for v, s in zip(self.inputs[:i.n_seqs], seq_shapes):
                given[v] = tuple(s[1:])
            for j, s in enumerate(buf_shapes):
                for v in self.inner_tap_inputs(j):
                    given[v] = tuple(s[1:])
            a = i.n_seqs + i.n_tap_inputs
            in_shared = self.inputs[a:a + i.n_shared_outs]
            in_nonseqs = self.inputs[a + i.n_shared_outs:]
            for v, s in zip(in_shared + in_nonseqs, shared_shapes + nonseq_shapes):
                given[v] = tuple(s)
            first_nit = i.n_mit_mot_outs + i.n_mit_sot + i.n_sit_sot
            nit_outs = self.outputs[first_nit:first_nit + i.n_nit_sot]
            shape_of = symbolic_shapes(self.inputs, io_toposort(self.inputs, nit_outs), input_shapes=given)
            outer_of = dict(zip(in_nonseqs, outer_nonseqs))
            variant = set(self.inputs) - set(in_nonseqs)
            for k, (o, size) in enumerate(zip(nit_outs, sizes)):
                fixed = []
                for d in range(o.ndim):
                    e = shape_of[o][d] if o in shape_of else None
                    roots = set(ancestors([e])) if e is not None else {o}
                    if e is None or roots & variant or o in roots:
                        fixed.append(Shape_i(d + 1)(node.outputs[i.n_rec + k]))  # only known once the loop ran
                    else:
                        fixed.append(clone_replace(e, {v: outer_of[v] for v in roots if v in outer_of}, strict=False))
                result.append((size,) + tuple(fixed))
        result += [tuple(s) for s in shared_shapes]
        return result

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        """Theano's Scan.connection_pattern: an outer input reaches an outer output when one of its inner inputs
        reaches one of the output's inner outputs, closed over the recurrences."""
        pattern = self.cache.get("connection_pattern")
        if pattern is not None:
            return [list(r) for r in pattern]
        ins, outs = self.var_mappings()
        deps = [set(ancestors([o])) for o in self.outputs]
        inner_reach = [[self.inputs[ii] in d for d in deps] for ii in range(len(self.inputs))]
        n_out = len(outs)
        pattern = [[any(inner_reach[ii][io] for ii in feeds for io in outs[o]) for o in range(n_out)]
                   for feeds, _ in ins]
        carried_in = {carry: k for k, (_, carry) in enumerate(ins) if carry >= 0}
        for _ in range(n_out):
            for a in range(n_out):
                for b in range(n_out):
                    jin = carried_in.get(b)
                    if jin is not None and pattern[jin][a]:
                        for k in range(len(pattern)):
                            if pattern[k][b]:
                                pattern[k][a] = True
        self.cache["connection_pattern"] = pattern
        return [list(r) for r in pattern]

    def L_op(self, inputs: list[Variable], outputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        """JAX's reverse mode of the loop (LoweredVJP), for inputs the cost reaches through it."""
        node = outputs[0].owner if outputs and outputs[0].owner is not None else self.make_node(*inputs)
        pattern = self.connection_pattern(node)
        live = [not (g is None or isinstance(getattr(g, "type", None), DisconnectedType)) for g in output_grads]
        connected = [any(p and ok for p, ok in zip(row, live)) for row in pattern]
        connected[0] = False
        return autodiff_L_op(self, inputs, outputs, output_grads, connected=connected)

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        return autodiff_R_op(self, inputs, eval_points)


def example_mitmot_scan(out_tap: int = 1) -> MitMotScan:
    """A small loop of this layout (the meta tests' example): one sequence s, one mit_mot buffer read at taps 0 and
    1 and written at `out_tap` with a0 * a1 + s, one nit_sot output 2 * a0."""
    s = TensorType("float64", ())("s")
    a0 = TensorType("float64", ())("a0")
    a1 = TensorType("float64", ())("a1")
    info = MitMotScanInfo(n_seqs=1, tap_array=((0, 1),), n_mit_mot=1, mit_mot_out_slices=((out_tap,),),
                          n_mit_sot=0, n_sit_sot=0, n_nit_sot=1, n_shared_outs=0, name="mitmot_example")
    return MitMotScan([s, a0, a1], [a0 * a1 + s, a0 * 2], info)

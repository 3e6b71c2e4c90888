"""The Scan op: a loop over an inner graph, lowered to one `lax.scan` (lowering/rules/scan.py).

Layout (our own, simpler than Theano's mit_mot/mit_sot/sit_sot/nit_sot groups, in the user's order):

- inner inputs: the sequence slices (`n_seqs`), then for each output with taps its tap values in the
  order the user gave them, then the shared carries (`n_shared`: shared variables updated in the step,
  random states included), then the non-sequences (`n_nonseq`).
- inner outputs: the user's outputs (`out_taps`: a tuple of negative taps for a recurrent output, None
  for an output not fed back), then the new values of the shared carries, then the `until` condition.
- outer inputs: `n_steps`, the sequences (each at least n_steps long; each tap of a sequence is its own,
  already shifted, sequence), for each recurrent output its initial value (the value itself for taps
  (-1,); the last max|tap| values, stacked, for other taps), the shared carries, the non-sequences.
- outer outputs: each user output for every step (n_steps first), then the shared carries' final values.

`ScanInfo.buffered` (what theano.scan builds: Theano 1.0.5's outer layout, frontend/scan_buffers.py): each
recurrent output's outer input is a buffer (ndim + 1, its first max|tap| rows the initial state) and its outer
output the whole buffer (the initial rows, then one row per step); one integer size input per output not fed
back sits between the shared carries and the non-sequences. The compiled graph runs the unbuffered loop.

A scan with `until` (`as_while`) runs as many steps as the condition allows; its output length is the
number of steps taken, computed on the host (ScanSteps) before the loop runs on the device.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from theano.frontend import dtypes as _dt
from theano.frontend.graph import Apply, Constant, Op, Variable, ancestors, backend, io_toposort
from theano.frontend.type import TensorType
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph_compare import equal_computations
from theano.frontend.graph_utils import clone_replace
from theano.frontend.ops.host_check import HostCheck
from theano.frontend.ops.shape import Shape_i
from theano.frontend.shape_inference import symbolic_shapes
from theano.frontend.ops.autodiff import autodiff_L_op, autodiff_R_op
from theano.frontend.grad_types import DisconnectedType, disconnected_type, grad_undefined
from theano.frontend import scan_buffers



@dataclass(frozen=True)
class ScanInfo:
    """The static description of a scan's inner graph layout (see the module docstring)."""

    n_seqs: int
    out_taps: tuple  # per user output: tuple of negative taps, or None
    n_shared: int
    n_nonseq: int
    as_while: bool = False
    truncate_gradient: int = -1
    name: str | None = None
    mode: Any = None
    strict: bool = False
    last_only: tuple = ()  # per user output: True when only its last value is kept (scan_save_mem)
    checkpoint: bool = False  # scan_checkpoints' outer loop: the lowering rematerializes the step (jax.checkpoint)
    buffered: bool = False  # Theano's outer layout (see the module docstring): what theano.scan builds

    @property
    def n_nit_sot(self) -> int:
        return sum(1 for t in self.out_taps if t is None)

    @property
    def n_rec(self) -> int:
        return sum(1 for t in self.out_taps if t is not None)

    def is_last_only(self, k: int) -> bool:
        return bool(self.last_only) and bool(self.last_only[k])

    @property
    def n_outs(self) -> int:
        return len(self.out_taps)

    @property
    def n_tap_inputs(self) -> int:
        return sum(len(t) for t in self.out_taps if t is not None)

    def init_depth(self, k: int) -> int:
        """How many past values output k keeps (0 for an output not fed back)."""
        taps = self.out_taps[k]
        return 0 if taps is None else -min(taps)


class Scan(Op):
    """A symbolic loop (see the module docstring for the layout of its inputs and outputs)."""

    def __init__(self, inputs: Sequence[Variable], outputs: Sequence[Variable], info: ScanInfo):
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self.info = info
        self.name = info.name or "scan_fn"
        self.as_while = info.as_while
        self.truncate_gradient = info.truncate_gradient
        self.cache: dict = {}  # lowering keeps the optimized, lowered inner graph here
        n_expected = info.n_seqs + info.n_tap_inputs + info.n_shared + info.n_nonseq
        if len(self.inputs) != n_expected:
            raise ValueError(f"Scan: the inner graph has {len(self.inputs)} inputs, its layout says {n_expected}")
        if len(self.outputs) != info.n_outs + info.n_shared + int(info.as_while):
            raise ValueError("Scan: the inner graph's outputs do not match its layout")

    def __str__(self) -> str:
        return "%s{cpu,%s}" % ("do_while" if self.as_while else "for", self.name)

    def _key(self) -> tuple:
        i = self.info
        return (i.n_seqs, i.out_taps, i.n_shared, i.n_nonseq, i.as_while, i.truncate_gradient, self.name, i.buffered,
                tuple(i.is_last_only(k) for k in range(i.n_outs)),
                tuple(v.type for v in self.inputs), tuple(v.type for v in self.outputs))

    def __eq__(self, other: object) -> bool:
        """Two scans are equal when their layouts and inner graphs compute the same thing (Theano's Scan.__eq__)."""
        if self is other:
            return True
        if type(other) is not type(self) or self._key() != other._key():  # type: ignore[attr-defined]
            return False
        return equal_computations(self.outputs, other.outputs, self.inputs, other.inputs)  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        h = self.__dict__.get("_hash")
        if h is None:
            h = self.__dict__["_hash"] = hash((type(self), self._key(), len(io_toposort(self.inputs, self.outputs))))
        return h

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state["cache"] = {}
        state.pop("_hash", None)
        return state

    # ------------------------------------------------------------------ layout helpers

    def inner_groups(self) -> tuple[list, list, list, list]:
        i = self.info
        a = i.n_seqs
        b = a + i.n_tap_inputs
        c = b + i.n_shared
        return self.inputs[:a], self.inputs[a:b], self.inputs[b:c], self.inputs[c:]

    def outer_groups(self, outer: Sequence[Variable]) -> tuple[Variable, list, list, list, list]:
        """(n_steps, sequences, initial values, shared carries, non-sequences) of a node's inputs. In the
        buffered layout the initial values are the recurrent outputs' buffers and the nit_sot sizes (between
        the shared carries and the non-sequences) are left out: see `nit_sot_sizes`."""
        i = self.info
        a = 1 + i.n_seqs
        b = a + i.n_rec
        c = b + i.n_shared
        d = c + (i.n_nit_sot if i.buffered else 0)
        return outer[0], list(outer[1:a]), list(outer[a:b]), list(outer[b:c]), list(outer[d:])

    def nit_sot_sizes(self, outer: Sequence[Variable]) -> list[Variable]:
        """The buffered layout's nit_sot size inputs (Theano's: each is the trip count); [] otherwise."""
        i = self.info
        if not i.buffered:
            return []
        c = 1 + i.n_seqs + i.n_rec + i.n_shared
        return list(outer[c:c + i.n_nit_sot])

    def tap_inputs_of(self, k: int) -> list[Variable]:
        """The inner inputs holding output k's tap values."""
        start = self.info.n_seqs + sum(len(t) for t in self.info.out_taps[:k] if t is not None)
        taps = self.info.out_taps[k]
        return [] if taps is None else self.inputs[start:start + len(taps)]

    # ------------------------------------------------------------------ Theano's accessors

    @property
    def fn(self) -> Any:
        """The step as a compiled theano.function of the inner graph (Theano's `Scan.fn`): `fn.maker.fgraph` is
        the optimized step, `fn(*inner_values)` runs one step. Compiled on first use; the loop itself is lowered
        from the same inner graph by lowering/rules/scan.py, not through this function."""
        fn = self.cache.get("fn")
        if fn is None:
            mode = self.info.mode
            fn = self.cache["fn"] = backend["function"](self.inputs, self.outputs, mode=mode, name=self.name,
                                                         on_unused_input="ignore")
        return fn

    def inner_seqs(self, list_inputs: Sequence[Variable]) -> list[Variable]:
        """The sequence slices among the inner inputs `list_inputs` (Theano's Scan.inner_seqs)."""
        return list(list_inputs[:self.info.n_seqs])

    def outer_seqs(self, list_inputs: Any) -> list[Variable]:
        """The sequences among a node's inputs (a node or its input list)."""
        inputs = list_inputs.inputs if isinstance(list_inputs, Apply) else list_inputs
        return list(inputs[1:1 + self.info.n_seqs])

    def inner_shared(self, list_inputs: Sequence[Variable]) -> list[Variable]:
        """The shared carries (shared variables updated by the step) among the inner inputs."""
        a = self.info.n_seqs + self.info.n_tap_inputs
        return list(list_inputs[a:a + self.info.n_shared])

    def outer_shared(self, list_inputs: Any) -> list[Variable]:
        inputs = list_inputs.inputs if isinstance(list_inputs, Apply) else list_inputs
        return self.outer_groups(list(inputs))[3]

    def inner_non_seqs(self, list_inputs: Sequence[Variable]) -> list[Variable]:
        """The non-sequences among the inner inputs (Theano's Scan.inner_non_seqs)."""
        return list(list_inputs[len(list_inputs) - self.info.n_nonseq:]) if self.info.n_nonseq else []

    def outer_non_seqs(self, list_inputs: Any) -> list[Variable]:
        """The non-sequences among a node's inputs (a node or its input list)."""
        inputs = list_inputs.inputs if isinstance(list_inputs, Apply) else list_inputs
        return self.outer_groups(list(inputs))[4]

    @property
    def var_mappings(self) -> dict:
        """Theano's Scan.var_mappings: how outer inputs, inner inputs, inner outputs and outer outputs correspond."""
        return scan_buffers.var_mappings(self)

    def unbuffered(self) -> "Scan":
        """This loop in the unbuffered layout (per-step outputs, initial values as they are)."""
        import dataclasses
        if not self.info.buffered:
            return self
        op = self.cache.get("unbuffered")
        if op is None:
            op = self.cache["unbuffered"] = Scan(self.inputs, self.outputs, dataclasses.replace(self.info, buffered=False))
            if getattr(self, "broadcast_error", None):
                op.broadcast_error = self.broadcast_error
        return op

    # ------------------------------------------------------------------ graph protocol

    def make_node(self, *inputs: Any) -> Apply:

        inputs = [as_tensor_variable(v) for v in inputs]
        i = self.info
        n_steps, seqs, inits, shared, nonseqs = self.outer_groups(inputs)
        if n_steps.ndim != 0 or n_steps.type.dtype not in _dt.integer_dtypes:
            raise TypeError(f"Scan: n_steps must be an integer scalar, got {n_steps.type}")
        in_seqs, _, in_shared, in_nonseqs = self.inner_groups()
        for outer, inner in zip(seqs, in_seqs):
            if outer.type.dtype != inner.type.dtype or outer.ndim != inner.ndim + 1:
                raise TypeError(f"Scan: sequence {outer} ({outer.type}) does not match its slice {inner} ({inner.type})")
        rec = [k for k, t in enumerate(i.out_taps) if t is not None]
        for k, init in zip(rec, inits):
            inner = self.tap_inputs_of(k)[0]
            want = inner.ndim + (0 if i.out_taps[k] == (-1,) and not i.buffered else 1)
            if init.type.dtype != inner.type.dtype or init.ndim != want:
                raise TypeError(f"Scan: the initial state {init} ({init.type}) of output {k} does not match "
                                f"its inner variable {inner} ({inner.type})")
        for size in self.nit_sot_sizes(inputs):
            if size.ndim != 0 or size.type.dtype not in _dt.integer_dtypes:
                raise TypeError(f"Scan: the size of a nit_sot output must be an integer scalar, got {size.type}")
        for outer, inner in zip(shared + nonseqs, in_shared + in_nonseqs):
            if outer.type.dtype != inner.type.dtype or outer.ndim != inner.ndim:
                raise TypeError(f"Scan: input {outer} ({outer.type}) does not match its inner variable {inner} "
                                f"({inner.type})")
        outs = [o.type() if i.is_last_only(k) else TensorType(o.type.dtype, (False,) + tuple(o.type.broadcastable))()
                for k, o in enumerate(self.outputs[:i.n_outs])]
        outs += [v.type() for v in in_shared]
        return Apply(self, inputs, outs)

    def value_dependent_shape(self, node: Apply) -> bool:
        """The trip count sets output shapes (per-step outputs), or is needed while compiling (a loop without a
        sequence to bound it). A loop keeping only last values over sequences takes it as a run-time value."""
        i = self.info
        all_last = all(i.is_last_only(k) for k in range(i.n_outs))
        if self.as_while:
            return not all_last
        if isinstance(node.inputs[0], Constant):
            return False
        return i.n_seqs == 0 or not all_last

    def host_checks(self, node: Apply, shapes: list[tuple]) -> list[Variable]:
        """Theano's run-time checks of the trip count (negative, zero, longer than a sequence), made on the host
        before each call; `shapes` are the symbolic shapes of the node's inputs."""
        if self.as_while or isinstance(node.inputs[0], Constant):
            return []
        return [ScanTripCheck()(node.inputs[0], *[s[0] for s in shapes[1:1 + self.info.n_seqs]])]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:

        i = self.info
        n_steps = node.inputs[0]
        if self.as_while:
            n_steps = ScanSteps(self)(*node.inputs)
        # (Theano's run-time errors for a bad trip count are host_checks: the shape stays a short expression)
        _, seq_shapes, init_shapes, shared_shapes, nonseq_shapes = self.outer_groups(shapes)
        in_seqs, in_taps, in_shared, in_nonseqs = self.inner_groups()
        given: dict = {}
        for v, s in zip(in_seqs, seq_shapes):
            given[v] = tuple(s[1:])
        rec = [k for k, t in enumerate(i.out_taps) if t is not None]
        rec_shape: dict = {}  # a recurrent output keeps its initial state's shape (the lowering checks it)
        for k, s in zip(rec, init_shapes):
            inner_shape = tuple(s) if i.out_taps[k] == (-1,) and not i.buffered else tuple(s[1:])
            rec_shape[k] = inner_shape
            for v in self.tap_inputs_of(k):
                given[v] = inner_shape
        for v, s in zip(in_shared + in_nonseqs, shared_shapes + nonseq_shapes):
            given[v] = tuple(s)
        nodes = io_toposort(self.inputs, self.outputs[:i.n_outs])
        shape_of = symbolic_shapes(self.inputs, nodes, input_shapes=given)
        _, _, _, _, outer_nonseqs = self.outer_groups(node.inputs)
        outer_of = dict(zip(in_nonseqs, outer_nonseqs))
        variant = set(in_seqs) | set(in_taps) | set(in_shared)
        result = []
        for k, o in enumerate(self.outputs[:i.n_outs]):
            last = i.is_last_only(k)
            if k in rec_shape:
                length = n_steps + i.init_depth(k) if i.buffered else n_steps  # a buffer starts with the initial state
                result.append(rec_shape[k] if last else (length,) + rec_shape[k])
                continue
            entries = list(shape_of[o]) if o in shape_of else [Shape_i(d)(o) for d in range(o.ndim)]
            fixed = []
            for d, e in enumerate(entries):
                roots = set(ancestors([e]))
                if roots & variant:  # a per-step index check cannot run on the host: keep the checked value
                    e = _without_host_checks(e)
                    roots = set(ancestors([e]))
                if roots & variant or roots & set(self.outputs) or o in roots:
                    fixed.append(Shape_i(d + (0 if last else 1))(node.outputs[k]))  # only known once the loop ran
                else:
                    fixed.append(clone_replace(e, {v: outer_of[v] for v in roots if v in outer_of}, strict=False))
            result.append(tuple(fixed) if last else (n_steps,) + tuple(fixed))
        result += [tuple(s) for s in shared_shapes]
        return result

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        """Which outer inputs influence which outer outputs, through the recurrences."""
        i = self.info
        inner_out = self.outputs[:i.n_outs + i.n_shared]
        deps = [set(ancestors([o])) for o in inner_out]
        in_seqs, _, in_shared, in_nonseqs = self.inner_groups()
        # an outer input -> the inner inputs it feeds
        feeds: list[list[Variable]] = [[]]  # n_steps
        feeds += [[v] for v in in_seqs]
        feeds += [self.tap_inputs_of(k) for k, t in enumerate(i.out_taps) if t is not None]
        feeds += [[v] for v in in_shared] + [[] for _ in range(i.n_nit_sot if i.buffered else 0)]
        feeds += [[v] for v in in_nonseqs]
        # inner inputs carried from inner output j
        carried = [self.tap_inputs_of(k) for k in range(i.n_outs)] + [[v] for v in in_shared]
        n_out = len(inner_out)
        reach = [[any(v in deps[j] for v in f) for j in range(n_out)] for f in feeds]
        changed = True
        while changed:
            changed = False
            for row in reach:
                for j in range(n_out):
                    if row[j]:
                        continue
                    if any(row[k] and any(v in deps[j] for v in carried[k]) for k in range(n_out)):
                        row[j] = True
                        changed = True
        # (an initial value reaches its own output only through the step, as in Theano: a step that ignores its tap
        # leaves the initial value disconnected, even where the output's buffer holds it in its first rows)
        return [[bool(x) for x in row] for row in reach]

    def L_op(self, inputs: list[Variable], outputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        """JAX's reverse-mode of the loop (LoweredVJP). Inputs the cost does not reach through the loop are
        disconnected; inputs whose influence goes through a random draw's parameters have Theano's undefined
        gradient (it relies on the random generators' intermediate states)."""
        if getattr(self, "broadcast_error", None):
            raise TypeError(self.broadcast_error)
        if self.info.buffered:
            return scan_buffers.buffered_L_op(self, inputs, outputs, output_grads)
        node = outputs[0].owner if outputs and outputs[0].owner is not None else self.make_node(*inputs)
        pattern = self.connection_pattern(node)
        live = [not (g is None or isinstance(getattr(g, "type", None), DisconnectedType)) for g in output_grads]
        connected = [any(p and ok for p, ok in zip(row, live)) for row in pattern]
        connected[0] = False
        grads = autodiff_L_op(self, inputs, outputs, output_grads, connected=connected)
        for i in self._random_tainted(pattern):
            if connected[i]:
                grads[i] = grad_undefined(self, i, inputs[i], "The gradient relies on the intermediary states of the "
                                          "random number generators used in the step of the scan.")
        return grads

    def _random_tainted(self, pattern: list[list[bool]]) -> list[int]:
        """Outer inputs that reach a random draw's parameters inside the step (directly or through a recurrence)."""
        i = self.info
        params = []
        for n in io_toposort(self.inputs, self.outputs):
            if getattr(n.op, "n_params", None) is not None and hasattr(n.op, "size_of"):
                params.extend(n.op.params_of(n))
            elif isinstance(n.op, Scan):  # a nested loop drawing from parameters its inputs reach
                params.extend(n.inputs[k] for k in n.op._random_tainted(n.op.connection_pattern(n)))
        if not params:
            return []
        tainted = set(ancestors(params)) & set(self.inputs)
        in_seqs, _, in_shared, in_nonseqs = self.inner_groups()
        feeds: list[list[Variable]] = [[]] + [[v] for v in in_seqs]
        feeds += [self.tap_inputs_of(k) for k, t in enumerate(i.out_taps) if t is not None]
        feeds += [[v] for v in in_shared] + [[] for _ in range(i.n_nit_sot if i.buffered else 0)]
        feeds += [[v] for v in in_nonseqs]
        carried = [self.tap_inputs_of(k) for k in range(i.n_outs)] + [[v] for v in in_shared]
        hot_outputs = {j for j, c in enumerate(carried) if any(v in tainted for v in c)}
        return [k for k, (f, row) in enumerate(zip(feeds, pattern))
                if any(v in tainted for v in f) or any(row[j] for j in hot_outputs if j < len(row))]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:

        return autodiff_R_op(self, inputs, eval_points)


def _without_host_checks(entry: Variable) -> Variable:
    """`entry` with each HostCheck replaced by the value it checks (per-step checks of a scan's inner graph)."""
    checks = {n.outputs[0]: n.inputs[0] for n in io_toposort([], [entry]) if isinstance(n.op, HostCheck)}
    return clone_replace(entry, checks, strict=False) if checks else entry


class ScanSteps(Op):
    """The number of steps a `until` scan takes, computed on the host (it runs the loop's condition)."""

    __props__ = ("scan",)

    def __init__(self, scan: Scan):
        self.scan = scan

    def make_node(self, *inputs: Variable) -> Apply:
        return Apply(self, list(inputs), [TensorType("int64", ())()])

    def host_impl(self, node: Apply, *values: Any) -> Any:
        return backend["eval_node"](node, list(values))[0]

    def grad(self, inputs: list[Variable], grads: list[Any]) -> list[Any]:

        return [disconnected_type() for _ in inputs]


class ScanTripCheck(Op):
    """n_steps itself, after Theano's run-time checks of a trip count (negative, zero, longer than a
    sequence), made in the host shape program. Inputs: n_steps, then each sequence's length."""

    __props__ = ()

    def make_node(self, n_steps: Any, *lengths: Any) -> Apply:
        return Apply(self, [as_tensor_variable(n_steps), *[as_tensor_variable(v) for v in lengths]],
                     [TensorType("int64", ())()])

    def host_impl(self, node: Apply, n_steps: Any, *lengths: Any) -> Any:
        import numpy as np

        n = int(n_steps)
        if n < 0:
            raise IndexError("Scan was asked to run for negative number of step %d" % n)
        if n == 0:
            raise NotImplementedError("We didn't implemented yet the case where scan do 0 iteration")
        for k, ln in enumerate(lengths):
            if int(ln) < n:
                raise ValueError("Sequence is shorter then the required number of steps : (n_steps, seq, seq.shape):",
                                 n, k, int(ln))
        return np.asarray(n, dtype="int64")

    def grad(self, inputs: list[Variable], grads: list[Any]) -> list[Any]:
        return [disconnected_type() for _ in inputs]

"""theano.scalar.Composite: one scalar op made of a graph of scalar ops (Theano's loop-fusion op).

Scalar variables are 0-d tensors here, so a Composite's inner graph is a graph of Elemwise nodes on 0-d
variables. Its function (for numpy on the host, for jax.numpy in the lowering) evaluates that graph with
each inner op's own function, so `T.Elemwise(Composite(...))` lowers by tracing the inner graph with our
scalar rules. It prints, compares and hashes by its graph (Theano compared the generated C code), flattens
a Composite whose only output is another Composite, rebuilds itself for inputs of other types, and has a
gradient (Theano 1.0.5 raised NotImplementedError there): the inner graph's, applied to the outer inputs.
"""
from __future__ import annotations

from types import ModuleType
from typing import Any, Callable, Sequence

import numpy as np

from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.fgraph import FunctionGraph
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.gradient import grad
from theano.frontend.graph import Apply, Constant, Variable, pickle_hooks
from theano.frontend.graph_walks import io_toposort
from theano.frontend.ops.elemwise import SCALAR_OPS, Cast, Elemwise, ScalarOp, cast, input_cast_dtypes

# Theano's pprint of scalar graphs writes these ops as operators (scalar/basic.py's pprint.assign lines)
_OPERATORS = {"add": "+", "mul": "*", "sub": "-", "neg": "-", "true_div": "/", "int_div": "//", "pow": "**",
              "mod": "%"}


def _scalar_op(node: Apply) -> ScalarOp:
    op = node.op
    if not isinstance(op, Elemwise):
        raise ValueError("The fgraph to Composite must be exclusively composed of ScalarOp instances "
                         "(Elemwise nodes on scalars here); got %s" % op)
    return op.scalar_op


def _constant_key(c: Constant) -> tuple:
    data = np.asarray(c.data)
    return (c.type, data.dtype.str, data.tobytes())


def _merged_clone(inputs: Sequence[Variable], outputs: Sequence[Variable]) -> tuple[list[Variable], list[Variable]]:
    """A copy of the graph from `inputs` to `outputs` with equal constants and equal nodes merged (Theano ran
    its MergeOptimizer on a Composite's graph); fresh input variables keep the inputs' names."""
    memo: dict[Variable, Variable] = {}
    new_inputs = []
    for x in inputs:
        if any(x is o for o in outputs):
            raise ValueError("A Composite's input %s cannot also be one of its outputs (use identity(%s))" % (x, x))
        memo[x] = x.type(name=x.name)
        new_inputs.append(memo[x])
    constants: dict[tuple, Constant] = {}
    nodes: dict[tuple, Apply] = {}

    def get(v: Variable) -> Variable:
        if v in memo:
            return memo[v]
        if isinstance(v, Constant):
            key = _constant_key(v)
            if key not in constants:
                constants[key] = v.clone() if hasattr(v, "clone") else v
            memo[v] = constants[key]
            return memo[v]
        raise ValueError("The graph given to Composite has an input that is not one of its inputs nor a constant: %s "
                         "(give Composite every free variable as an input)" % v)

    for node in io_toposort(list(inputs), list(outputs)):
        _scalar_op(node)
        for o in node.outputs:
            if o.ndim != 0:
                raise ValueError("Composite works on scalars: %s in its graph has %d dimensions" % (o, o.ndim))
        new_ins = [get(i) for i in node.inputs]
        key = (node.op, tuple(id(i) for i in new_ins))
        new = nodes.get(key)
        if new is None:
            new = node.clone_with_new_inputs(new_ins, strict=False)
            nodes[key] = new
        for o, no in zip(node.outputs, new.outputs):
            memo[o] = no
    return new_inputs, [get(o) for o in outputs]


def _apply_graph(graph_inputs: Sequence[Variable], graph_outputs: Sequence[Variable], args: Sequence[Any]) -> list[Variable]:
    """The graph from graph_inputs to graph_outputs rebuilt on `args` (any types, any number of dimensions:
    each node is made again by its op, so dtypes and broadcasting follow the new inputs)."""
    memo: dict[Variable, Variable] = dict(zip(graph_inputs, [as_tensor_variable(a) for a in args]))
    for node in io_toposort(list(graph_inputs), list(graph_outputs)):
        ins = [memo.get(i, i) for i in node.inputs]
        new = node.op.make_node(*ins)
        for o, no in zip(node.outputs, new.outputs):
            memo[o] = no
    return [memo.get(o, o) for o in graph_outputs]


class Composite(ScalarOp):
    """A scalar op whose computation is the scalar graph from `inputs` to `outputs` (theano.scalar.Composite)."""

    init_param = ("inputs", "outputs")
    input_cast = "none"  # the inner graph casts: the function casts its arguments to the inputs' dtypes
    name = None

    def __init__(self, inputs: Sequence[Variable], outputs: Sequence[Variable]):
        inputs = [as_tensor_variable(i) for i in inputs]
        outputs = [as_tensor_variable(o) for o in outputs]
        for v in list(inputs) + list(outputs):
            if v.ndim != 0:
                raise TypeError("Composite takes scalar (0-d) inputs and outputs; got %s with %d dimensions"
                                % (v, v.ndim))
        owner = outputs[0].owner if len(outputs) == 1 else None
        if owner is not None and isinstance(owner.op, Elemwise) and isinstance(owner.op.scalar_op, Composite) \
                and type(owner.op.scalar_op) is Composite:
            # flatten: the only output is another Composite's: inline its graph (as Theano 1.0.5)
            inner = owner.op.scalar_op
            outputs = _apply_graph(inner.fgraph.inputs, inner.fgraph.outputs, owner.inputs)
        self.inputs, self.outputs = _merged_clone(inputs, outputs)
        self.inputs_type = tuple(i.type for i in self.inputs)
        self.outputs_type = tuple(o.type for o in self.outputs)
        self.nin = len(self.inputs)
        self.nout = len(self.outputs)
        self.init_fgraph()
        self.name = None

    def init_fgraph(self) -> None:
        self.fgraph = FunctionGraph(self.inputs, self.outputs, clone=True)
        for node in self.fgraph.toposort():
            _scalar_op(node)
        self._plan_cache: Any = None

    # ---- identity and printing ----------------------------------------------------------------------

    def _key(self) -> tuple:
        """The graph as data: input dtypes, each node (op, input refs), the output refs."""
        refs: dict[Variable, Any] = {v: ("in", k) for k, v in enumerate(self.fgraph.inputs)}
        nodes = []
        for j, node in enumerate(self.fgraph.toposort()):
            ins = tuple(refs[i] if i in refs else ("c",) + _constant_key(i) for i in node.inputs)
            nodes.append((node.op, ins))
            for k, o in enumerate(node.outputs):
                refs[o] = ("n", j, k)
        outs = tuple(refs[o] if o in refs else ("c",) + _constant_key(o) for o in self.fgraph.outputs)
        return (tuple(t.dtype for t in self.inputs_type), tuple(nodes), outs)

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(self) is not type(other) or self.nin != other.nin or self.nout != other.nout:  # type: ignore
            return False
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        h = self.__dict__.get("_props_hash")
        if h is None:
            h = self.__dict__["_props_hash"] = hash((type(self), self.nin, self.nout, self._key()))
        return h

    def __str__(self) -> str:
        if self.name is None:
            self.init_name()
        return self.name  # type: ignore[return-value]

    def init_name(self) -> None:
        """Theano's name: Composite{<each output as its scalar pprint>}, inputs written i0, i1, ..."""
        if self.name is not None:
            return
        fg = self.fgraph
        for k, v in enumerate(fg.inputs):
            v.name = "i%d" % k
        for k, v in enumerate(fg.outputs):
            if v.owner is not None:
                v.name = "o%d" % k
        io = set(fg.inputs) | set(fg.outputs)
        for k, v in enumerate(fg.variables):
            if v not in io and len(fg.clients.get(v, ())) > 1:
                v.name = "t%d" % k
        self.name = "Composite{%s}" % ", ".join(pprint_scalar(fg.inputs, fg.outputs))

    # ---- types and nodes ----------------------------------------------------------------------------

    def output_dtypes(self, *dtypes: str) -> tuple[str, ...]:
        expected = tuple(t.dtype for t in self.inputs_type)
        if tuple(dtypes) != expected:
            raise TypeError("Wrong types for Composite. Expected %s, got %s." % (expected, tuple(dtypes)))
        return tuple(t.dtype for t in self.outputs_type)

    def make_node(self, *inputs: Any) -> Apply:
        """The node on these scalars; inputs of other types get a Composite rebuilt for them (as Theano)."""
        inputs = [as_tensor_variable(i) for i in inputs]
        if len(inputs) != self.nin:
            raise TypeError("Wrong number of inputs for %s.make_node (got %d, expected %d)" % (self, len(inputs), self.nin))
        if tuple(i.dtype for i in inputs) == tuple(t.dtype for t in self.inputs_type):
            return super().make_node(*inputs)
        fresh = [i.type() for i in inputs]
        return Composite(fresh, _apply_graph(self.fgraph.inputs, self.fgraph.outputs, fresh)).make_node(*inputs)

    def make_new_inplace(self, output_types_preference: Any = None, name: str | None = None) -> "Composite":
        out = type(self)(self.inputs, self.outputs)
        if name:
            out.name = name
        return out

    def clone_float32(self) -> "Composite":
        """This Composite computing in float32 where it computed in float16 (Theano's Compositef32)."""
        new_ins, new_outs = composite_f32.apply(self.fgraph)
        return Composite(new_ins, new_outs)

    # ---- evaluation ---------------------------------------------------------------------------------

    def _plan(self) -> tuple:
        """The inner graph as steps: (scalar op, argument slots, input casts, output dtypes); slots index a list
        that starts with the inputs and the constants."""
        if self._plan_cache is None:
            fg = self.fgraph
            nodes = fg.toposort()
            slots: dict[Variable, int] = {v: k for k, v in enumerate(fg.inputs)}
            consts: list[np.ndarray] = []
            for v in [i for n in nodes for i in n.inputs] + list(fg.outputs):
                if v not in slots and isinstance(v, Constant):
                    slots[v] = len(slots)
                    consts.append(np.asarray(v.data))
            steps = []
            for node in nodes:
                sop = node.op.scalar_op
                try:
                    casts = input_cast_dtypes(sop, [i.dtype for i in node.inputs], node.outputs[0].dtype)
                except Exception:  # a user's op without a dtype rule: its inputs as they are
                    casts = [None] * len(node.inputs)
                steps.append((sop, [slots[i] for i in node.inputs], casts, [o.dtype for o in node.outputs]))
                for o in node.outputs:
                    slots[o] = len(slots)
            self._plan_cache = (tuple(steps), consts, [slots[o] for o in fg.outputs],
                                [t.dtype for t in self.inputs_type])
        return self._plan_cache

    def function(self, xp: ModuleType = np) -> Callable[..., Any] | None:
        """The inner graph as one function over arrays of module `xp` (None when an inner op has no function:
        then its `impl` runs element by element)."""
        steps, consts, out_slots, in_dtypes = self._plan()
        fns = [sop.function(xp) for sop, _, _, _ in steps]
        if any(f is None for f in fns):
            return None
        nout = self.nout

        def composite(*args: Any) -> Any:
            env = [xp.asarray(a).astype(dt) for a, dt in zip(args, in_dtypes)] + [xp.asarray(c) for c in consts]
            for fn, (sop, slots, casts, dts) in zip(fns, steps):
                ins = [env[s] if c is None else xp.asarray(env[s]).astype(c) for s, c in zip(slots, casts)]
                outs = fn(*ins)
                outs = outs if len(dts) > 1 else (outs,)
                env.extend(xp.asarray(o).astype(dt) for o, dt in zip(outs, dts))
            results = [env[s] for s in out_slots]
            return results[0] if nout == 1 else tuple(results)
        return composite

    def impl(self, *inputs: Any) -> Any:
        """The Composite on numpy values: its function, or each inner op's impl in turn."""
        fn = self.function(np)
        if fn is None:
            steps, consts, out_slots, in_dtypes = self._plan()
            env = [np.asarray(a).astype(dt) for a, dt in zip(inputs, in_dtypes)] + list(consts)
            for sop, slots, _, dts in steps:
                outs = sop.impl(*[env[s] for s in slots])
                outs = outs if len(dts) > 1 else (outs,)
                env.extend(np.asarray(o).astype(dt) for o, dt in zip(outs, dts))
            results = [env[s] for s in out_slots]
            return results[0] if self.nout == 1 else tuple(results)
        with np.errstate(all="ignore"):
            return fn(*inputs)

    # ---- gradient -----------------------------------------------------------------------------------

    def L_op(self, inputs: list[Variable], outputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        """The gradient of the inner graph rebuilt on the (tensor) inputs."""
        expanded = _apply_graph(self.fgraph.inputs, self.fgraph.outputs, inputs)
        known = {e: g for e, g in zip(expanded, output_grads)
                 if g is not None and not isinstance(getattr(g, "type", None), DisconnectedType)}
        if not known:
            return [x.zeros_like() for x in inputs]
        return grad(None, list(inputs), known_grads=known, disconnected_inputs="ignore", return_disconnected="zero")

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        return self.L_op(inputs, [], output_grads)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        for k in ("_props_hash", "_plan_cache", "fgraph"):
            state.pop(k, None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(pickle_hooks["composite_state"](state))  # ours, or Theano 1.0.5's inner graph rebuilt our way
        self.init_fgraph()


def pprint_scalar(inputs: Sequence[Variable], outputs: Sequence[Variable]) -> list[str]:
    """Theano's pprint of a scalar graph, one string per output: operators for + * - / // ** %, `op(args)`
    otherwise, `Constant{v}` for unnamed constants; computed iteratively."""
    inputs_set = set(inputs)
    operators = {type(SCALAR_OPS[k]): sym for k, sym in _OPERATORS.items()}

    def leaf(v: Variable) -> str:
        if v.name is not None:
            return v.name
        if isinstance(v, Constant):
            return "Constant{%s}" % np.asarray(v.data)
        return str(v)

    text: dict[Variable, str] = {}
    for node in io_toposort(list(inputs), list(outputs)):
        args = [text[i] if i in text and i not in inputs_set else leaf(i) for i in node.inputs]
        sop = node.op.scalar_op if isinstance(node.op, Elemwise) else node.op
        sym = operators.get(type(sop))
        if sym is not None and len(args) == 1:
            s = "(%s%s)" % (sym, args[0])
        elif sym is not None:
            s = "(%s)" % (" %s " % sym).join(args)
        else:
            s = "%s(%s)" % (sop, ", ".join(args))
        for o in node.outputs:
            text[o] = s
    return [text[o] if o in text and o not in inputs_set else leaf(o) for o in outputs]


class Compositef32:
    """Rebuilds a scalar graph computing in float32 where it computed in float16 (Theano's composite_f32)."""

    special: dict[type, Callable[[Apply, dict], None]] = {}

    def apply(self, fgraph: FunctionGraph) -> tuple[list[Variable], list[Variable]]:
        mapping: dict[Variable, Variable] = {}
        for i in fgraph.inputs:
            mapping[i] = i.type.__class__("float32", ())(name=i.name) if i.dtype == "float16" else i
        for node in fgraph.toposort():
            for i in node.inputs:
                if i not in mapping:
                    if not isinstance(i, Constant):
                        raise ValueError("Composite graph input %s is neither an input nor a constant" % i)
                    mapping[i] = constant(np.asarray(i.data, dtype="float32")) if i.dtype == "float16" else i
            sop = node.op.scalar_op
            handler = next((h for t, h in self.special.items() if type(sop) is t), None)
            if handler is not None:
                handler(node, mapping)
                continue
            new_node = node.op.make_node(*[mapping[i] for i in node.inputs])
            if any(o.dtype == "float16" for o in new_node.outputs):
                raise AssertionError("clone_float32 left a float16 output in %s" % new_node)
            for o, no in zip(node.outputs, new_node.outputs):
                mapping[o] = no
        return [mapping[i] for i in fgraph.inputs], [mapping[o] for o in fgraph.outputs]


composite_f32 = Compositef32()


def handle_cast(node: Apply, mapping: dict) -> None:
    """Cast{float16} becomes Cast{float32} (or nothing); a cast from float16 to float32 disappears."""
    inp = mapping[node.inputs[0]]
    out = node.outputs[0]
    o_type = node.op.scalar_op.o_type
    if o_type == "float16":
        mapping[out] = inp if inp.dtype == "float32" else cast(inp, "float32")
        return
    if node.inputs[0].dtype == "float16" and o_type == inp.dtype:
        mapping[out] = inp
        return
    mapping[out] = cast(inp, o_type)


def handle_composite(node: Apply, mapping: dict) -> None:
    """A nested Composite: its own float32 clone, applied to the mapped inputs."""
    new_op = node.op.scalar_op.clone_float32()
    new_outs = new_op(*[mapping[i] for i in node.inputs], return_list=True)
    for o, no in zip(node.outputs, new_outs):
        mapping[o] = no


Compositef32.special[Cast] = handle_cast
Compositef32.special[Composite] = handle_composite

"""OpFromGraph: an op defined by an inner graph of other ops (theano.compile.builders).

The inner graph is a private copy of the user's graph between `inputs` and `outputs`; shared
variables it reads become implicit extra inputs of every node (so gradients reach them). Gradients
and R_op are themselves OpFromGraphs built from the inner graph's symbolic gradients, or from the
user's overrides. The op lowers by lowering its (rewritten) inner graph; `inline=True` asks the
compiler to expand the inner graph into the outer one instead (passes/builders.py).
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Sequence

from theano.frontend.config import change_flags
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.grad_types import DisconnectedType, NullType
from theano.frontend.graph import Apply, Constant, Op, Variable, graph_inputs, io_toposort
from theano.frontend.graph_compare import io_connection_pattern
from theano.frontend.gradient import grad
from theano.frontend.graph_utils import clone_get_equiv, clone_replace
from theano.frontend.ops.shape import patternbroadcast
from theano.frontend.rop import Rop
from theano.frontend.shape_inference import symbolic_shapes
from theano.frontend.shared import SharedVariable

_DEFAULT = "default"


def _is_default(x: Any) -> bool:
    return isinstance(x, str) and x == _DEFAULT


def _is_shared(v: Variable) -> bool:
    return isinstance(v, SharedVariable)


def _zeros_like(v: Variable) -> Variable:
    return v.zeros_like() if hasattr(v, "zeros_like") else constant(0.0)


def _filter_grad_var(grad: Variable, inp: Variable) -> tuple[Variable, Variable | None]:
    """A NullType/DisconnectedType gradient cannot be an inner output: zeros stand in, and the special
    variable is remembered to be handed out in its place."""
    if isinstance(grad.type, (NullType, DisconnectedType)):
        return _zeros_like(inp), grad
    return grad, None


def _filter_rop_var(rop: Variable, out: Variable) -> tuple[Variable, Variable | None]:
    """As _filter_grad_var for R_op results: NullType is remembered, DisconnectedType becomes zeros."""
    if isinstance(rop.type, NullType):
        return _zeros_like(out), rop
    if isinstance(rop.type, DisconnectedType):
        return _zeros_like(out), None
    return rop, None


def _filter_input(var: Any, want: Any, pos: int, op: Any) -> Variable:
    """`var` as a variable of type `want` (Theano's Type.filter_variable); TypeError naming input `pos`."""
    if not isinstance(var, Variable):
        var = as_tensor_variable(var)
    if var.type == want:
        return var
    bc = getattr(want, "broadcastable", None)
    vbc = getattr(var.type, "broadcastable", None)
    if (bc is not None and vbc is not None and type(var.type) is type(want) and var.type.dtype == want.dtype
            and len(bc) == len(vbc) and all(a == b or b for a, b in zip(bc, vbc))):
        return patternbroadcast(var, bc)
    raise TypeError("%s: input %d: cannot convert Type %s (of Variable %s) into Type %s. You can try to manually "
                    "convert %s into a %s." % (op, pos, var.type, var, want, var, want))


class OpFromGraph(Op):
    """An op whose computation is the graph from `inputs` to `outputs` (theano.OpFromGraph)."""

    TYPE_ERR_MSG = ("L_op/gradient override should be (single or list of)'default' | OpFromGraph | callable | "
                    "Variable with NullType or DisconnectedType, got %s")
    STYPE_ERR_MSG = "Overriding Variable instance can only have type of DisconnectedType or NullType, got %s"
    LOP_TYPE_ERR_MSG = 'L_op type can only be "grad" or "lop", got %s.'
    OV_INP_LEN_ERR_MSG = "expect overrider with %d inputs, got %d"

    def __init__(self, inputs: list, outputs: list, inline: bool = False, lop_overrides: Any = _DEFAULT,
                 grad_overrides: Any = _DEFAULT, rop_overrides: Any = _DEFAULT,
                 connection_pattern: list | None = None, name: str | None = None, **kwargs: Any):
        if not isinstance(outputs, list):
            raise TypeError("outputs must be list, got %s" % type(outputs))
        inputs = list(inputs)
        for i in inputs + outputs:
            if not isinstance(i, Variable):
                raise TypeError("inputs and outputs must be Variable instances", i)
        if "updates" in kwargs or "givens" in kwargs:
            raise TypeError("updates and givens are not allowed here")
        self.is_inline = inline
        # shared variables are implicit inputs: the inner graph reads stand-ins, each node reads the variables
        self.shared_inputs = [v for v in graph_inputs(outputs, blockers=inputs) if _is_shared(v)]
        stand_ins = [v.type() for v in self.shared_inputs]
        memo: dict = {}
        local_inputs = []
        for v in inputs:
            if v not in memo:
                memo[v] = v.clone() if v.owner is None and not isinstance(v, Constant) else v.type()
            local_inputs.append(memo[v])
        for v, s in zip(self.shared_inputs, stand_ins):
            memo[v] = s
        local_inputs += stand_ins
        memo = clone_get_equiv(inputs + self.shared_inputs, outputs, copy_inputs=False, memo=memo)
        self.local_inputs = local_inputs
        self.local_outputs = [memo[v] for v in outputs]
        self.inputs = inputs
        self.outputs = outputs
        self.kwargs = kwargs
        self.input_types = [v.type for v in inputs]
        self.output_types = [v.type for v in outputs]
        if not _is_default(lop_overrides):
            if not _is_default(grad_overrides):
                raise ValueError("lop_overrides and grad_overrides are mutually exclusive")
            self.set_lop_overrides(lop_overrides)
        elif not _is_default(grad_overrides):
            self.set_grad_overrides(grad_overrides)
        else:
            self.set_lop_overrides(_DEFAULT)
        self.set_rop_overrides(rop_overrides)
        self._connection_pattern = connection_pattern
        if name is not None and not isinstance(name, str):
            raise AssertionError("name must be None or string object")
        self.name = name

    # identity: every OpFromGraph is its own op (Theano compares by identity)
    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def __str__(self) -> str:
        name = type(self).__name__ if self.name is None else self.name
        return "%s{inline=%s}" % (name, self.is_inline)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_lowered", None)  # a compiled JAX function: rebuilt on first use
        return state

    # ------------------------------------------------------------------ overrides
    def set_grad_overrides(self, grad_overrides: Any) -> None:
        """Override the gradient with grad(inputs, output_grads)-style overriders (see help(OpFromGraph))."""
        self._lop_op = grad_overrides
        self._lop_op_is_cached = False
        self._lop_type = "grad"
        self._lop_is_default = _is_default(grad_overrides)

    def set_lop_overrides(self, lop_overrides: Any) -> None:
        """Override the gradient with L_op(inputs, outputs, output_grads)-style overriders."""
        self._lop_op = lop_overrides
        self._lop_op_is_cached = False
        self._lop_type = "lop"
        self._lop_is_default = _is_default(lop_overrides)

    def set_rop_overrides(self, rop_overrides: Any) -> None:
        """Override R_op with R_op(inputs, eval_points)-style overriders."""
        self._rop_op = rop_overrides
        self._rop_op_is_cached = False
        self._rop_is_default = _is_default(rop_overrides)

    def get_lop_op(self) -> "OpFromGraph":
        """The OpFromGraph computing the input gradients from (inputs, outputs, output_grads)."""
        if not self._lop_op_is_cached:
            self._recompute_lop_op()
        return self._lop_op

    def get_rop_op(self) -> "OpFromGraph":
        """The OpFromGraph computing R_op from (inputs, eval_points)."""
        if not self._rop_op_is_cached:
            self._recompute_rop_op()
        return self._rop_op

    @change_flags(compute_test_value="off")
    def _recompute_lop_op(self) -> None:
        """Turn the user's gradient override (or the default gradient) into an OpFromGraph."""
        local_inputs, local_outputs = self.local_inputs, self.local_outputs
        inp_len = len(local_inputs)
        lop_op = self._lop_op
        if self._lop_type not in ("lop", "grad"):
            raise AssertionError(self.LOP_TYPE_ERR_MSG % self._lop_type)
        if isinstance(lop_op, OpFromGraph):
            if self._lop_op_is_cached:
                return
            if self._lop_type == "lop":
                needed = inp_len + 2 * len(local_outputs)
                if needed != len(lop_op.local_inputs):
                    raise ValueError(self.OV_INP_LEN_ERR_MSG % (needed, len(lop_op.local_inputs)))
                self._lop_op_is_cached = True
                self._lop_op_stypes_l = [None] * inp_len
                lop_op.kwargs["on_unused_input"] = "ignore"
                return
            needed = inp_len + len(local_outputs)
            if needed != len(lop_op.local_inputs):
                raise ValueError(self.OV_INP_LEN_ERR_MSG % (needed, len(lop_op.local_inputs)))
            ofg = lop_op
            lop_op = lambda inps, grads: ofg(*(list(inps) + list(grads)), return_list=True)  # noqa: E731

        output_grads = [t() for t in self.output_types]

        def fn_grad(wrt: list) -> list:
            return grad(None, wrt, disconnected_inputs="ignore", return_disconnected="Disconnected",
                        null_gradients="return", known_grads=OrderedDict(zip(local_outputs, output_grads)))

        callable_args = ((local_inputs, local_outputs, output_grads) if self._lop_type == "lop"
                         else (local_inputs, output_grads))
        if _is_default(lop_op):
            pairs = [_filter_grad_var(g, i) for g, i in zip(fn_grad(list(local_inputs)), local_inputs)]
        elif isinstance(lop_op, Variable):
            if not isinstance(lop_op.type, (DisconnectedType, NullType)):
                raise ValueError(self.STYPE_ERR_MSG % lop_op.type)
            pairs = [(_zeros_like(i), lop_op.type()) for i in local_inputs]
        elif isinstance(lop_op, list):
            if len(lop_op) != inp_len:
                raise ValueError("Need to override %d gradients, got %d" % (inp_len, len(lop_op)), lop_op)
            wrt = [i for i, g in zip(local_inputs, lop_op) if _is_default(g)]
            defaults = iter(fn_grad(wrt) if wrt else [])
            pairs = []
            for inp, gov in zip(local_inputs, lop_op):
                if _is_default(gov):
                    pairs.append(_filter_grad_var(next(defaults), inp))
                elif isinstance(gov, Variable):
                    if not isinstance(gov.type, (DisconnectedType, NullType)):
                        raise ValueError(self.STYPE_ERR_MSG % gov.type)
                    pairs.append((_zeros_like(inp), gov.type()))
                elif callable(gov):
                    pairs.append(_filter_grad_var(_as_var(gov(*callable_args)), inp))
                else:
                    raise TypeError(self.TYPE_ERR_MSG % gov)
        else:
            if not callable(lop_op):
                raise TypeError(self.TYPE_ERR_MSG % lop_op)
            result = lop_op(*callable_args)
            if not isinstance(result, list):
                raise TypeError('Gradient/L_op overriding function should return a list, got "%s"' % type(result))
            if len(result) != inp_len:
                raise ValueError("Gradient/L_op overriding function should return list of %d outputs, got %d"
                                 % (inp_len, len(result)))
            pairs = [_filter_grad_var(_as_var(g), i) for g, i in zip(result, local_inputs)]
        self._lop_op = type(self)(inputs=list(local_inputs) + list(local_outputs) + output_grads,
                                  outputs=[p[0] for p in pairs], inline=self.is_inline,
                                  name=None if self.name is None else self.name + "_" + self._lop_type,
                                  on_unused_input="ignore")
        self._lop_op_stypes_l = [p[1] for p in pairs]
        self._lop_op_is_cached = True
        self._lop_type = "lop"

    @change_flags(compute_test_value="off")
    def _recompute_rop_op(self) -> None:
        """Turn the user's R_op override (or the default R_op) into an OpFromGraph."""
        local_inputs, local_outputs = self.local_inputs, self.local_outputs
        out_len = len(local_outputs)
        rop_op = self._rop_op
        if isinstance(rop_op, OpFromGraph):
            if not self._rop_op_is_cached:
                self._rop_op_is_cached = True
                self._rop_op_stypes_l = [None] * out_len
            return
        # an eval point for every inner input, shared stand-ins included (their R_op input is zeros)
        eval_points = [v.type() for v in local_inputs]
        n_explicit = len(self.inputs)
        type_err = "R_op overrides should be (single or list of)OpFromGraph | 'default' | None | 0 | callable, got %s"

        def fn_rop(f: list) -> list:
            return Rop(f, list(local_inputs), eval_points, disconnected_outputs="ignore")

        user_args = (local_inputs[:n_explicit], eval_points[:n_explicit])
        if _is_default(rop_op):
            pairs = [_filter_rop_var(r, o) for r, o in zip(fn_rop(list(local_outputs)), local_outputs)]
        elif isinstance(rop_op, Variable):
            if isinstance(rop_op.type, NullType):
                pairs = [(_zeros_like(o), rop_op.type()) for o in local_outputs]
            elif isinstance(rop_op.type, DisconnectedType):
                pairs = [(_zeros_like(o), None) for o in local_outputs]
            else:
                raise ValueError(self.STYPE_ERR_MSG % rop_op.type)
        elif isinstance(rop_op, list):
            if len(rop_op) != out_len:
                raise ValueError("Need to override %d Rop, got %d" % (out_len, len(rop_op)), rop_op)
            wanted = [o for o, r in zip(local_outputs, rop_op) if _is_default(r)]
            defaults = iter(fn_rop(wanted) if wanted else [])
            pairs = []
            for out, rov in zip(local_outputs, rop_op):
                if _is_default(rov):
                    pairs.append(_filter_rop_var(next(defaults), out))
                elif isinstance(rov, Variable):
                    if isinstance(rov.type, NullType):
                        pairs.append((_zeros_like(out), rov.type()))
                    elif isinstance(rov.type, DisconnectedType):
                        pairs.append((_zeros_like(out), None))
                    else:
                        raise ValueError(self.STYPE_ERR_MSG % rov.type)
                elif callable(rov):
                    pairs.append(_filter_rop_var(_as_var(rov(*user_args)), out))
                else:
                    raise TypeError(type_err % rov)
        else:
            if not callable(rop_op):
                raise TypeError(type_err % rop_op)
            result = rop_op(*user_args)
            if not isinstance(result, list):
                raise TypeError('Rop overriding function should return a list, got "%s"' % type(result))
            if len(result) != out_len:
                raise ValueError("Rop overriding function %s should return list of %d outputs, got %d"
                                 % (rop_op, out_len, len(result)), rop_op)
            pairs = [_filter_rop_var(_as_var(r), o) for r, o in zip(result, local_outputs)]
        self._rop_op = type(self)(inputs=list(local_inputs) + eval_points, outputs=[p[0] for p in pairs],
                                  inline=self.is_inline, name=None if self.name is None else self.name + "_rop",
                                  on_unused_input="ignore")
        self._rop_op_stypes_l = [p[1] for p in pairs]
        self._rop_op_is_cached = True

    # ------------------------------------------------------------------ the Op protocol
    def make_node(self, *inputs: Any) -> Apply:
        expected = len(self.local_inputs) - len(self.shared_inputs)
        if len(inputs) != expected:
            raise ValueError("Expected %d inputs, got %d" % (expected, len(inputs)))
        inputs = [_filter_input(v, t, k, self) for k, (v, t) in enumerate(zip(inputs, self.input_types))]
        node = Apply(self, list(inputs) + self.shared_inputs, [t() for t in self.output_types])
        node.local_inputs = self.local_inputs  # type: ignore[attr-defined]
        node.local_outputs = self.local_outputs  # type: ignore[attr-defined]
        return node

    def L_op(self, inputs: list, outputs: list, output_grads: list) -> list:
        lop_op = self.get_lop_op()
        results = lop_op(*(list(inputs) + list(outputs) + list(output_grads)), return_list=True)
        return [r if ov is None else ov for r, ov in zip(results, self._lop_op_stypes_l)]

    def R_op(self, inputs: list, eval_points: list) -> list:
        rop_op = self.get_rop_op()
        n_rop = len(rop_op.local_inputs) - len(rop_op.shared_inputs)
        evs = [_zeros_like(i) if e is None else e for i, e in zip(inputs, eval_points)]
        args = list(inputs) + evs
        if len(args) != n_rop:  # a user's OpFromGraph override takes the explicit inputs' eval points only
            n = len(self.inputs)
            args = list(inputs[:n]) + evs[:n]
        results = rop_op(*args, return_list=True)
        return [r if ov is None else ov for r, ov in zip(results, self._rop_op_stypes_l)]

    def connection_pattern(self, node: Apply | None) -> list[list[bool]]:
        """Which outputs depend on which inputs: the inner graph's pattern, widened by the gradient's."""
        if self._connection_pattern is not None:
            return self._connection_pattern
        inp_len = len(self.local_inputs)
        out_len = len(self.local_outputs)
        pattern = io_connection_pattern(self.local_inputs, self.local_outputs)
        lop_op = self.get_lop_op()
        grad_pattern = io_connection_pattern(lop_op.local_inputs[inp_len:], lop_op.local_outputs)
        for i, t in enumerate(self._lop_op_stypes_l):
            if t is not None and isinstance(t.type, DisconnectedType):
                for o in range(out_len):
                    pattern[i][o] = False
            for o in range(out_len):
                pattern[i][o] = pattern[i][o] or grad_pattern[o][i]
        return [list(row) for row in pattern]

    def infer_shape(self, node: Apply, shapes: list) -> list:
        """The inner outputs' shapes, from the inner ops' infer_shape, in terms of the node's inputs."""
        out_shapes = inner_shapes(self.local_inputs, self.local_outputs, shapes)
        flat = [s for shp in out_shapes for s in shp]
        if not flat:
            return [tuple(s) for s in out_shapes]
        cloned = clone_replace(flat, replace=dict(zip(self.local_inputs, node.inputs)))
        result, used = [], 0
        for shp in out_shapes:
            result.append(tuple(cloned[used:used + len(shp)]))
            used += len(shp)
        return result

    def has_value_dependent_shapes(self) -> bool:
        """Whether an inner node (nested OpFromGraphs included) has value-dependent output shapes: such an
        op is expanded into the outer graph, so the host shape program sees those nodes."""
        cached = self.__dict__.get("_value_dependent")
        if cached is None:
            cached = any(_node_value_dependent(n) for n in io_toposort(self.local_inputs, self.local_outputs))
            self.__dict__["_value_dependent"] = cached
        return cached


def _node_value_dependent(node: Apply) -> bool:
    if isinstance(node.op, OpFromGraph):
        return node.op.has_value_dependent_shapes()
    flag = getattr(node.op, "value_dependent_shape", False)
    return bool(flag(node) if callable(flag) else flag)


def _as_var(x: Any) -> Variable:
    if isinstance(x, (list, tuple)) and len(x) == 1:
        x = x[0]
    return x if isinstance(x, Variable) else as_tensor_variable(x)


def inner_shapes(inputs: Sequence[Variable], outputs: Sequence[Variable], input_shapes: Sequence[Any]) -> list[tuple]:
    """Symbolic shapes of `outputs` given `input_shapes` for `inputs`, through each op's infer_shape
    (scan_utils.infer_shape); a shape no op can infer is read from the variable itself."""
    shape_of = symbolic_shapes(list(inputs), io_toposort(list(inputs), list(outputs)),
                               input_shapes=dict(zip(inputs, input_shapes)))
    return [shape_of[o] if o in shape_of else symbolic_shapes([o], [])[o] for o in outputs]

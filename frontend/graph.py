"""The graph IR: Variable, Constant, Apply, Op (identity from `__props__`, frontend/props.py), Type; test values.
The graph walks (frontend/graph_walks.py), the evaluator's services (frontend/backend_services.py) and the tags
(frontend/scratchpad.py) are re-exported here.
"""
from __future__ import annotations

import itertools
import numbers
import sys
import warnings
from collections import deque
from typing import Any, Callable, Sequence

from theano.frontend import backend_services as _services
from theano.frontend.config import config
from theano.frontend.flat_pickle import reduce_flat
from theano.frontend.pickle_hooks import pickle_hooks
from theano.frontend.props import PropsIdentity
from theano.frontend.scratchpad import Scratchpad, ValidatingScratchpad, copy_tag
from theano.frontend.tag_trace import building, current_trace


# the evaluator's services (frontend/backend_services.py); the rest of the code finds them here
Backend = _services.Backend
BackendMissingError = _services.BackendMissingError
backend = _services.backend


class MethodNotDefined(Exception):
    """Theano's gof.utils.MethodNotDefined: an optional Op method (c_code, ...) that this op does not define."""


class Node:
    """Base of Variable and Apply (gof.graph.Node)."""


class _NoParamsType:
    """The type of NoParams: an op without parameters (its perform takes three arguments)."""

    def __repr__(self) -> str:
        return "NoParams"

    def __reduce__(self) -> str:
        return "NoParams"


NoParams = _NoParamsType()


class Type:
    """A Type describes the values a Variable can take (gof.type.Type)."""

    Variable: type = None  # type: ignore[assignment]
    Constant: type = None  # type: ignore[assignment]

    def make_variable(self, name: str | None = None) -> "Variable":
        return self.Variable(self, name=name)

    def __call__(self, name: str | None = None) -> "Variable":
        var = self.make_variable(name)
        raw = building.raw  # inside an op's make_node: where the user called the op
        var.tag.__dict__["trace_raw"] = current_trace() if raw is None else raw  # (Theano's add_tag_trace)
        return var

    def filter(self, data: Any, strict: bool = False, allow_downcast: bool | None = None) -> Any:
        raise NotImplementedError

    def is_valid_value(self, data: Any) -> bool:
        try:
            self.filter(data, strict=True)
            return True
        except (TypeError, ValueError):
            return False

    def convert_variable(self, var: "Variable") -> "Variable | None":
        return var if var.type == self else None

    def filter_variable(self, other: Any, allow_convert: bool = True) -> "Variable":
        """`other` as a Variable of this type (a value becomes a Constant of it); Theano's TypeError when it is a
        variable of another type that convert_variable cannot turn into this one (sparse <-> dense, another
        format, dtype or broadcast pattern)."""
        if hasattr(other, "_as_TensorVariable") and not isinstance(other, Variable):
            other = other._as_TensorVariable()
        if not isinstance(other, Variable):
            other = self.Constant(self, self.filter(other))
        if other.type == self:
            return other
        if allow_convert:
            converted = self.convert_variable(other)
            if converted is not None and converted.type == self:
                return converted
        raise TypeError("Cannot convert Type %(othertype)s (of Variable %(other)s) into Type %(self)s. You can try to "
                        "manually convert %(other)s into a %(self)s." % dict(othertype=other.type, other=other,
                                                                            self=self))

    def values_eq(self, a: Any, b: Any) -> bool:
        return a == b

    def values_eq_approx(self, a: Any, b: Any) -> bool:
        return self.values_eq(a, b)


class Variable(Node):
    """A symbolic value: its `type`, the Apply `owner` that computes it (None for inputs), `index` in owner.outputs."""

    __count__ = itertools.count(0)  # Theano's auto_name counter (user code may replace it, as Theano's tests do)

    def __init__(self, type: Type, owner: "Apply | None" = None, index: int | None = None, name: str | None = None):
        self.type = type
        self.owner = owner
        self.index = index
        self.name = name
        self.tag = ValidatingScratchpad(type)
        self.auto_name = "auto_" + str(next(self.__count__))

    def __str__(self) -> str:
        if self.name is not None:
            return self.name
        if self.owner is not None:
            op = self.owner.op
            if self.index == op.default_output:
                return str(op) + ".out"
            return str(op) + "." + str(self.index)
        return "<%s>" % str(self.type)

    def __repr__(self) -> str:
        """The name (str); with config.print_test_value, the test value on a second line, as Theano."""
        text = str(self)
        if config.print_test_value:
            try:
                return text + "\n" + repr(self.data if isinstance(self, Constant) else self.get_test_value())
            except AttributeError:
                pass
        return text

    def clone(self) -> "Variable":
        """A new Variable like this one, with no owner."""
        cp = self.__class__(self.type, None, None, self.name)
        cp.tag = copy_tag(self.tag)
        return cp

    def get_parents(self) -> list["Apply"]:
        return [self.owner] if self.owner is not None else []

    def eval(self, inputs_to_values: dict | None = None) -> Any:
        """Compile (cached on the variable, `_fn_cache`, per set of inputs) and run this variable's graph."""
        return backend["eval"](self, inputs_to_values or {})

    def __getstate__(self) -> dict:
        """The compiled functions of eval() (`_fn_cache`) are not pickled, as in Theano."""
        state = dict(self.__dict__)
        state.pop("_fn_cache", None)
        return state

    def __setstate__(self, state: dict) -> None:
        """Our state, or Theano 1.0.5's (theano.frontend.theano_pickles drops what its FunctionGraph attached)."""
        self.__dict__.update(pickle_hooks["variable_state"](state))

    def get_test_value(self) -> Any:
        if not hasattr(self.tag, "test_value"):
            raise AttributeError(f"{self} has no test value")
        return self.tag.test_value

    def __reduce_ex__(self, protocol: Any) -> Any:
        """Pickle (and deepcopy) without one level of recursion per graph level: see `theano.frontend.flat_pickle`."""
        return reduce_flat(self, object.__reduce_ex__(self, protocol), _is_deep, _earlier_outputs)


class Constant(Variable):
    """A Variable with a fixed value `data`; Constants are merged by value."""

    def __init__(self, type: Type, data: Any, name: str | None = None):
        super().__init__(type, None, None, name)
        self.data = type.filter(data)

    @property
    def value(self) -> Any:
        return self.data

    def signature(self) -> Any:
        return (self.type, self.data)

    def equals(self, other: Any) -> bool:
        return isinstance(other, Constant) and self.signature() == other.signature()

    def __str__(self) -> str:
        if self.name is not None:
            return self.name
        text = str(self.data)
        if len(text) > 20:
            text = text[:10] + "..." + text[-10:]
        return "Constant{%s}" % text

    def clone(self) -> "Constant":
        cp = self.__class__(self.type, self.data, self.name)
        cp.tag = copy_tag(self.tag)
        return cp

    @property
    def owner(self) -> None:  # type: ignore[override]
        return None

    @owner.setter
    def owner(self, value: Any) -> None:
        if value is not None:
            raise ValueError("Constant instances cannot have an owner.")


# a plain Type makes plain Variables/Constants (gof.type.PureType); TensorType overrides these
Type.Variable = Variable
Type.Constant = Constant


class Apply(Node):
    """One application of `op` to `inputs`, producing `outputs` (whose owner is this node)."""

    def __init__(self, op: "Op", inputs: Sequence[Variable], outputs: Sequence[Variable]):
        self.op = op
        self.inputs = []
        self.tag = Scratchpad()
        for inp in inputs:
            if not isinstance(inp, Variable):
                raise TypeError(f"The 'inputs' argument to Apply must contain Variable instances, not {inp!r}")
            self.inputs.append(inp)
        self.outputs = []
        raw = None
        for i, out in enumerate(outputs):
            if not isinstance(out, Variable):
                raise TypeError(f"The 'outputs' argument to Apply must contain Variable instances, not {out!r}")
            if out.owner is None:
                out.owner, out.index = self, i
            elif out.owner is not self or out.index != i:
                raise ValueError("All output variables passed to Apply must belong to it.")
            tag = out.tag.__dict__
            if "trace_raw" not in tag and "trace" not in tag:  # made without Type.__call__: where the node is built
                if raw is None:
                    raw = building.raw
                    if raw is None:
                        raw = current_trace()
                tag["trace_raw"] = raw
            self.outputs.append(out)

    def __setstate__(self, state: dict) -> None:
        """Our state, or Theano 1.0.5's (without what its FunctionGraph attached: theano.frontend.theano_pickles)."""
        self.__dict__.update(pickle_hooks["variable_state"](state))
        pickle_hooks["upgrade_node"](self)

    @property
    def out(self) -> Variable:
        do = getattr(self.op, "default_output", None)
        if do is None:
            if len(self.outputs) == 1:
                return self.outputs[0]
            raise AttributeError(f"{self.op} has several outputs and no default output")
        if not isinstance(do, numbers.Integral) or isinstance(do, bool):
            raise AttributeError("%s.default_output should be an int or long" % self.op)
        if do < 0 or do >= len(self.outputs):
            raise AttributeError("%s.default_output is out of range." % self.op)
        return self.outputs[do]

    def default_output(self) -> Variable:
        return self.out

    @property
    def nin(self) -> int:
        return len(self.inputs)

    @property
    def nout(self) -> int:
        return len(self.outputs)

    @property
    def params_type(self) -> Any:
        """The op's `params_type` (None when it has none)."""
        return getattr(self.op, "params_type", None)

    def run_params(self) -> Any:
        """The op's parameters for this node (`op.get_params(node)`), or NoParams when the op has none."""
        get_params = getattr(self.op, "get_params", None)
        if get_params is None:
            return NoParams
        try:
            return get_params(self)
        except MethodNotDefined:
            return NoParams

    def __str__(self) -> str:
        return op_as_string(self.inputs, self)

    def __repr__(self) -> str:
        return str(self)

    def get_parents(self) -> list[Variable]:
        return list(self.inputs)

    def clone(self) -> "Apply":
        """A new Apply with the same op and inputs, and fresh outputs."""
        return self.__class__(self.op, self.inputs, [o.clone() for o in self.outputs])

    def clone_with_new_inputs(self, inputs: Sequence[Variable], strict: bool = True) -> "Apply":
        """Apply the same op to `inputs`; with strict=False the op may rebuild the node (type changes)."""
        if len(inputs) != len(self.inputs):
            raise ValueError(f"{self.op} expects {len(self.inputs)} inputs, got {len(inputs)}")
        if all(new.type == old.type for new, old in zip(inputs, self.inputs)):
            return self.__class__(self.op, list(inputs), [o.clone() for o in self.outputs])
        if strict:
            raise TypeError(f"cannot clone {self.op} with inputs of types {[str(i.type) for i in inputs]}")
        rebuild = getattr(self.op, "make_node_from_inputs", None)  # ops whose make_node does not take the flat inputs
        return rebuild(list(inputs)) if rebuild is not None else self.op.make_node(*inputs)


_SHALLOW_NODES = 32  # a graph of fewer Apply nodes is pickled the plain way (see flat_pickle)


def _is_deep(var: "Variable") -> bool:
    parents = lambda node: [i.owner for i in node.inputs if i.owner is not None]  # noqa: E731
    return len(stack_search(deque([var.owner]), parents, "dfs", limit=_SHALLOW_NODES)) >= _SHALLOW_NODES


def _earlier_outputs(var: "Variable") -> list:
    return [o for node in toposort([var]) for o in node.outputs if o is not var]


def op_as_string(inputs: Sequence[Variable], node: Apply) -> str:
    return "%s(%s)" % (node.op, ", ".join(str(i) for i in inputs))


class Op(PropsIdentity):
    """Base of every operation: identity from `__props__`, `make_node`, shape, gradient.

    Subclasses set `__props__` (a tuple of attribute names) and implement `make_node`;
    `infer_shape`, `grad`/`L_op`, `R_op` and `perform` (numpy, used where a value is needed
    on the host) are optional. `value_dependent_shape` marks ops whose output shape depends
    on input *values* (reshape, alloc, arange, slicing with symbolic bounds): the compiler
    evaluates their `infer_shape` on the host for each call.
    """

    default_output: int | None = None
    value_dependent_shape = False
    destroy_map: dict = {}
    view_map: dict = {}

    def __str__(self) -> str:
        if hasattr(self, "name") and getattr(self, "name", None):
            return self.name  # type: ignore[return-value]
        if self._props_declared and self.__props__:
            return "%s{%s}" % (type(self).__name__, ", ".join("%s=%r" % (p, getattr(self, p)) for p in self.__props__))
        return type(self).__name__

    def __repr__(self) -> str:
        return str(self)

    def make_node(self, *inputs: Any) -> Apply:
        """Theano's default: an op that declares `itypes` and `otypes` (users' ops, as_op) needs no make_node."""
        if not hasattr(self, "itypes") or not hasattr(self, "otypes"):
            raise NotImplementedError("You can either define itypes and otypes, or implement make_node "
                                      f"({type(self).__name__}.make_node)")
        if len(inputs) != len(self.itypes):
            raise ValueError("We expected %d inputs but got %d." % (len(self.itypes), len(inputs)))
        if not all(getattr(inp, "type", None) == it for inp, it in zip(inputs, self.itypes)):
            raise TypeError("We expected inputs of types '%s' but got types '%s' "
                            % (str(self.itypes), str([getattr(inp, "type", type(inp)) for inp in inputs])))
        return Apply(self, list(inputs), [o() for o in self.otypes])

    def __call__(self, *inputs: Any, **kwargs: Any) -> Any:
        return_list = kwargs.pop("return_list", False)
        state = building
        if state.raw is None:  # where the user asked for this op: every variable its make_node makes shares it
            state.raw = current_trace()
            try:
                node = self.make_node(*inputs, **kwargs)
            finally:
                state.raw = None
        else:
            node = self.make_node(*inputs, **kwargs)
        if config.compute_test_value != "off":
            compute_test_value(node)
        if self.default_output is not None:
            out = node.outputs[self.default_output]
            return [out] if return_list else out
        if len(node.outputs) == 1 and not return_list:
            return node.outputs[0]
        return list(node.outputs)

    def L_op(self, inputs: list[Variable], outputs: list[Variable], output_grads: list[Variable]) -> list[Variable]:
        # no default `grad` (as in Theano): grad_types.call_L_op answers "not implemented" for an op without one
        return self.grad(inputs, output_grads)  # type: ignore[attr-defined]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Variable]:
        raise NotImplementedError(f"{self} has no R_op")

    def do_constant_folding(self, node: Apply) -> bool:
        return True

    def get_params(self, node: Apply) -> Any:
        """Theano's default: an op whose params_type is a ParamsType gets its fields from its own attributes;
        any other op has no parameters (MethodNotDefined)."""
        params_type = getattr(self, "params_type", None)
        if params_type is not None and hasattr(params_type, "fields") and hasattr(params_type, "get_params"):
            missing = tuple(f for f in params_type.fields if not hasattr(self, f))
            if missing:
                raise AttributeError("%s: missing attributes %s for ParamsType." % (type(self).__name__, missing))
            return params_type.get_params(self)
        raise MethodNotDefined("get_params")

    def c_code(self, node: Apply, name: str, inputs: Any, outputs: Any, sub: Any) -> str:
        """Theano's CLinkerOp default: no C implementation (theano-xla never compiles C code)."""
        raise MethodNotDefined("c_code", type(self), type(self).__name__)

    c_code._base_c_code = True  # type: ignore[attr-defined]

    def perform(self, node: Apply, inputs: Any, output_storage: Any, params: Any = None) -> None:
        """Theano's PureOp default: no Python implementation (ops of theano-xla run through their lowering rule)."""
        raise MethodNotDefined("perform", type(self), type(self).__name__)

    perform._base_perform = True  # type: ignore[attr-defined]

    def prepare_node(self, node: Apply, storage_map: Any, compute_map: Any, impl: Any) -> None:
        """Theano's hook before make_thunk (nothing to prepare here)."""

    def make_thunk(self, node: Apply, storage_map: dict, compute_map: dict, no_recycling: Any,
                   impl: str | None = None) -> Callable[[], Any]:
        """Theano's thunk protocol: a callable that reads the node's inputs from `storage_map` (one-element lists),
        computes its outputs into it and marks them in `compute_map`. It runs the op's own `perform` when it has
        one, else its lowering rule eagerly (an op with only C code fails when the thunk runs, as Theano's does
        without a C compiler)."""
        ins = [storage_map[r] for r in node.inputs]
        outs = [storage_map[r] for r in node.outputs]
        if has_perform(self):
            def thunk() -> None:
                perform_node(node, [x[0] for x in ins], outs)
                for o in node.outputs:
                    compute_map[o][0] = True
        elif has_c_code(self):
            def thunk() -> None:
                raise MethodNotDefined("perform", type(self), type(self).__name__,
                                       "theano-xla does not compile C code and this op has no perform method")
        else:
            def thunk() -> None:
                for cell, value in zip(outs, backend["eval_node"](node, [x[0] for x in ins])):
                    cell[0] = value
                for o in node.outputs:
                    compute_map[o][0] = True
        thunk.inputs, thunk.outputs, thunk.lazy = ins, outs, False  # type: ignore[attr-defined]
        return thunk


def perform_node(node: Apply, inputs: list, output_storage: list) -> Any:
    """`node.op.perform(node, inputs, output_storage)`, with the op's parameters as a fourth argument when it
    has some (`node.run_params()`, filtered by its params_type), as Theano's perform thunks do."""
    params = node.run_params()
    if params is NoParams:
        return node.op.perform(node, inputs, output_storage)
    params_type = node.params_type
    if params_type is not None:
        params = params_type.filter(params)
    return node.op.perform(node, inputs, output_storage, params)


class COp(Op):
    """Theano's COp, an op whose C code lives in external files (`func_files`, `func_name`). theano-xla compiles
    no C code: the files are recorded, not read, and the op runs through its `perform` (an op without one gets
    the lowering error that says so)."""

    def __init__(self, func_files: Any = (), func_name: str | None = None):
        self.func_files = [func_files] if isinstance(func_files, str) else list(func_files)
        self.func_name = func_name


def has_perform(op: Any) -> bool:
    """Whether `op` has its own numpy `perform` (a user's op), not only the base one that raises."""
    fn = getattr(op, "perform", None)
    return callable(fn) and not getattr(fn, "_base_perform", False)


def has_c_code(op: Any) -> bool:
    """Whether `op` defines its own `c_code` (a user's C-only op), not only the base one that raises."""
    fn = getattr(op, "c_code", None)
    return callable(fn) and not getattr(fn, "_base_c_code", False)


def input_test_value(inp: Variable) -> Any:
    """Theano's `Op._get_test_value`: a constant's data, a shared variable's value, or the tag's test value
    converted through the variable's type (TypeError naming the variable when the type refuses it)."""
    if isinstance(inp, Constant):
        return inp.data
    if hasattr(inp, "get_value") and not hasattr(inp.tag, "test_value"):
        return inp.get_value(borrow=True)
    if hasattr(inp.tag, "test_value"):
        if not hasattr(inp.type, "filter"):
            return inp.tag.test_value
        try:
            return inp.type.filter(inp.tag.test_value)
        except Exception as e:
            msg = ("For compute_test_value, one input test value does not have the requested type.\n"
                   "\nThe error when converting the test value to that variable type:")
            e.args = ("\n".join((msg,) + tuple(str(a) for a in e.args)),)
            raise
    raise AttributeError(f"{inp} has no test value ")


def compute_test_value(node: Apply) -> None:
    """config.compute_test_value: evaluate `node` on its inputs' test values now (Theano's Op.__call__)."""
    values = []
    for i, inp in enumerate(node.inputs):
        try:
            values.append(input_test_value(inp))
        except AttributeError:
            mode = config.compute_test_value
            if mode == "raise":
                raise ValueError(f"Cannot compute test value: input {i} ({inp}) of Op {node} missing default value. ")
            if mode == "warn":
                warnings.warn(f"Warning, Cannot compute test value: input {i} ({inp}) of Op {node} missing default value",
                              stacklevel=3)
                return
            if mode == "pdb":
                import pdb

                pdb.post_mortem(sys.exc_info()[2])
            return
    results = backend["eval_node"](node, values)
    for out, value in zip(node.outputs, results):
        out.tag.test_value = value


# The graph walks live in graph_walks.py; this module is where the rest of the code (and gof.graph) finds them.
from theano.frontend import graph_walks as _walks  # noqa: E402

stack_search = _walks.stack_search
ancestors = _walks.ancestors
inputs = _walks.inputs
graph_inputs = _walks.graph_inputs
io_toposort = _walks.io_toposort
toposort = _walks.toposort
applys_between = _walks.applys_between
variables_and_orphans = _walks.variables_and_orphans
variables = _walks.variables
orphans = _walks.orphans
ops = _walks.ops
is_in_ancestors = _walks.is_in_ancestors
list_of_nodes = _walks.list_of_nodes
general_toposort = _walks.general_toposort

"""Loading pickles written by Theano 1.0.5: its objects' pickled state turned into ours.

Theano pickled plain `__dict__`s (protocol 0, 2 and the highest), naming its classes by module path. Our
facade gives those paths (theano.tensor.var.TensorVariable, theano.gof.graph.Apply, ...); the base classes'
`__setstate__` hand a state that is Theano's to the functions here, which convert it:

- Variables and Apply nodes drop what only a Theano FunctionGraph kept (`clients`, `fgraph`, `deps`).
- Shared variables: Theano kept the value in a `container` (a Container whose `storage[0]` is the value);
  ours keep it on the device. The GPU ones load through theano.frontend.theano_pickles_gpu.
- Ops: a fresh op is built from the attributes the state holds that the op's constructor takes (props
  copied by name), so every op whose constructor arguments are its attributes needs no rule of its own.
- Theano internals that only a compiled function's FunctionGraph held (OrderedSet, frozendict, the
  optimizer features, the linker) load as inert records: a function is rebuilt from its FunctionMaker's
  inputs and outputs (theano.lowering.theano_function_pickle).
This module imports nothing of jax (it is part of theano.frontend).
"""
from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from theano.frontend import scalar as _scalar
from theano.frontend.constructors import constant
from theano.frontend.graph import Apply, pickle_hooks
from theano.frontend.graph_walks import io_toposort
from theano.frontend.ops.conv_legacy import ConvOp
from theano.frontend.ops.elemwise import Cast, DimShuffle, Elemwise
from theano.frontend.ops.scan import Scan, ScanInfo
from theano.frontend.ops.scan_mitmot import MitMotScan, MitMotScanInfo
from theano.frontend.ops.subtensor import IndexScalarType
from theano.frontend.scalar_composite import Composite
from theano.frontend.type import TensorType

# Keys of a Theano Variable's / Apply's state that only a Theano FunctionGraph set.
_FGRAPH_KEYS = ("clients", "fgraph", "deps")


def variable_state(state: Any) -> Any:
    """A Variable's or Apply's state without what a Theano FunctionGraph attached to it."""
    if isinstance(state, tuple) and len(state) == 2:  # (dict, slots) form
        state = {**(state[0] or {}), **(state[1] or {})}
    if isinstance(state, dict) and any(k in state for k in _FGRAPH_KEYS):
        state = {k: v for k, v in state.items() if k not in _FGRAPH_KEYS}
    return state


def is_theano_shared_state(state: dict) -> bool:
    """True for the state of a shared variable pickled by Theano (its value in `container`, not `_value`)."""
    return "_value" not in state and "container" in state


def shared_value_from_container(container: Any) -> Any:
    """The value a pickled Theano Container holds (its `storage[0]`), as a numpy value."""
    storage = getattr(container, "storage", None)
    if storage is None and isinstance(container, dict):
        storage = container.get("storage")
    if not storage:
        raise TypeError("Cannot load a Theano shared variable: its pickled container holds no value "
                        f"(got {container!r})")
    return storage[0]


def shared_setstate(var: Any, state: dict) -> bool:
    """Turn a Theano shared variable's state into `var` (one of ours, built as theano.shared would); False (and
    nothing done) when `state` is our own."""
    if not (isinstance(state, dict) and is_theano_shared_state(state)):
        return False
    state = variable_state(dict(state))
    container = state.pop("container")
    value = shared_value_from_container(container)
    vtype = state.pop("type")
    strict = bool(getattr(container, "strict", False))
    allow_downcast = getattr(container, "allow_downcast", None)
    name = state.pop("name", None)
    fresh = type(var)(name=name, type=vtype, value=value, strict=strict, allow_downcast=allow_downcast)
    fresh_state = dict(fresh.__dict__)
    for key in ("owner", "index"):
        state.pop(key, None)
    fresh_state.update(state)  # tag, auto_name, default_update and the user's own attributes
    var.__dict__.update(fresh_state)
    return True


def _is_our_dtype_rule(rule: Any) -> bool:
    return isinstance(rule, _scalar._TypedRule) or "<locals>" in getattr(rule, "__qualname__", "")


# --- ops: props copied by name ------------------------------------------------------------------------

# Attributes of a Theano op's state that are not constructor arguments of ours under the same name.
_OP_RENAMES: dict[str, str] = {}
# Constructor arguments not taken from a Theano state: a scalar op's output type rule is its class's own here
# (Theano pickled its rule functions by name, which resolve to ours, but not every one of ours pickles by name).
_OP_SKIPPED = ("output_types_preference",)


# A converter (_OP_ARGS) that builds the op itself (of another class of ours) returns it under this key.
_BUILT = "__built_op__"


def _plain_value(v: Any) -> Any:
    """A Theano scalar type pickled as an op argument (Cast's o_type): its dtype."""
    return v


def op_from_state(op: Any, state: dict) -> bool:
    """Rebuild `op` from a Theano op's pickled state; False when `state` is our own (nothing to convert).

    Our own state is the op's __dict__ as our constructor made it; a Theano state has other keys. Then a fresh op
    is built by calling our constructor with the state's entries it takes (by name) and becomes `op`."""
    cls = type(op)
    try:
        params = inspect.signature(cls.__init__).parameters
    except (TypeError, ValueError):
        return False
    names = [p for p in params if p != "self" and params[p].kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                                                     inspect.Parameter.KEYWORD_ONLY)]
    props = getattr(cls, "__props__", ())
    ours_like = all(p in state for p in props) and not (set(state) & _THEANO_OP_MARKERS)
    rule = state.get("output_types_preference")
    if rule is not None and (state.get("name") is None or _is_our_dtype_rule(rule)):
        # a Theano scalar op: its type rule was pickled by name and resolved to one of ours (theano.scalar's
        # upcast_out & co.), which our scalar ops keep on their class, not in their state; ours take their
        # class's own rule
        ours_like = False
    if "idx_list" in state and _has_theano_index_types(state["idx_list"]):
        ours_like = False  # Theano's Scalar index types (loaded as 0-d tensor types), not our IndexScalarType
    if ours_like:
        return False
    kwargs = {}
    for n in names:
        key = _OP_RENAMES.get(n, n)
        if key in state and n not in _OP_SKIPPED:
            kwargs[n] = state[key]
    if "idx_list" in kwargs:
        kwargs["idx_list"] = _idx_list(kwargs["idx_list"])
    convert = _OP_ARGS.get(cls)
    if convert is not None:
        kwargs = convert(kwargs, state)
    try:
        fresh = kwargs.pop(_BUILT, None) or cls(**kwargs)
    except Exception as exc:
        raise TypeError(f"Cannot load the Theano op {cls.__name__} from its pickled state (attributes "
                        f"{sorted(state)}): {exc}") from exc
    op.__dict__.clear()
    op.__dict__.update(fresh.__dict__)
    if type(fresh) is not cls:  # a Theano class that loads as one of several of ours (a Scan with mit_mot outputs)
        op.__class__ = type(fresh)
    op.__dict__.pop("_props_hash", None)
    if cls.__name__ in _OLD_POOL_INPUTS and state.get("ds") is not None:  # Theano 0.x pool: windows were props
        ds = tuple(state["ds"])
        st = tuple(state.get("st") or ds)
        pad = tuple(state.get("padding") or (0,) * len(ds))
        op.__dict__["_theano_old_pool_args"] = (ds, st, pad)
    return True


# Ops whose Theano 0.x nodes had fewer inputs (the pool windows were op props; the multinomial count was 1):
# number of inputs of the old node. upgrade_node appends the inputs today's op takes, as Theano 1.0.5's
# prepare_node / perform did for these old pickles.
_OLD_POOL_INPUTS = {"Pool": 1, "MaxPoolGrad": 3, "AveragePoolGrad": 2, "DownsampleFactorMaxGradGrad": 3,
                    "MaxPoolRop": 2}
_OLD_MULTINOMIAL_INPUTS = {"MultinomialFromUniform": 2}


# Ops that Theano pickled without props whose nodes are remade here from their inputs (numpy-style indices).
_THEANO_FORM_INDEXING = ("AdvancedSubtensor", "AdvancedBooleanSubtensor", "AdvancedIncSubtensor",
                         "AdvancedBooleanIncSubtensor")


def _init_stateless_op(op: Any) -> None:
    """An op Theano pickled with no attributes (pickle then calls no __setstate__): when ours keeps props its
    constructor sets, it is initialised with the defaults (Theano's op had none of them)."""
    props = getattr(type(op), "__props__", ())
    if not props or getattr(op, "__dict__", None) is None:
        return
    if all(p in op.__dict__ or hasattr(type(op), p) for p in props):
        return
    try:
        fresh = type(op)()
    except TypeError:
        return
    for k, v in fresh.__dict__.items():
        op.__dict__.setdefault(k, v)


def upgrade_node(node: Any) -> None:
    """Give an Apply node loaded from a Theano 0.x pickle the inputs its op takes now (see _OLD_POOL_INPUTS)."""
    op = node.__dict__.get("op")
    _init_stateless_op(op)
    name = type(op).__name__
    inputs = node.__dict__.get("inputs")
    if inputs is None:
        return
    if getattr(op, "idx_list", 0) is None and name in _THEANO_FORM_INDEXING:  # Theano's x, *index inputs
        remade = op.make_node(*inputs)
        node.op, node.inputs = remade.op, list(remade.inputs)
        return
    extra: list = []
    old_pool = getattr(op, "__dict__", {}).get("_theano_old_pool_args")
    if old_pool is not None and len(inputs) == _OLD_POOL_INPUTS.get(name):
        extra = [np.asarray(a, dtype="int64") for a in old_pool]
    elif len(inputs) == _OLD_MULTINOMIAL_INPUTS.get(name, -1):
        extra = [np.asarray(1, dtype="int64")]
    if extra:
        node.inputs = list(inputs) + [constant(a) for a in extra]


# Keys only Theano's ops pickled (C code caches, the Elemwise/DimShuffle internals).
_THEANO_OP_MARKERS = {"nfunc_spec", "openmp", "__oplist_tags", "func_codes", "func_files", "func_name",
                      "code_sections", "ctor", "_op_use_c_code", "__module__", "_cmodule_key", "mintaps",
                      "tap_array"}


def _idx_list(idx_list: Any) -> tuple:
    """A Subtensor-family idx_list Theano pickled: its Scalar types (0-d tensor types once loaded) become our
    index types."""
    def conv(e: Any) -> Any:
        if isinstance(e, slice):
            return slice(conv(e.start), conv(e.stop), conv(e.step))
        if isinstance(e, TensorType) and e.ndim == 0 and not isinstance(e, IndexScalarType):
            return IndexScalarType(e.dtype)
        return e
    return tuple(conv(e) for e in idx_list)


def _has_theano_index_types(idx_list: Any) -> bool:
    """True when an idx_list holds an index type that is not ours (a Theano Scalar loaded as a 0-d TensorType)."""
    if not isinstance(idx_list, (list, tuple)):
        return False
    for e in idx_list:
        for part in ((e.start, e.stop, e.step) if isinstance(e, slice) else (e,)):
            if isinstance(part, TensorType) and not isinstance(part, IndexScalarType):
                return True
    return False


def _cast_args(kwargs: dict, state: dict) -> dict:
    o_type = state.get("o_type")
    kwargs["o_type"] = getattr(o_type, "dtype", o_type)
    kwargs.pop("name", None)
    return kwargs


def _dimshuffle_args(kwargs: dict, state: dict) -> dict:
    kwargs["inplace"] = bool(state.get("inplace", True))
    return kwargs


def _elemwise_args(kwargs: dict, state: dict) -> dict:
    kwargs["inplace_pattern"] = {}  # no inplace here: XLA assigns buffers
    return kwargs


def _scan_args(kwargs: dict, state: dict) -> dict:
    """Theano's Scan (info a dict, outputs grouped mit_mot, mit_sot, sit_sot, nit_sot, shared) as our buffered
    Scan, whose outer layout is Theano's: the recurrent outputs in that group order, then the others."""
    info = dict(state["info"])
    if info.get("n_mit_mot", 0):  # a loop of Theano's scan gradient: run in Theano's own layout
        return {_BUILT: MitMotScan(list(state["inputs"]), list(state["outputs"]), MitMotScanInfo.from_theano(info))}
    n_rec = info["n_mit_sot"] + info["n_sit_sot"]
    taps = [tuple(int(t) for t in info["tap_array"][k]) for k in range(n_rec)]
    out_taps = tuple(taps) + (None,) * info["n_nit_sot"]
    n_tap_inputs = sum(len(t) for t in taps)
    n_shared = info["n_shared_outs"]
    inputs = list(state["inputs"])
    n_nonseq = len(inputs) - info["n_seqs"] - n_tap_inputs - n_shared
    scan_info = ScanInfo(n_seqs=info["n_seqs"], out_taps=out_taps, n_shared=n_shared, n_nonseq=n_nonseq,
                         as_while=bool(info.get("as_while", False)),
                         truncate_gradient=int(info.get("truncate_gradient", -1)), name=info.get("name"),
                         strict=bool(info.get("strict", False)), buffered=True)
    return {"inputs": inputs, "outputs": list(state["outputs"]), "info": scan_info}


def _convop_args(kwargs: dict, state: dict) -> dict:
    """Theano's ConvOp kept its output mode as `out_mode` and set the logical shapes to the physical ones when no
    logical upsampling was asked for (ours takes None then)."""
    kwargs["output_mode"] = state.get("out_mode", kwargs.get("output_mode", "valid"))
    for logical, physical in (("imshp_logical", "imshp"), ("kshp_logical", "kshp")):
        if tuple(state.get(logical) or ()) == tuple(state.get(physical) or ()):
            kwargs.pop(logical, None)
    return kwargs


_OP_ARGS = {ConvOp: _convop_args, Cast: _cast_args, Scan: _scan_args, DimShuffle: _dimshuffle_args, Elemwise: _elemwise_args}


# --- Theano internals held by a compiled function's FunctionGraph ------------------------------------------

class TheanoRecord:
    """An object only Theano's compiler used (an optimizer feature, OrderedSet, the linker), loaded as a record
    of its pickled state; nothing here reads it."""

    def __init__(self, *args: Any, **kwargs: Any):
        self._args = args

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, dict):
            self.__dict__.update(state)
        else:
            self.__dict__["_state"] = state

    def __reduce__(self) -> Any:
        raise TypeError(f"{type(self).__name__} is a record of a Theano 1.0.5 internal loaded from a pickle; "
                        "it cannot be pickled again")


def _record(name: str) -> type:
    return type(name, (TheanoRecord,), {"__doc__": f"Theano's {name}, loaded as a record (see TheanoRecord)."})


class OrderedSet(TheanoRecord):
    """theano.misc.ordered_set.OrderedSet as Theano pickled it (only its FunctionGraph held one)."""


class Link(TheanoRecord):
    """theano.misc.ordered_set.Link (a node of OrderedSet's linked list)."""


class frozendict(TheanoRecord):  # noqa: N801 - Theano's name
    """theano.misc.frozendict.frozendict: loads as a read-only mapping of its `_dict`."""

    def __getitem__(self, key: Any) -> Any:
        return self.__dict__.get("_dict", {})[key]

    def __iter__(self) -> Any:
        return iter(self.__dict__.get("_dict", {}))

    def __len__(self) -> int:
        return len(self.__dict__.get("_dict", {}))


_metadict = _record("_metadict")
Supervisor = _record("Supervisor")
ReplaceValidate = _record("ReplaceValidate")
PreserveVariableAttributes = _record("PreserveVariableAttributes")


def is_theano_maker_state(state: Any) -> bool:
    """True for the state of a FunctionMaker pickled by Theano (it holds the linker and the expanded inputs)."""
    return isinstance(state, dict) and "linker" in state and "expanded_inputs" in state


def mode_setstate(mode: Any, state: Any) -> None:
    """A Mode's state: ours (a dict) or Theano's `(linker, optimizer)`; Theano's linker names (cvm, vm, py,
    c|py) all run as one XLA program here, its optimizer (a name or a Query) is kept."""
    if isinstance(state, dict):
        mode.__dict__.update(state)
        return
    linker, optimizer = state
    fresh = type(mode)(linker=None, optimizer=optimizer if isinstance(optimizer, str) else "fast_run")
    mode.__dict__.update(fresh.__dict__)


# --- theano.scalar.basic classes that are functions here ---------------------------------------------------

class Scalar(TensorType):
    """theano.scalar.Scalar: `Scalar(dtype)` is the 0-d tensor type of `dtype` (scalar types are 0-d tensor types
    here). A Scalar Theano pickled loads as that TensorType."""

    def __new__(cls, dtype: Any = None) -> Any:
        if dtype is not None:
            return _scalar.get_scalar_type(dtype)
        return object.__new__(cls)  # unpickling: __setstate__ follows

    def __setstate__(self, state: dict) -> None:
        fresh = TensorType(state["dtype"], ())
        self.__class__ = TensorType
        self.__dict__.update(fresh.__dict__)


class _OutputTypeRule:
    """A Theano output-type rule class (specific_out, transfer_type): calling the class gives our rule; an
    instance Theano pickled loads as a callable over our rule."""

    _maker = ""
    _field = ""

    def __new__(cls, *args: Any) -> Any:
        if args:
            return cls._build(args)
        return object.__new__(cls)

    @classmethod
    def _build(cls, args: tuple) -> Any:
        return getattr(_scalar, cls._maker)(*args)

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.__dict__["_rule"] = self._build(tuple(state[self._field]))

    def __call__(self, *types: Any) -> Any:
        return self.__dict__["_rule"](*types)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.__dict__.get(self._field) == other.__dict__.get(self._field)

    def __hash__(self) -> int:
        return hash((type(self), tuple(self.__dict__.get(self._field, ()))))


class specific_out(_OutputTypeRule):  # noqa: N801 - Theano's name
    """theano.scalar.basic.specific_out(*dtypes): the output types are these dtypes."""

    _maker, _field = "specific_out", "spec"


class transfer_type(_OutputTypeRule):  # noqa: N801 - Theano's name
    """theano.scalar.basic.transfer_type(*indices): the output types are the inputs' at these indices."""

    _maker, _field = "transfer_type", "transfer"


ChangeTracker = _record("ChangeTracker")
NoOutputFromInplace = _record("NoOutputFromInplace")
PreserveNames = _record("PreserveNames")
AddFeatureOptimizer = _record("AddFeatureOptimizer")


def composite_state(state: dict) -> dict:
    """A Composite's state; Theano 1.0.5's inner graph applies bare scalar ops to scalar variables, ours applies
    Elemwise(scalar op) to 0-d tensors: such a graph is rebuilt our way and the Composite made from it."""
    if "_c_code" not in state and "nodenames" not in state:
        return state  # ours
    inputs, outputs = list(state["inputs"]), list(state["outputs"])
    new: dict = {}
    for node in io_toposort(inputs, outputs):
        args = [new.get(v, v) for v in node.inputs]
        op = node.op
        if not isinstance(op, Elemwise):
            op = Elemwise(op)
        outs = op.make_node(*args).outputs
        if not isinstance(node, Apply) or len(outs) != len(node.outputs):
            raise TypeError(f"Cannot load a Theano Composite: its inner node {node.op} does not rebuild here")
        new.update(zip(node.outputs, outs))
    fresh = Composite(inputs, [new.get(o, o) for o in outputs])
    return dict(fresh.__dict__)


def _install() -> None:
    """Plug the converters into the base classes' __setstate__ (theano.frontend.graph.pickle_hooks)."""
    pickle_hooks.update(variable_state=variable_state, upgrade_node=upgrade_node, op_from_state=op_from_state,
                        shared_setstate=shared_setstate, composite_state=composite_state)


_install()

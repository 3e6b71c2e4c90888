"""Elementwise ops: ScalarOp (the per-element function), Elemwise (its broadcasting tensor form), DimShuffle.

A scalar op is written once, as `fn`: a numpy/JAX name (`"exp"`, `"scipy.special.erfinv"`) or one
array-generic formula `fn(xp, *args)`. `resolve` turns a name into the function of an array module:
numpy/scipy here (host evaluation: shape programs, constant folding, test values), jax.numpy/jax.scipy
in the lowering, which registers its resolver with `register_resolver` (frontend never imports jax).
Users' Theano-style ScalarOps have no `fn`: their `impl` runs per element (a host callback on devices).
Concrete scalar ops are the rows of `elemwise_table.py`; their gradients are the table of `elemwise_grads.py`.
"""
from __future__ import annotations

import functools
from types import ModuleType
from typing import Any, Callable, Sequence

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.grad_types import DisconnectedType, NullType, grad_not_implemented
from theano.frontend.graph import Apply, Op, PropsIdentity, Variable, has_c_code
from theano.frontend.ops.broadcast import broadcast_shape, patternbroadcast
from theano.frontend.type import TensorType

# ---- the resolver: a name -> the function of an array module -----------------------------------------

_SCIPY_SPECIAL = "scipy.special."


def _numpy_complex(re: Any, im: Any) -> np.ndarray:
    """lax.complex for numpy, which has no complex constructor: exactly re + im*i (`re + 1j * im` would
    make the real part NaN where im is infinite, since 1j * inf is nan+infj; Python's complex(re, im) does not)."""
    re, im = np.broadcast_arrays(re, im)
    out = np.empty(re.shape, np.result_type(re, im, np.complex64))
    out.real, out.imag = re, im
    return out


def _numpy_resolver(name: str) -> Callable[..., Any]:
    """numpy.<name>, or scipy.special.<name> for "scipy.special.<name>"; "lax.complex" is the one name numpy
    lacks a function for."""
    if name.startswith(_SCIPY_SPECIAL):
        # imported on the first special function evaluated on the host, not with `import theano` (it costs
        # about as much as the rest of the import, and most programs never need it)
        import scipy.special

        return getattr(scipy.special, name[len(_SCIPY_SPECIAL):])
    if name == "lax.complex":
        return _numpy_complex
    return getattr(np, name)


_RESOLVERS: dict[str, Callable[[str], Callable[..., Any]]] = {"numpy": _numpy_resolver}


def register_resolver(xp: ModuleType, resolver: Callable[[str], Callable[..., Any]]) -> None:
    """Let `resolve(name, xp)` use `resolver` (the lowering registers jax.numpy's)."""
    _RESOLVERS[xp.__name__] = resolver
    resolve.cache_clear()


@functools.lru_cache(maxsize=None)
def resolve(name: str, xp: ModuleType = np) -> Callable[..., Any]:
    """The function called `name` ("exp", "scipy.special.erfinv") for the array module `xp`."""
    try:
        resolver = _RESOLVERS[xp.__name__]
    except KeyError:
        raise LookupError(f"no resolver registered for array module {xp.__name__}") from None
    return resolver(name)


class _Special:
    """`special(xp).gammaincc`: scipy.special's function of that name, for the array module `xp`."""

    def __init__(self, xp: ModuleType):
        self._xp = xp

    def __getattr__(self, name: str) -> Callable[..., Any]:
        return resolve(_SCIPY_SPECIAL + name, self._xp)


def special(xp: ModuleType) -> Any:
    """The scipy.special namespace of `xp` (scipy.special for numpy, jax.scipy.special in the lowering)."""
    return _Special(xp)


def input_cast_dtypes(scalar_op: Any, in_dtypes: list[str], out_dtype: str) -> list[str | None]:
    """The dtype each input is cast to before the op's function runs (None: leave it), so that numpy and
    JAX compute in the dtype Theano computes in, whatever their own promotion rules say.

    The op's `input_cast` names the rule ("out", "common", "none", "out_real", or one per input);
    without one: a bool result compares in the inputs' common dtype ("common"), a result computed from
    inputs of its own kind is computed in its dtype ("out"), anything else is left alone.
    """
    rule = getattr(scalar_op, "input_cast", None)
    if rule is None:
        if out_dtype == "bool":
            rule = "common"
        elif out_dtype in _dt.continuous_dtypes or all(d in _dt.discrete_dtypes for d in in_dtypes):
            rule = "out"
        else:
            rule = "none"
    rules = [rule] * len(in_dtypes) if isinstance(rule, str) else list(rule)
    common = _dt.upcast(*in_dtypes) if in_dtypes else out_dtype
    table = {"out": out_dtype, "common": common, "none": None,
             "out_real": {"complex64": "float32", "complex128": "float64"}.get(out_dtype, out_dtype)}
    return [None if table[r] == d else table[r] for r, d in zip(rules, in_dtypes)]


class ScalarOpMeta(type):
    """Scalar variables are 0-d tensors here, so a scalar op applied to them is an Elemwise node: for a
    concrete scalar op class, `isinstance(var.owner.op, theano.scalar.IntDiv)` holds for the Elemwise of an
    IntDiv, as it holds for Theano's scalar graphs. The abstract bases (ScalarOp, UnaryScalarOp, ...) keep
    the plain check, so `isinstance(op, ScalarOp)` still tells a scalar op from a tensor op."""

    def __instancecheck__(cls, obj: Any) -> bool:
        if type.__instancecheck__(cls, obj):
            return True
        if vars(cls).get("_abstract_scalar_op", False) or not isinstance(obj, Elemwise):
            return False
        return type.__instancecheck__(cls, obj.scalar_op)


class ScalarOp(PropsIdentity, metaclass=ScalarOpMeta):
    """One elementwise function: arity, output dtype rule, implementation (`fn`), gradient.

    Users may subclass it Theano-style (`impl`, `grad`, `output_types_preference`) and wrap it
    in `Elemwise`; their `impl` runs on Python scalars (a host callback on devices). Called on scalar
    (0-d) variables, as Theano's scalar ops are, it builds the node of its Elemwise.
    """

    _abstract_scalar_op = True

    nin = -1
    nout = 1
    name: str | None = None
    fn: str | Callable[..., Any] | None = None  # a numpy/JAX name, or a formula fn(xp, *args)
    input_cast: Any = None  # see input_cast_dtypes
    output_types_preference: Callable[..., tuple[str, ...]] | None = None
    __props__: tuple[str, ...] = ("output_types_preference", "name")

    def __init__(self, output_types_preference: Callable[..., tuple[str, ...]] | None = None, name: str | None = None):
        if output_types_preference is not None:
            self.output_types_preference = output_types_preference
        if name is not None:
            self.name = name
        elif self.name is None:
            self.name = type(self).__name__.lower()

    def _props(self) -> tuple:
        return tuple(getattr(self, p, None) for p in self.__props__)

    def __str__(self) -> str:
        return self.name or type(self).__name__.lower()

    def __repr__(self) -> str:
        return str(self)

    def output_types(self, types: Sequence[Any]) -> list[Any]:
        """Theano's form: the output (scalar) types for a list of input types."""
        return [TensorType(d, ()) for d in self.output_dtypes(*[getattr(t, "dtype", t) for t in types])]

    def output_dtypes(self, *dtypes: str) -> tuple[str, ...]:
        """Output dtypes for these input dtypes; raises TypeError for unsupported ones."""
        if type(self).output_types is not ScalarOp.output_types:  # a user's op overriding Theano's output_types
            return tuple(getattr(t, "dtype", t) for t in self.output_types([TensorType(d, ()) for d in dtypes]))
        if self.output_types_preference is None:
            raise NotImplementedError(f"{self} has no output_types_preference")
        # Theano-style rules (theano.scalar.upgrade_to_float, user rules) return scalar types, not dtype names
        return tuple(getattr(t, "dtype", t) for t in self.output_types_preference(*dtypes))

    def function(self, xp: ModuleType = np) -> Callable[..., Any] | None:
        """The op's function over arrays of module `xp` (inputs already cast, see input_cast_dtypes);
        None for a user's op that has only `impl`."""
        fn = self.fn
        if fn is None:
            return None
        if isinstance(fn, str):
            return resolve(fn, xp)
        return functools.partial(fn, xp)

    def impl(self, *inputs: Any) -> Any:
        """The op on numpy values (Theano's ScalarOp.impl), computed in the dtype Theano computes in."""
        fn = self.function(np)
        if fn is None:
            if has_c_code(self):
                raise NotImplementedError(f"{self} ({type(self).__name__}) has only C code (c_code): theano-xla does not "
                                          "compile C code; give the scalar op a Python `impl` method")
            raise NotImplementedError(f"{self} has no impl")
        arrays = [np.asarray(a) for a in inputs]
        dts = [str(a.dtype) for a in arrays]
        try:
            casts = input_cast_dtypes(self, dts, self.output_dtypes(*dts)[0])
        except (TypeError, NotImplementedError):
            casts = [None] * len(arrays)
        with np.errstate(all="ignore"):
            return fn(*[a if c is None else a.astype(c) for a, c in zip(arrays, casts)])

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        """Gradients with respect to each input, as tensor expressions (broadcasting like the op)."""
        return [grad_not_implemented(self, i, x) for i, x in enumerate(inputs)]

    def L_op(self, inputs: list[Variable], outputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        return self.grad(inputs, output_grads)

    def elemwise(self) -> "Elemwise":
        """The Elemwise of this scalar op: the table's (named as Theano prints it) when it is one of its ops."""
        return elemwise_of(self)

    def make_node(self, *inputs: Any) -> Apply:
        """The node of this op on scalars (0-d variables; Python numbers become constants)."""
        scalars = []
        for k, x in enumerate(inputs):
            v = as_tensor_variable(x)
            if v.ndim != 0:
                raise TypeError("%s: input %d must be a scalar (a 0-d variable), got %s with %d dimensions"
                                % (self, k, v, v.ndim))
            scalars.append(v)
        if self.nin not in (-1, len(scalars)):
            raise TypeError("Wrong number of inputs for %s.make_node (got %d(%s), expected %d)"
                            % (self, len(scalars), scalars, self.nin))
        return self.elemwise().make_node(*scalars)

    def __call__(self, *inputs: Any, **kwargs: Any) -> Any:
        """Theano's Op.__call__ on scalars: the output, or the list of outputs (always a list with return_list)."""
        return_list = kwargs.pop("return_list", False)
        if kwargs:
            raise TypeError("%s() got unexpected keyword arguments %s" % (self, sorted(kwargs)))
        node = self.make_node(*inputs)
        if len(node.outputs) == 1 and not return_list:
            return node.outputs[0]
        return list(node.outputs)


class UnaryScalarOp(ScalarOp):
    nin = 1
    _abstract_scalar_op = True


class BinaryScalarOp(ScalarOp):
    nin = 2
    _abstract_scalar_op = True


_ELEMWISE_OF: dict[Any, "Elemwise"] = {}


def elemwise_of(scalar_op: ScalarOp) -> "Elemwise":
    """The one Elemwise wrapping `scalar_op` (equal scalar ops share it): the table's where it has one, so a
    scalar graph of table ops prints and merges as the tensor graph of the same ops."""
    try:
        return _ELEMWISE_OF[scalar_op]
    except KeyError:
        pass
    except TypeError:  # an unhashable user op
        return Elemwise(scalar_op)
    for op in ELEMWISE_OPS.values():
        if op.scalar_op == scalar_op and not op.inplace_pattern:
            break
    else:
        op = CAST_OPS.get(getattr(scalar_op, "o_type", None)) if type(scalar_op) is Cast else None
        # a scalar graph's node prints as its scalar op (Composite{...}(x, y)), as Theano's scalar nodes do;
        # the name is not one of Elemwise's props, so T.Elemwise(scalar_op) is the same op
        op = op or Elemwise(scalar_op, name=str(scalar_op))
    _ELEMWISE_OF[scalar_op] = op
    return op


def make_scalar_op(name: str, nin: int, dtype_rule: Callable[..., tuple[str, ...]], fn: str | Callable[..., Any],
                   grad: Callable[..., list[Any]] | None, commutative: bool = False, associative: bool = False,
                   identity: Any = None, class_name: str | None = None) -> ScalarOp:
    """A ScalarOp class outside the table (its `fn` a name or formula fn(xp, *args), its `grad` Theano's
    grad(inputs, output_grads)), returned as its instance."""
    attrs: dict[str, Any] = {
        "nin": nin, "fn": fn if isinstance(fn, str) else staticmethod(fn), "commutative": commutative,
        "associative": associative, "identity": identity, "__module__": __name__,
    }
    if grad is not None:
        attrs["grad"] = lambda self, inputs, gouts: grad(inputs, gouts)
    attrs["output_types_preference"] = staticmethod(dtype_rule)
    cls = type(class_name or name.capitalize(), (ScalarOp,), attrs)
    return cls(name=name)


class Elemwise(Op):
    """Applies a ScalarOp to tensors with broadcasting (tensor.elemwise.Elemwise)."""

    __props__ = ("scalar_op", "inplace_pattern")

    def __init__(self, scalar_op: ScalarOp, inplace_pattern: dict | None = None, name: str | None = None,
                 nfunc_spec: Any = None, openmp: Any = None):
        self.scalar_op = scalar_op
        self.inplace_pattern = tuple(sorted((inplace_pattern or {}).items()))
        self.name = name
        self.nfunc_spec = nfunc_spec

    def __str__(self) -> str:
        if self.name is None:
            if self.inplace_pattern:
                return "Elemwise{%s}%s" % (self.scalar_op, list(self.inplace_pattern))
            return "Elemwise{%s}" % self.scalar_op
        return self.name

    def make_node(self, *inputs: Any) -> Apply:
        inputs = [as_tensor_variable(i) for i in inputs]
        nin = self.scalar_op.nin
        if nin != -1 and len(inputs) != nin:
            raise TypeError(f"Wrong number of inputs for {self}.make_node (got {len(inputs)}, expected {nin})")
        ndim = max((i.ndim for i in inputs), default=0)
        padded = []
        for inp in inputs:
            diff = ndim - inp.ndim
            if diff:
                inp = DimShuffle(inp.broadcastable, ["x"] * diff + list(range(inp.ndim)))(inp)
            padded.append(inp)
        out_bcast = tuple(all(b) for b in zip(*[i.broadcastable for i in padded])) if padded else ()
        try:
            out_dtypes = self.scalar_op.output_dtypes(*[i.dtype for i in padded])
        except TypeError as err:
            raise TypeError(f"{self}: unsupported input dtypes {[i.dtype for i in padded]}: {err}") from None
        outputs = [TensorType(dt, out_bcast)() for dt in out_dtypes]
        return Apply(self, padded, outputs)

    @property
    def nout(self) -> int:
        return self.scalar_op.nout

    def infer_shape(self, node: Apply, input_shapes: list[tuple]) -> list[tuple]:
        shape = broadcast_shape(input_shapes, [i.broadcastable for i in node.inputs])
        return [shape] * len(node.outputs)

    def L_op(self, inputs: list[Variable], outputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        grads = self.scalar_op.L_op(inputs, outputs, output_grads)
        # as in Theano: an integer-valued output passes back only (float) zeros; a float output passes its
        # gradient to integer inputs too
        int_output = any(o.dtype not in _dt.continuous_dtypes for o in outputs)
        result = []
        for inp, g in zip(inputs, grads):
            if g is None or isinstance(getattr(g, "type", None), (DisconnectedType, NullType)):
                result.append(g)
                continue
            if int_output:
                result.append(float_zeros_like(inp))
                continue
            g = as_tensor_variable(g)
            if g.dtype in _dt.discrete_dtypes:
                g = cast(g, config.floatX)
            result.append(sum_to_broadcastable(g, inp))
        return result

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        """Which inputs' values reach which outputs: the scalar op's pattern when it has one (Theano's Second)."""
        pattern = getattr(self.scalar_op, "connection_pattern", None)
        if pattern is not None:
            return pattern(node)
        return [[True for _ in node.outputs] for _ in node.inputs]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        # forward mode builds on the gradient machinery, which builds on these ops: the one import that cannot
        # go at the top of this module
        from theano.frontend.rop import Rop_via_Lop_elemwise

        return Rop_via_Lop_elemwise(self, inputs, eval_points)

    def host_impl(self, node: Apply, *inputs: np.ndarray) -> Any:
        """The op on numpy arrays (host evaluation): the scalar op's `fn` with xp=numpy, or a user's `impl`."""
        sop = self.scalar_op
        fn = sop.function(np)
        if fn is None:
            fn = sop.impl
            if not getattr(sop, "vectorized_impl", False):  # users' impl works on one element at a time
                fn = np.vectorize(fn, otypes=[o.dtype for o in node.outputs])
        else:
            casts = input_cast_dtypes(sop, [v.dtype for v in node.inputs], node.outputs[0].dtype)
            inputs = tuple(x if c is None else np.asarray(x).astype(c) for x, c in zip(inputs, casts))
        with np.errstate(all="ignore"):
            outs = fn(*inputs)
        if len(node.outputs) == 1:
            return _owned(np.asarray(outs, dtype=node.outputs[0].dtype), inputs)
        return [_owned(np.asarray(o, dtype=v.dtype), inputs) for o, v in zip(outs, node.outputs)]


def _owned(out: np.ndarray, inputs: Sequence[Any]) -> np.ndarray:
    """`out`, copied where numpy returned a view (identity, second, real, a no-op cast): a host result
    is a fresh writable array, never an input's memory."""
    if not out.flags.writeable or any(isinstance(x, np.ndarray) and np.may_share_memory(out, x) for x in inputs):
        return out.copy()
    return out


def sum_to_broadcastable(g: Variable, like: Variable) -> Variable:
    """Sum `g` over the axes where `like` is broadcastable (or missing), and match its pattern.

    Its dtype stays: as in Theano 1.0.5, the gradient for a float32 input of a float64 expression is
    float64 (only a complex gradient for a real input is made real, by its own ops).
    """
    from theano.frontend.ops.reduce import sum as reduce_sum  # a cycle: the reductions build on this module

    extra = g.ndim - like.ndim
    if extra > 0:
        g = reduce_sum(g, axis=tuple(range(extra)))
    axes = tuple(i for i, (lb, gb) in enumerate(zip(like.broadcastable, g.broadcastable)) if lb and not gb)
    if axes:
        g = reduce_sum(g, axis=axes, keepdims=True)
    if g.broadcastable != like.broadcastable:
        g = patternbroadcast(g, like.broadcastable)
    return g


class DimShuffle(Op):
    """Reorders dimensions, inserts broadcastable ('x') ones and drops broadcastable ones."""

    __props__ = ("input_broadcastable", "new_order")
    inplace = True

    def __init__(self, input_broadcastable: Sequence[bool], new_order: Sequence[Any], inplace: bool = True):
        self.input_broadcastable = tuple(bool(b) for b in input_broadcastable)
        self.new_order = tuple(new_order)
        for i, j in enumerate(self.new_order):
            if j != "x":
                if not isinstance(j, (int, np.integer)) or isinstance(j, bool):
                    raise TypeError("DimShuffle indices must be python ints. Got: '%s' of type '%s'." % (j, type(j)))
                if j >= len(self.input_broadcastable):
                    raise ValueError("new_order[%d] is %d, but the input only has %d axes." % (i, j, len(self.input_broadcastable)))
                if j in self.new_order[i + 1:]:
                    raise ValueError("The same input dimension may not appear twice in the list of output dimensions", self.new_order)
        self.new_order = tuple(int(j) if j != "x" else "x" for j in self.new_order)
        self.drop = []
        for i, b in enumerate(self.input_broadcastable):
            if i not in self.new_order:
                if b:
                    self.drop.append(i)
                else:
                    raise ValueError("You cannot drop a non-broadcastable dimension.", (self.input_broadcastable, self.new_order))
        self.shuffle = [x for x in self.new_order if x != "x"]
        self.augment = [i for i, x in enumerate(self.new_order) if x == "x"]

    def __str__(self) -> str:
        # Theano 1.0.5's DimShuffle is always a view ("inplace"), and prints so
        return "InplaceDimShuffle{%s}" % ",".join(str(x) for x in self.new_order)

    def make_node(self, x: Any) -> Apply:
        x = as_tensor_variable(x)
        ib = x.broadcastable
        if ib != self.input_broadcastable:
            if len(ib) != len(self.input_broadcastable):
                raise TypeError("The number of dimensions of the input is incorrect for this op. Expected %s, got %s."
                                % (self.input_broadcastable, ib))
            for expected, b in zip(self.input_broadcastable, ib):
                if expected and not b:
                    raise TypeError("The broadcastable pattern of the input is incorrect for this op. Expected %s, got %s."
                                    % (self.input_broadcastable, ib))
        ob = [True if v == "x" else ib[v] for v in self.new_order]
        return Apply(self, [x], [TensorType(x.dtype, ob)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        ishp = shapes[0]
        return [tuple(constant(1, dtype="int64") if v == "x" else ishp[v] for v in self.new_order)]

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        x, = inputs
        gz = as_tensor_variable(output_grads[0])
        order = ["x"] * x.ndim
        for i, v in enumerate(self.new_order):
            if v != "x":
                order[v] = i
        if x.dtype in _dt.discrete_dtypes:
            return [float_zeros_like(x)]
        # the axes this op added have length 1: say so where the output gradient's type does not
        if any(v == "x" and not b for b, v in zip(gz.broadcastable, self.new_order)):
            gz = patternbroadcast(gz, [b or v == "x" for b, v in zip(gz.broadcastable, self.new_order)])
        return [DimShuffle(gz.broadcastable, order)(gz)]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        return [self(eval_points[0])]

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        res = np.transpose(x, self.shuffle + self.drop)
        shape = list(res.shape[: len(self.shuffle)])
        for a in self.augment:
            shape.insert(a, 1)
        return res.reshape(shape)


# ---- the registries the table fills, casts, zeros ------------------------------------------------------

SCALAR_OPS: dict[str, ScalarOp] = {}  # table name -> scalar op (filled by elemwise_table)
ELEMWISE_OPS: dict[str, Elemwise] = {}  # table name -> its Elemwise, named as in Theano


class Cast(ScalarOp):
    """Convert to `o_type` (scalar.Cast); printed Cast{float32}. The conversion is the output cast
    every elementwise result gets, so its function is the identity."""

    nin = 1
    __props__ = ("o_type",)
    fn = staticmethod(lambda xp, x: x)
    input_cast = "none"

    def __init__(self, o_type: str, name: str | None = None):
        self.o_type = _dt.check_dtype(getattr(o_type, "dtype", o_type))
        self.name = name or "convert_to_" + self.o_type

    def __str__(self) -> str:
        return "Cast{%s}" % self.o_type

    def output_dtypes(self, *dtypes: str) -> tuple[str, ...]:
        return (self.o_type,)

    @property
    def output_types_preference(self) -> Callable[..., tuple[TensorType, ...]]:
        """Theano's specific_out(o_type): a rule giving the one output type, with the type in `.spec`."""
        spec = (TensorType(self.o_type, ()),)

        def rule(*types: Any) -> tuple[TensorType, ...]:
            return spec
        rule.spec = spec  # type: ignore[attr-defined]
        return rule

    def impl(self, x: Any) -> Any:
        return np.asarray(x).astype(self.o_type)

    def grad(self, inputs: list, gouts: list) -> list:
        x, = inputs
        if self.o_type in _dt.continuous_dtypes:
            # As scalar.Cast.grad in Theano 1.0.5: the output gradient passes unchanged, so the
            # gradient of a float64 cost w.r.t. a float32 input that was upcast is float64 (and
            # float32 through a downcast); ops that upcast their inputs (batched_dot, MakeVector) agree.
            return [gouts[0]]
        return [zeros_like(x, dtype=x.dtype if x.dtype in _dt.continuous_dtypes else None)]


CAST_OPS: dict[str, Elemwise] = {dt: Elemwise(Cast(dt), name="Elemwise{Cast{%s}}" % dt) for dt in _dt.all_dtypes}


def cast(x: Any, dtype: Any) -> Any:
    """T.cast: a no-op when the dtype already matches; complex -> real is refused as in Theano."""
    x = as_tensor_variable(x)
    if isinstance(dtype, str) and dtype != "floatX" and dtype not in CAST_OPS:
        raise KeyError(dtype)  # Theano looks the name up in its cast table
    dtype = _dt.check_dtype(dtype)
    if x.dtype == dtype:
        return x
    if x.dtype.startswith("complex") and not dtype.startswith("complex"):
        raise TypeError("Casting from complex to real is ambiguous: consider real(), imag(), angle() or abs()")
    return CAST_OPS[dtype](x)


def zeros_like(model: Any, dtype: Any = None) -> Variable:
    """T.zeros_like: second(model, 0), an Elemwise{second,no_inplace} as Theano builds it."""
    model = as_tensor_variable(model)
    dtype = model.dtype if dtype is None else _dt.check_dtype(dtype)
    return ELEMWISE_OPS["second"](model, constant(0.0, dtype=dtype))


def float_zeros_like(x: Variable) -> Variable:
    """The zero gradient of `x`: its dtype if continuous, else floatX (Theano's rule for integer inputs)."""
    return zeros_like(x, dtype=x.dtype if x.dtype in _dt.continuous_dtypes else config.floatX)

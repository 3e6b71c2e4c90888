"""Every concrete Op class of theano.frontend has a registered JAX lowering rule (not a fallback), and every
op family module (frontend/ops/<family>.py) has its lowering module (lowering/rules/<family>.py).
That each rule computes the right values is test_every_op_computes.py (every class, against numpy)."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any, Callable

import pytest

import theano.frontend
import theano.frontend.ops
from theano.frontend.graph import Op
from theano.frontend.ops.elemwise_table import SCALAR_OPS
from theano.frontend.type import TensorType
from theano.lowering import registry
from theano.lowering.rules import FAMILIES

# abstract bases: never instantiated on their own
ABSTRACT = {"_Copyish", "_MatrixFromShape", "_LogicalReduce", "BaseAdvancedSubtensor", "BaseAdvancedIncSubtensor"}
ABSTRACT |= {"BaseAbstractConv"}  # --- issue 10: convolution
ABSTRACT |= {"_CheckedIdentity"}  # the base of HostCheck and Assert (no make_node of its own)

# constructor arguments of the op classes that need some (every other class is built with no argument)
FACTORIES: dict[str, Callable[[], Any]] = {
    "Elemwise": lambda: _cls("Elemwise")(SCALAR_OPS["exp"]),
    "DimShuffle": lambda: _cls("DimShuffle")((False,), [0, "x"]),
    "Shape_i": lambda: _cls("Shape_i")(0),
    "Reshape": lambda: _cls("Reshape")(2),
    "Rebroadcast": lambda: _cls("Rebroadcast")((0, True)),
    "CAReduce": lambda: _cls("CAReduce")(SCALAR_OPS["maximum"], (0,)),
    "CAReduceDtype": lambda: _cls("CAReduceDtype")(SCALAR_OPS["add"], (0,)),
    "MaxAndArgmax": lambda: _cls("MaxAndArgmax")((0,)),
    "Argmax": lambda: _cls("Argmax")((0,)),
    "ARange": lambda: _cls("ARange")("int64"),
    "Split": lambda: _cls("Split")(2),
    "Subtensor": lambda: _cls("Subtensor")([slice(None)]),
    "IncSubtensor": lambda: _cls("IncSubtensor")([slice(None)]),
    "HostCheck": lambda: _cls("HostCheck")("bounds"),
    "SortOp": lambda: _cls("SortOp")("quicksort"),
    "ArgSortOp": lambda: _cls("ArgSortOp")("quicksort"),
    "GradClip": lambda: _cls("GradClip")(-1.0, 1.0),
    "GradScale": lambda: _cls("GradScale")(2.0),
    # --- issue 10: convolution (the generic abstract convolutions take their dimension)
    "AbstractConv": lambda: _cls("AbstractConv")(2),
    "AbstractConv_gradWeights": lambda: _cls("AbstractConv_gradWeights")(2),
    "AbstractConv_gradInputs": lambda: _cls("AbstractConv_gradInputs")(2),
    # --- issue 10: linear algebra
    "QRFull": lambda: _cls("QRFull")("reduced"),
    "QRIncomplete": lambda: _cls("QRIncomplete")("r"),
    # --- issue 10: nnet extras, neighbours, batch norm, user ops
    "FromFunctionOp": lambda: _cls("FromFunctionOp")(abs, [theano.frontend.type.TensorType("float64", (False,))],
                                                     [theano.frontend.type.TensorType("float64", (False,))], None),
}
# --- issue 10: extra_ops, sort/topk and missing T.* names
ABSTRACT |= {"_ZeroDimIdentity"}
FACTORIES.update({
    "TopKOp": lambda: _cls("TopKOp")(sorted=False),
    "UnravelIndex": lambda: _cls("UnravelIndex")(2),
    "Choose": lambda: _cls("Choose")("raise"),
})
# --- issue 10: pooling
ABSTRACT |= {"PoolGrad"}  # the base of MaxPoolGrad and AveragePoolGrad (no make_node of its own)
FACTORIES.update({name: (lambda name=name: _cls(name)(True)) for name in
                  ("MaxPoolGrad", "AveragePoolGrad", "DownsampleFactorMaxGradGrad")})

# --- issue 14: theano.sparse
ABSTRACT |= {"_StructuredDotGrad", "_ScaleCSC"}  # bases of StructuredDotGradCSR/CSC and Col/RowScaleCSC
FACTORIES.update({"CSM": lambda: _cls("CSM")("csr"), "SparseFromDense": lambda: _cls("SparseFromDense")("csr")})
# --- issue 14: sparse products, theano.sparse.opt, sandbox sp2
ABSTRACT |= {"_SparseDataOp"}  # the base of MulSDCSC/CSR, MulSVCSR, StructuredAddSVCSR
FACTORIES.update({"AddSD_ccode": lambda: _cls("AddSD_ccode")("csr"), "UsmmCscDense": lambda: _cls("UsmmCscDense")(False),
                  "Binomial": lambda: _cls("Binomial")("csr", "float64")})
ABSTRACT |= {"_ComparisonOpSS", "_ComparisonOpSD"}  # bases of the sparse comparisons (EqualSS, LessThanSD, ...)
FACTORIES.update({"Cast": lambda: _cls("Cast")("float32"), "EnsureSortedIndices": lambda: _cls("EnsureSortedIndices")(False),
                  "HStack": lambda: _cls("HStack")(dtype="float64"), "VStack": lambda: _cls("VStack")(dtype="float64")})
ABSTRACT |= {"_HostCounted"}  # the base of the sparse indexing ops whose result size the shape program computes
FACTORIES["SparseSelectionCount"] = lambda: _cls("SparseSelectionCount")(_cls("GetItemList")())
# --- theano.tensor.blas: Gemm, Gemv, Ger (and blas_scipy's ScipyGer) take their inplace / destructive flag
ABSTRACT |= {"GemmRelated"}  # the base of Gemm, Dot22 and Dot22Scalar (no make_node of its own)
FACTORIES.update({name: (lambda name=name: _cls(name)(False)) for name in ("Gemm", "Gemv", "Ger", "ScipyGer")})
# --- theano.typed_list
ABSTRACT |= {"_NamedOp", "_MaybeInplace"}  # bases of the typed list ops (no make_node of their own)
FACTORIES["PdbBreakpoint"] = lambda: _cls("PdbBreakpoint")("bp")  # theano.tests.breakpoint
ABSTRACT |= {"COp"}  # Theano's base of users' ops with C code in files (theano.gof.COp; they run by their perform)

# --- issue 11: control flow (ops holding an inner graph are built from a small one)


def _small_scan(until: bool = False) -> Any:
    import theano
    import theano.tensor as T

    x = T.dvector("x")
    out, _ = theano.scan(lambda v, h: (h + v, theano.scan_module.until(h > 3)) if until else h + v, sequences=x,
                         outputs_info=T.constant(0.0, dtype="float64"))
    return out.owner


FACTORIES.update({
    "Scan": lambda: _small_scan().op,
    "ScanSteps": lambda: _cls("ScanSteps")(_small_scan(until=True).op),
    "LoweredVJP": lambda: _cls("LoweredVJP")(_small_scan().op, 3, (1, 2), (0,)),
    "LoweredJVP": lambda: _cls("LoweredJVP")(_small_scan().op, 3, (1, 2), (0,)),
})

FACTORIES["MitMotScan"] = lambda: importlib.import_module("theano.frontend.ops.scan_mitmot").example_mitmot_scan()
FACTORIES["RandomFunction"] = lambda: _cls("RandomFunction")("uniform", TensorType("float64", (False,)))  # raw_random

ABSTRACT |= {"mrg_uniform_base"}  # sandbox.rng_mrg: the base of mrg_uniform and mrg_uniform_prefix
FACTORIES.update({name: (lambda name=name: _cls(name)(theano.frontend.type.TensorType("float64", (False,))))
                  for name in ("mrg_uniform", "mrg_uniform_prefix")})
FACTORIES.update({  # sandbox.multinomial: the output dtype is required, as in Theano
    "MultinomialFromUniform": lambda: _cls("MultinomialFromUniform")("auto"),
    "ChoiceFromUniform": lambda: _cls("ChoiceFromUniform")("auto"),
    "MultinomialWOReplacementFromUniform": lambda: _cls("ChoiceFromUniform")("auto"),
})


def _frontend_modules() -> list[Any]:
    return [importlib.import_module(m.name) for m in pkgutil.walk_packages(theano.frontend.__path__, "theano.frontend.")]


def _all_op_classes() -> dict[str, type]:
    """Every Op subclass defined in a theano.frontend module (recursively through __subclasses__)."""
    _frontend_modules()
    found: dict[str, type] = {}
    stack = list(Op.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("theano.frontend."):
            assert found.get(cls.__name__, cls) is cls, f"two frontend Op classes are named {cls.__name__}"
            found[cls.__name__] = cls
    return found


OP_CLASSES = _all_op_classes()


def _cls(name: str) -> type:
    return OP_CLASSES[name]


def _instance(cls: type) -> Op:
    factory = FACTORIES.get(cls.__name__)
    return factory() if factory is not None else cls()


CONCRETE = sorted(name for name, cls in OP_CLASSES.items() if name not in ABSTRACT and not inspect.isabstract(cls))


def test_the_walk_finds_the_op_families() -> None:
    for name in ("Elemwise", "DimShuffle", "Dot", "Softmax", "Subtensor", "AdvancedSubtensor1", "Sum", "Join",
                 "CumOp", "Eye", "ViewOp", "ZeroGrad"):
        assert name in CONCRETE
    assert ABSTRACT <= set(OP_CLASSES), ABSTRACT - set(OP_CLASSES)
    assert len(CONCRETE) >= 60


@pytest.mark.parametrize("name", CONCRETE)
def test_every_concrete_op_has_a_registered_rule(name: str) -> None:
    cls = OP_CLASSES[name]
    op = _instance(cls)
    rule = registry.rule_for(op)
    registered = set(registry.registered_op_classes())
    owner = next((k for k in type(op).__mro__ if k in registered), None)
    assert owner is not None, f"{name} lowers only through a fallback (jax_name, decompose or a host callback)"
    assert rule is registry._RULES[owner]


def _family_of_class(cls: type) -> str | None:
    module = cls.__module__
    prefix = "theano.frontend.ops."
    return module[len(prefix):] if module.startswith(prefix) else None


def test_every_op_family_has_its_lowering_module() -> None:
    families = sorted({f for cls in OP_CLASSES.values() if (f := _family_of_class(cls)) is not None})
    assert "elemwise" in families and "nnet" in families
    for family in families:
        importlib.import_module(f"theano.lowering.rules.{family}")
        assert family in FAMILIES, f"lowering/rules/__init__.py FAMILIES does not load {family}"


@pytest.mark.parametrize("name", [n for n in CONCRETE if _family_of_class(OP_CLASSES[n]) is not None])
def test_an_ops_rule_lives_in_its_familys_lowering_module(name: str) -> None:
    cls = OP_CLASSES[name]
    registered = set(registry.registered_op_classes())
    owner = next(k for k in cls.__mro__ if k in registered)
    rule = registry._RULES[owner]
    assert rule.__module__ == f"theano.lowering.rules.{_family_of_class(owner)}", (name, rule.__module__)


def test_every_elemwise_table_row_has_a_jax_function() -> None:
    """Every scalar op of the table maps to a JAX function (jv and iv, which JAX lacks, are host callbacks
    inside it by design); none falls back to the generic per-element host callback."""
    from theano.lowering.rules.elemwise import jax_function

    no_jax = [name for name, sop in SCALAR_OPS.items() if jax_function(sop) is None]
    assert no_jax == [], f"scalar ops that would run as host callbacks: {no_jax}"
# --- issue 11: OpFromGraph
FACTORIES["OpFromGraph"] = lambda: _cls("OpFromGraph")([theano.frontend.type.TensorType("float64", (False,))()],
                                                       [theano.frontend.type.TensorType("float64", (False,))()])
# --- issue 11: ifelse
FACTORIES["IfElse"] = lambda: _cls("IfElse")(1)
# --- issue 15: jax_op (a JAX function as an op, its vjp, its output shapes)


def _jax_op() -> Any:
    import jax.numpy as jnp

    vec = theano.frontend.type.TensorType("float64", (False,))
    return _cls("JaxOp")(jnp.sin, [vec], [vec])


FACTORIES.update({"JaxOp": _jax_op, "JaxVJP": lambda: _cls("JaxVJP")(_jax_op(), (0,)),
                  "JaxOutputShape": lambda: _cls("JaxOutputShape")(_jax_op())})
# --- tbasic: AllocEmpty takes its dtype
FACTORIES.update({"AllocEmpty": lambda: _cls("AllocEmpty")("float32")})
# --- Theano's deprecated Tile op
FACTORIES["Tile"] = lambda: _cls("Tile")(2)
# --- theano.tensor.io
FACTORIES.update({"LoadFromDisk": lambda: _cls("LoadFromDisk")("float64", (False,)),
                  "MPIRecv": lambda: _cls("MPIRecv")(0, 11, (2,), "float64"), "MPIRecvWait": lambda: _cls("MPIRecvWait")(11),
                  "MPISend": lambda: _cls("MPISend")(1, 11), "MPISendWait": lambda: _cls("MPISendWait")(11)})

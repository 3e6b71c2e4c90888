"""The elementwise table's test cases, shared by the test_elemwise_* files: one case per op (how to build
it, its inputs' domains, the numpy/scipy reference, its printed name, its gradient kind), and `build_forward`,
which puts every case in ONE compiled function.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import scipy.special as sp  # ships with jax; the reference of the special functions

import theano
import theano.tensor as T
from theano.frontend.ops import elemwise_table as table

nnet = table.nnet_functions()
RNG = np.random.RandomState(1234)
N = 6


def _uniform(lo: float, hi: float) -> np.ndarray:
    return RNG.uniform(lo, hi, N)


DOMAINS: dict[str, Callable[[], np.ndarray]] = {
    "real": lambda: _uniform(-3, 3),
    "pos": lambda: _uniform(0.2, 3),
    "gpos": lambda: _uniform(0.5, 4),
    "unit": lambda: _uniform(-0.9, 0.9),
    "ge1": lambda: _uniform(1.2, 3),
    "nonzero": lambda: _uniform(0.5, 3) * RNG.choice([-1, 1], N),
    "lo": lambda: _uniform(-2, -0.5),
    "hi": lambda: _uniform(0.5, 2),
    "erfc_arg": lambda: _uniform(0.1, 1.9),
    "halves": lambda: np.array([-2.5, -1.5, -0.5, 0.5, 2.5, 0.3]),
    "special": lambda: np.array([np.nan, np.inf, -np.inf, 0.0, 1.5, -2.0]),
    "order": lambda: np.array([0.0, 1.0, 2.0, 0.5, 1.5, 3.0]),
    "int": lambda: RNG.randint(-4, 5, N).astype("int32"),
    "int8": lambda: RNG.randint(-4, 5, N).astype("int8"),
    "bool": lambda: RNG.randint(0, 2, N).astype("bool"),
    "cplx": lambda: (RNG.uniform(-2, 2, N) + 1j * RNG.uniform(-2, 2, N)).astype("complex128"),
}


def ref(name: str) -> Callable[..., np.ndarray]:
    """scipy.special's function (our host implementation where scipy is missing)."""
    return getattr(sp, name)


def _round_away(x: np.ndarray) -> np.ndarray:
    return np.where(x >= 0, np.floor(x + 0.5), np.ceil(x - 0.5))


def _ultra_fast(x: np.ndarray) -> np.ndarray:
    def one(v: float) -> float:
        v = 0.5 * v
        a = abs(v)
        z = 1.5 * a / (1 + a) if a < 1.7 else 0.935409070603099 + 0.0458812946797165 * (a - 1.7) if a < 3 else 0.99505475368673
        return 0.5 * ((z if v >= 0 else -z) + 1.0)
    return np.vectorize(one)(x)


@dataclass
class Case:
    """One op under test: how to build it, its inputs' domains, numpy reference, printed name, gradient kind."""

    name: str
    build: Callable[..., Any]
    domains: tuple[str, ...]
    reference: Callable[..., np.ndarray]
    printed: str | None
    grad: str | None = "fd"  # "fd": finite differences; "zero": Theano's zero gradient; None: not checked
    wrt: tuple[int, ...] | None = None  # inputs to differentiate (default: all float inputs)
    rtol: float = 1e-9


def E(name: str) -> str:
    return "Elemwise{%s,no_inplace}" % name


def case(name: str, domains: str, reference: Callable[..., np.ndarray], grad: str | None = "fd", build: Any = None,
         printed: Any = "default", **kw: Any) -> Case:
    return Case(name, build or getattr(T, name), tuple(domains.split()), reference,
                E(name) if printed == "default" else printed, grad, **kw)


CASES = [
    # arithmetic
    case("add", "real real real", lambda a, b, c: a + b + c),
    case("sub", "real real", np.subtract),
    case("mul", "real real real", lambda a, b, c: a * b * c),
    case("true_div", "real nonzero", np.true_divide),
    case("int_div", "real nonzero", np.floor_divide, "zero"),
    case("floor_div", "int nonzero", np.floor_divide, None, printed=E("int_div")),
    case("mod", "real nonzero", np.mod),
    case("pow", "pos real", np.power),
    case("maximum", "real real", np.maximum),
    case("minimum", "real real", np.minimum),
    case("clip", "real lo hi", np.clip),
    case("neg", "real", np.negative),
    case("abs_", "nonzero", np.abs),
    case("sgn", "real", np.sign, "zero"),
    case("inv", "nonzero", lambda x: 1.0 / x),
    case("sqr", "real", np.square),
    case("sqrt", "pos", np.sqrt),
    # exponentials and logarithms
    case("exp", "real", np.exp),
    case("exp2", "real", np.exp2),
    case("expm1", "real", np.expm1),
    case("log", "pos", np.log),
    case("log2", "pos", np.log2),
    case("log10", "pos", np.log10),
    case("log1p", "pos", np.log1p),
    # trigonometric and hyperbolic
    case("deg2rad", "real", np.deg2rad),
    case("rad2deg", "real", np.rad2deg),
    case("cos", "real", np.cos),
    case("arccos", "unit", np.arccos),
    case("sin", "real", np.sin),
    case("arcsin", "unit", np.arcsin),
    case("tan", "unit", np.tan),
    case("arctan", "real", np.arctan),
    case("arctan2", "real nonzero", np.arctan2),
    case("cosh", "real", np.cosh),
    case("arccosh", "ge1", np.arccosh),
    case("sinh", "real", np.sinh),
    case("arcsinh", "real", np.arcsinh),
    case("tanh", "real", np.tanh),
    case("arctanh", "unit", np.arctanh),
    # rounding
    case("floor", "real", np.floor, "zero"),
    case("ceil", "real", np.ceil, "zero"),
    case("trunc", "real", np.trunc, "zero"),
    case("round_half_to_even", "halves", np.round, "zero"),
    case("round_half_away_from_zero", "halves", _round_away, "zero"),
    case("round", "halves", np.round, None, printed=E("round_half_to_even")),
    case("round_away", "halves", _round_away, None, build=lambda x: T.round(x, "half_away_from_zero"),
         printed=E("round_half_away_from_zero")),
    case("iround", "halves", lambda x: np.round(x).astype("int64"), None, printed="Elemwise{Cast{int64}}"),
    # comparisons and predicates
    case("lt", "real real", np.less, "zero"),
    case("gt", "real real", np.greater, "zero"),
    case("le", "int int", np.less_equal, None),
    case("ge", "int int", np.greater_equal, None),
    case("eq", "int int", np.equal, None),
    case("neq", "int int", np.not_equal, None),
    case("isnan", "special", np.isnan, None),
    case("isinf", "special", np.isinf, None),
    case("isclose", "real real", np.isclose, None, printed=E("or_")),
    # bitwise logic
    case("and_", "int int8", np.bitwise_and, None),
    case("or_", "int int8", np.bitwise_or, None),
    case("xor", "int int8", np.bitwise_xor, None),
    case("invert", "int", np.invert, None),
    case("bitwise_and", "bool bool", np.logical_and, None, printed=E("and_")),
    case("bitwise_not", "bool", np.logical_not, None, printed=E("invert")),
    # selection and copies
    case("switch", "bool real real", np.where, wrt=(1, 2)),
    case("where", "bool int real", np.where, None, printed=E("switch")),
    case("second", "real real", lambda a, b: b, None),
    case("tensor_copy", "real", lambda x: x, printed="Elemwise{identity}"),
    # special functions
    case("erf", "real", ref("erf")),
    case("erfc", "real", ref("erfc")),
    case("erfcx", "pos", ref("erfcx")),
    case("erfinv", "unit", ref("erfinv")),
    case("erfcinv", "erfc_arg", ref("erfcinv")),
    case("gamma", "gpos", ref("gamma")),
    case("gammaln", "gpos", ref("gammaln")),
    case("psi", "gpos", ref("psi")),
    case("tri_gamma", "gpos", lambda x: sp.polygamma(1, x), None),
    case("chi2sf", "gpos gpos", lambda x, k: sp.chdtrc(k, x), None),
    case("gammainc", "gpos gpos", ref("gammainc"), None),
    case("gammaincc", "gpos gpos", ref("gammaincc"), None),
    case("gammau", "gpos gpos", lambda k, x: sp.gammaincc(k, x) * sp.gamma(k),
         None),
    case("gammal", "gpos gpos", lambda k, x: sp.gammainc(k, x) * sp.gamma(k),
         None),
    case("j0", "real", ref("j0"), rtol=1e-8),
    case("j1", "real", ref("j1"), rtol=1e-8),
    case("jv", "order real", ref("jv"), wrt=(1,), rtol=1e-8),
    case("i0", "real", ref("i0")),
    case("i1", "real", ref("i1")),
    case("iv", "order pos", ref("iv"), wrt=(1,)),
    # complex numbers
    case("real", "cplx", np.real, None),
    case("imag", "cplx", np.imag, None),
    case("angle", "cplx", np.angle, None),
    case("conj", "cplx", np.conj, None),
    case("complex", "real real", lambda a, b: a + 1j * b, None),
    case("complex_from_polar", "pos real", lambda r, t: r * np.cos(t) + 1j * r * np.sin(t), None),
    # tensor.nnet.sigm
    case("sigmoid", "real", lambda x: 1 / (1 + np.exp(-x)), build=nnet["sigmoid"], printed="sigmoid"),
    case("softplus", "real", lambda x: np.log1p(np.exp(x)), build=nnet["softplus"], printed="softplus"),
    case("ultra_fast_sigmoid", "real", _ultra_fast, None, build=nnet["ultra_fast_sigmoid"],
         printed="ultra_fast_sigmoid"),
    case("hard_sigmoid", "real", lambda x: np.clip(0.2 * x + 0.5, 0, 1), build=nnet["hard_sigmoid"],
         printed=E("clip")),
]
CASE_BY_NAME = {c.name: c for c in CASES}


def build_forward() -> tuple:
    """All cases in one compiled function: (case -> input vars, input arrays, output var), and its results."""
    built, inputs, values, outputs = {}, [], [], []
    for c in CASES:
        arrays = [DOMAINS[d]() for d in c.domains]
        vs = [T.vector(f"{c.name}_{k}", dtype=str(a.dtype)) for k, a in enumerate(arrays)]
        out = c.build(*vs)
        built[c.name] = (vs, arrays, out)
        inputs += vs
        values += arrays
        outputs.append(out)
    fn = theano.function(inputs, outputs, on_unused_input="ignore")
    results = dict(zip([c.name for c in CASES], fn(*values)))
    return built, results, fn, inputs, values

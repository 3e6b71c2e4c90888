"""The elementwise op table: one test row per op (values against numpy/scipy, printed names, gradients).

Values: every op runs inside ONE compiled function (one jit) on random inputs in its domain, and its
host (numpy) implementation runs on the same inputs. Gradients: one compiled function gives every
op's vector-Jacobian product, checked against central finite differences of the forward function.
Printed names and gradient graph structures are golden data from Theano 1.0.5 (generators in comments).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import pytest

import theano
import theano.tensor as T

from theano.frontend.ops import elemwise_table as table
from theano.frontend.ops.elemwise import Elemwise

import scipy.special as sp  # ships with jax; the host implementations of the special functions are scipy's

# ---- golden data (Theano 1.0.5) --------------------------------------------------------------------
# PRINTED: for each name in dir(theano.tensor) (and tensor.nnet's sigmoid, softplus, ultra_fast_sigmoid)
# that is an Elemwise: (str(op), str(op.scalar_op), type(op.scalar_op).__name__).
PRINTED = {
    'abs_': ('Elemwise{abs_,no_inplace}', 'Abs', 'Abs'),
    'add': ('Elemwise{add,no_inplace}', 'add', 'Add'),
    'and_': ('Elemwise{and_,no_inplace}', 'AND', 'AND'),
    'angle': ('Elemwise{angle,no_inplace}', 'angle', 'Angle'),
    'arccos': ('Elemwise{arccos,no_inplace}', 'arccos', 'ArcCos'),
    'arccosh': ('Elemwise{arccosh,no_inplace}', 'arccosh', 'ArcCosh'),
    'arcsin': ('Elemwise{arcsin,no_inplace}', 'arcsin', 'ArcSin'),
    'arcsinh': ('Elemwise{arcsinh,no_inplace}', 'arcsinh', 'ArcSinh'),
    'arctan': ('Elemwise{arctan,no_inplace}', 'arctan', 'ArcTan'),
    'arctan2': ('Elemwise{arctan2,no_inplace}', 'arctan2', 'ArcTan2'),
    'arctanh': ('Elemwise{arctanh,no_inplace}', 'arctanh', 'ArcTanh'),
    'bitwise_and': ('Elemwise{and_,no_inplace}', 'AND', 'AND'),
    'bitwise_not': ('Elemwise{invert,no_inplace}', 'Invert', 'Invert'),
    'bitwise_or': ('Elemwise{or_,no_inplace}', 'OR', 'OR'),
    'bitwise_xor': ('Elemwise{xor,no_inplace}', 'XOR', 'XOR'),
    'ceil': ('Elemwise{ceil,no_inplace}', 'ceil', 'Ceil'),
    'chi2sf': ('Elemwise{chi2sf,no_inplace}', 'chi2sf', 'Chi2SF'),
    'clip': ('Elemwise{clip,no_inplace}', 'clip', 'Clip'),
    'complex': ('Elemwise{complex,no_inplace}', 'complex', 'Complex'),
    'complex_from_polar': ('Elemwise{complex_from_polar,no_inplace}', 'complex_from_polar', 'ComplexFromPolar'),
    'conj': ('Elemwise{conj,no_inplace}', 'conj', 'Conj'),
    'cos': ('Elemwise{cos,no_inplace}', 'cos', 'Cos'),
    'cosh': ('Elemwise{cosh,no_inplace}', 'cosh', 'Cosh'),
    'deg2rad': ('Elemwise{deg2rad,no_inplace}', 'deg2rad', 'Deg2Rad'),
    'eq': ('Elemwise{eq,no_inplace}', 'EQ', 'EQ'),
    'erf': ('Elemwise{erf,no_inplace}', 'erf', 'Erf'),
    'erfc': ('Elemwise{erfc,no_inplace}', 'erfc', 'Erfc'),
    'erfcinv': ('Elemwise{erfcinv,no_inplace}', 'erfcinv', 'Erfcinv'),
    'erfcx': ('Elemwise{erfcx,no_inplace}', 'erfcx', 'Erfcx'),
    'erfinv': ('Elemwise{erfinv,no_inplace}', 'erfinv', 'Erfinv'),
    'exp': ('Elemwise{exp,no_inplace}', 'exp', 'Exp'),
    'exp2': ('Elemwise{exp2,no_inplace}', 'exp2', 'Exp2'),
    'expm1': ('Elemwise{expm1,no_inplace}', 'expm1', 'Expm1'),
    'fill': ('Elemwise{second,no_inplace}', 'second', 'Second'),
    'floor': ('Elemwise{floor,no_inplace}', 'floor', 'Floor'),
    'floor_div': ('Elemwise{int_div,no_inplace}', 'int_div', 'IntDiv'),
    'gamma': ('Elemwise{gamma,no_inplace}', 'gamma', 'Gamma'),
    'gammainc': ('Elemwise{gammainc,no_inplace}', 'gammainc', 'GammaInc'),
    'gammaincc': ('Elemwise{gammaincc,no_inplace}', 'gammaincc', 'GammaIncC'),
    'gammal': ('Elemwise{gammal,no_inplace}', 'gammal', 'GammaL'),
    'gammaln': ('Elemwise{gammaln,no_inplace}', 'gammaln', 'GammaLn'),
    'gammau': ('Elemwise{gammau,no_inplace}', 'gammau', 'GammaU'),
    'ge': ('Elemwise{ge,no_inplace}', 'GE', 'GE'),
    'gt': ('Elemwise{gt,no_inplace}', 'GT', 'GT'),
    'i0': ('Elemwise{i0,no_inplace}', 'i0', 'I0'),
    'i1': ('Elemwise{i1,no_inplace}', 'i1', 'I1'),
    'imag': ('Elemwise{imag,no_inplace}', 'imag', 'Imag'),
    'int_div': ('Elemwise{int_div,no_inplace}', 'int_div', 'IntDiv'),
    'inv': ('Elemwise{inv,no_inplace}', 'inv', 'Inv'),
    'invert': ('Elemwise{invert,no_inplace}', 'Invert', 'Invert'),
    'isinf_': ('Elemwise{isinf,no_inplace}', 'IsInf', 'IsInf'),
    'isnan_': ('Elemwise{isnan,no_inplace}', 'IsNan', 'IsNan'),
    'iv': ('Elemwise{iv,no_inplace}', 'iv', 'Iv'),
    'j0': ('Elemwise{j0,no_inplace}', 'j0', 'J0'),
    'j1': ('Elemwise{j1,no_inplace}', 'j1', 'J1'),
    'jv': ('Elemwise{jv,no_inplace}', 'jv', 'Jv'),
    'le': ('Elemwise{le,no_inplace}', 'LE', 'LE'),
    'log': ('Elemwise{log,no_inplace}', 'log', 'Log'),
    'log10': ('Elemwise{log10,no_inplace}', 'log10', 'Log10'),
    'log1p': ('Elemwise{log1p,no_inplace}', 'log1p', 'Log1p'),
    'log2': ('Elemwise{log2,no_inplace}', 'log2', 'Log2'),
    'lt': ('Elemwise{lt,no_inplace}', 'LT', 'LT'),
    'maximum': ('Elemwise{maximum,no_inplace}', 'maximum', 'Maximum'),
    'minimum': ('Elemwise{minimum,no_inplace}', 'minimum', 'Minimum'),
    'mod': ('Elemwise{mod,no_inplace}', 'mod', 'Mod'),
    'mul': ('Elemwise{mul,no_inplace}', 'mul', 'Mul'),
    'neg': ('Elemwise{neg,no_inplace}', 'neg', 'Neg'),
    'neq': ('Elemwise{neq,no_inplace}', 'NEQ', 'NEQ'),
    'or_': ('Elemwise{or_,no_inplace}', 'OR', 'OR'),
    'pow': ('Elemwise{pow,no_inplace}', 'pow', 'Pow'),
    'psi': ('Elemwise{psi,no_inplace}', 'psi', 'Psi'),
    'rad2deg': ('Elemwise{rad2deg,no_inplace}', 'rad2deg', 'Rad2Deg'),
    'real': ('Elemwise{real,no_inplace}', 'real', 'Real'),
    'round_half_away_from_zero': ('Elemwise{round_half_away_from_zero,no_inplace}', 'RoundHalfAwayFromZero', 'RoundHalfAwayFromZero'),
    'round_half_to_even': ('Elemwise{round_half_to_even,no_inplace}', 'RoundHalfToEven', 'RoundHalfToEven'),
    'second': ('Elemwise{second,no_inplace}', 'second', 'Second'),
    'sgn': ('Elemwise{sgn,no_inplace}', 'sgn', 'Sgn'),
    'sin': ('Elemwise{sin,no_inplace}', 'sin', 'Sin'),
    'sinh': ('Elemwise{sinh,no_inplace}', 'sinh', 'Sinh'),
    'sqr': ('Elemwise{sqr,no_inplace}', 'sqr', 'Sqr'),
    'sqrt': ('Elemwise{sqrt,no_inplace}', 'sqrt', 'Sqrt'),
    'square': ('Elemwise{sqr,no_inplace}', 'sqr', 'Sqr'),
    'sub': ('Elemwise{sub,no_inplace}', 'sub', 'Sub'),
    'switch': ('Elemwise{switch,no_inplace}', 'Switch', 'Switch'),
    'tan': ('Elemwise{tan,no_inplace}', 'tan', 'Tan'),
    'tanh': ('Elemwise{tanh,no_inplace}', 'tanh', 'Tanh'),
    'tensor_copy': ('Elemwise{identity}', 'identity', 'Identity'),
    'tri_gamma': ('Elemwise{tri_gamma,no_inplace}', 'tri_gamma', 'TriGamma'),
    'true_div': ('Elemwise{true_div,no_inplace}', 'true_div', 'TrueDiv'),
    'trunc': ('Elemwise{trunc,no_inplace}', 'trunc', 'Trunc'),
    'where': ('Elemwise{switch,no_inplace}', 'Switch', 'Switch'),
    'xor': ('Elemwise{xor,no_inplace}', 'XOR', 'XOR'),
    'nnet.sigmoid': ('sigmoid', 'scalar_sigmoid', 'ScalarSigmoid'),
    'nnet.softplus': ('softplus', 'scalar_softplus', 'ScalarSoftplus'),
    'nnet.ultra_fast_sigmoid': ('ultra_fast_sigmoid', 'ultra_fast_scalar_sigmoid', 'UltraFastScalarSigmoid'),
}

# GRAD_GRAPHS: [structure(g) for g in the gradients of GRAD_CASES], computed by Theano 1.0.5 with the
# structure() helper and GRAD_CASES below (x, y, z = T.dscalars('x', 'y', 'z')).
GRAD_GRAPHS = {
    'pow': ['Elemwise{mul}(Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{pow,no_inplace}(x, y), float64:1.0), y), Elemwise{pow}(x, Elemwise{sub}(y, int8:1)))', 'Elemwise{Switch}(Elemwise{EQ}(x, int8:0), int8:0, Elemwise{mul}(Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{pow,no_inplace}(x, y), float64:1.0), Elemwise{log}(x)), Elemwise{pow}(x, y)))'],
    'exp_sin': ['Elemwise{add,no_inplace}(Elemwise{mul}(Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{mul,no_inplace}(Elemwise{exp,no_inplace}(x), Elemwise{sin,no_inplace}(x)), float64:1.0), Elemwise{exp,no_inplace}(x)), Elemwise{cos}(x)), Elemwise{mul}(Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{mul,no_inplace}(Elemwise{exp,no_inplace}(x), Elemwise{sin,no_inplace}(x)), float64:1.0), Elemwise{sin,no_inplace}(x)), Elemwise{exp}(x)))'],
    'true_div': ['Elemwise{true_div}(Elemwise{second,no_inplace}(Elemwise{true_div,no_inplace}(x, y), float64:1.0), y)', 'Elemwise{true_div}(Elemwise{neg}(Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{true_div,no_inplace}(x, y), float64:1.0), x)), Elemwise{mul}(y, y))'],
    'maximum': ['Elemwise{mul}(Elemwise{EQ}(Elemwise{maximum,no_inplace}(x, y), x), Elemwise{second,no_inplace}(Elemwise{maximum,no_inplace}(x, y), float64:1.0))', 'Elemwise{mul}(Elemwise{sub}(float64:1.0, Elemwise{EQ}(Elemwise{maximum,no_inplace}(x, y), x)), Elemwise{second,no_inplace}(Elemwise{maximum,no_inplace}(x, y), float64:1.0))'],
    'abs': ['Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{abs_,no_inplace}(x), float64:1.0), Elemwise{sgn}(x))'],
    'arctan2': ['Elemwise{true_div}(Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{arctan2,no_inplace}(x, y), float64:1.0), y), Elemwise{add}(Elemwise{sqr}(y), Elemwise{sqr}(x)))', 'Elemwise{true_div}(Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{arctan2,no_inplace}(x, y), float64:1.0), Elemwise{neg}(x)), Elemwise{add}(Elemwise{sqr}(y), Elemwise{sqr}(x)))'],
    'erf': ['Elemwise{mul}(Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{erf,no_inplace}(x), float64:1.0), float64:1.128379167096), Elemwise{exp}(Elemwise{mul}(Elemwise{neg}(x), x)))'],
    'clip': ['Elemwise{mul}(Elemwise{AND}(Elemwise{GE}(x, y), Elemwise{LE}(x, z)), Elemwise{second,no_inplace}(Elemwise{clip,no_inplace}(x, y, z), float64:1.0))', 'Elemwise{mul}(Elemwise{LT}(x, y), Elemwise{second,no_inplace}(Elemwise{clip,no_inplace}(x, y, z), float64:1.0))', 'Elemwise{mul}(Elemwise{GT}(x, z), Elemwise{second,no_inplace}(Elemwise{clip,no_inplace}(x, y, z), float64:1.0))'],
    'switch': ['Elemwise{add,no_inplace}(Elemwise{mul}(Elemwise{Switch}(Elemwise{lt,no_inplace}(x, y), Elemwise{second,no_inplace}(Elemwise{switch,no_inplace}(Elemwise{lt,no_inplace}(x, y), Elemwise{mul,no_inplace}(x, y), z), float64:1.0), float32:0.0), y), Elemwise{second,no_inplace}(x, float64:0.0))', 'Elemwise{add,no_inplace}(Elemwise{mul}(Elemwise{Switch}(Elemwise{lt,no_inplace}(x, y), Elemwise{second,no_inplace}(Elemwise{switch,no_inplace}(Elemwise{lt,no_inplace}(x, y), Elemwise{mul,no_inplace}(x, y), z), float64:1.0), float32:0.0), x), Elemwise{second,no_inplace}(y, float64:0.0))', 'Elemwise{Switch}(Elemwise{lt,no_inplace}(x, y), float32:0.0, Elemwise{second,no_inplace}(Elemwise{switch,no_inplace}(Elemwise{lt,no_inplace}(x, y), Elemwise{mul,no_inplace}(x, y), z), float64:1.0))'],
    'sigmoid': ['Elemwise{mul}(Elemwise{mul}(Elemwise{second,no_inplace}(sigmoid(x), float64:1.0), Elemwise{scalar_sigmoid}(x)), Elemwise{sub}(float32:1.0, Elemwise{scalar_sigmoid}(x)))'],
    'softplus': ['Elemwise{mul}(Elemwise{second,no_inplace}(softplus(x), float64:1.0), Elemwise{scalar_sigmoid}(x))'],
    'log2': ['Elemwise{true_div}(Elemwise{second,no_inplace}(Elemwise{log2,no_inplace}(x), float64:1.0), Elemwise{mul}(x, float64:0.69314718056))'],
    'sqrt_tanh': ['Elemwise{mul}(Elemwise{true_div}(Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{sqrt,no_inplace}(Elemwise{tanh,no_inplace}(x)), float64:1.0), float32:0.5), Elemwise{sqrt}(Elemwise{tanh,no_inplace}(x))), Elemwise{sub}(int8:1, Elemwise{sqr}(Elemwise{tanh}(x))))'],
    'arccos': ['Elemwise{true_div}(Elemwise{neg}(Elemwise{second,no_inplace}(Elemwise{arccos,no_inplace}(x), float64:1.0)), Elemwise{sqrt}(Elemwise{sub}(float32:1.0, Elemwise{sqr}(x))))'],
    'mod': ['Elemwise{second,no_inplace}(Elemwise{mod,no_inplace}(x, y), float64:1.0)', 'Elemwise{mul}(Elemwise{neg}(Elemwise{int_div}(x, y)), Elemwise{second,no_inplace}(Elemwise{mod,no_inplace}(x, y), float64:1.0))'],
    'exp2_arctanh': ['Elemwise{mul}(Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{add,no_inplace}(Elemwise{arctanh,no_inplace}(y), Elemwise{exp2,no_inplace}(x)), float64:1.0), Elemwise{exp2}(x)), Elemwise{log}(float64:2.0))', 'Elemwise{true_div}(Elemwise{second,no_inplace}(Elemwise{add,no_inplace}(Elemwise{arctanh,no_inplace}(y), Elemwise{exp2,no_inplace}(x)), float64:1.0), Elemwise{sub}(float32:1.0, Elemwise{sqr}(y)))'],
    'deg2rad_log10': ['Elemwise{mul}(Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{mul,no_inplace}(Elemwise{deg2rad,no_inplace}(x), Elemwise{log10,no_inplace}(y)), float64:1.0), Elemwise{log10,no_inplace}(y)), float64:0.01745329252)', 'Elemwise{true_div}(Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{mul,no_inplace}(Elemwise{deg2rad,no_inplace}(x), Elemwise{log10,no_inplace}(y)), float64:1.0), Elemwise{deg2rad,no_inplace}(x)), Elemwise{mul}(y, float64:2.302585092994))'],
    'inv_sqr_neg': ['Elemwise{true_div}(Elemwise{neg}(Elemwise{second,no_inplace}(Elemwise{sub,no_inplace}(Elemwise{add,no_inplace}(Elemwise{inv,no_inplace}(x), Elemwise{sqr,no_inplace}(y)), z), float64:1.0)), Elemwise{mul}(x, x))', 'Elemwise{mul}(Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{sub,no_inplace}(Elemwise{add,no_inplace}(Elemwise{inv,no_inplace}(x), Elemwise{sqr,no_inplace}(y)), z), float64:1.0), y), int8:2)', 'Elemwise{neg}(Elemwise{second,no_inplace}(Elemwise{sub,no_inplace}(Elemwise{add,no_inplace}(Elemwise{inv,no_inplace}(x), Elemwise{sqr,no_inplace}(y)), z), float64:1.0))'],
    'gamma_psi': ['Elemwise{mul}(Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{add,no_inplace}(Elemwise{gamma,no_inplace}(x), Elemwise{psi,no_inplace}(y)), float64:1.0), Elemwise{gamma}(x)), Elemwise{psi}(x))', 'Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{add,no_inplace}(Elemwise{gamma,no_inplace}(x), Elemwise{psi,no_inplace}(y)), float64:1.0), Elemwise{tri_gamma}(y))'],
    'erfinv_erfcx': ['Elemwise{mul}(Elemwise{mul}(Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{mul,no_inplace}(Elemwise{erfinv,no_inplace}(x), Elemwise{erfcx,no_inplace}(y)), float64:1.0), Elemwise{erfcx,no_inplace}(y)), float64:0.886226925453), Elemwise{exp}(Elemwise{pow}(Elemwise{erfinv}(x), int8:2)))', 'Elemwise{mul}(Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{mul,no_inplace}(Elemwise{erfinv,no_inplace}(x), Elemwise{erfcx,no_inplace}(y)), float64:1.0), Elemwise{erfinv,no_inplace}(x)), Elemwise{add}(float64:-1.128379167096, Elemwise{mul}(Elemwise{mul}(float32:2.0, y), Elemwise{erfcx}(y))))'],
    'cmp': ['Elemwise{add,no_inplace}(Elemwise{mul}(Elemwise{second,no_inplace}(Elemwise{mul,no_inplace}(Elemwise{lt,no_inplace}(x, y), x), float64:1.0), Elemwise{lt,no_inplace}(x, y)), Elemwise{second,no_inplace}(x, float64:0.0))', 'Elemwise{second,no_inplace}(y, float64:0.0)'],
}


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


@pytest.fixture(scope="module")
def forward():
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


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_op_row(name, forward):
    """Compiled value vs numpy/scipy, host (numpy) implementation vs the same, printed name, output dtype."""
    c = CASE_BY_NAME[name]
    built, results, *_ = forward
    vs, arrays, out = built[name]
    got = results[name]
    with np.errstate(all="ignore"):
        expected = np.asarray(c.reference(*arrays))
    assert got.dtype == np.dtype(out.dtype)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=c.rtol, atol=1e-12, equal_nan=True)
    if c.printed is not None:
        assert str(out.owner.op) == c.printed
    node = out.owner
    if isinstance(node.op, Elemwise) and list(node.inputs) == vs:
        host = node.op.host_impl(node, *arrays)
        assert host.dtype == np.dtype(out.dtype)
        np.testing.assert_allclose(host, expected, rtol=max(c.rtol, 1e-9), atol=1e-12, equal_nan=True)


# ---- gradients ----------------------------------------------------------------------------------------

H = 1e-6


@pytest.fixture(scope="module")
def gradients(forward):
    """The vector-Jacobian product of every differentiable case (one T.grad, one compiled function)."""
    built, results, fn, inputs, values = forward
    known, wrt, keys = {}, [], []
    for c in CASES:
        if c.grad is None:
            continue
        vs, arrays, out = built[c.name]
        gz = RNG.uniform(0.5, 1.5, N)
        known[out] = T.constant(gz)
        positions = c.wrt if c.wrt is not None else [k for k, a in enumerate(arrays) if a.dtype.kind == "f"]
        for k in positions:
            wrt.append(vs[k])
            keys.append((c.name, k, gz))
    grads = T.grad(None, wrt, known_grads=known)
    gfn = theano.function(inputs, grads, on_unused_input="ignore")
    return dict(((name, k), (gz, g)) for (name, k, gz), g in zip(keys, gfn(*values)))


def _shifted(built: dict, values: list, inputs: list, slot_of: dict, slot: int, step: float) -> list:
    out = list(values)
    for i, v in enumerate(inputs):
        if slot_of.get(v) == slot and out[i].dtype.kind == "f":
            out[i] = out[i] + step
    return out


@pytest.fixture(scope="module")
def finite_differences(forward):
    """Central differences of every case's output with respect to each input slot (elementwise ops: the
    Jacobian is diagonal, so shifting a whole input vector gives every diagonal entry at once)."""
    built, results, fn, inputs, values = forward
    slot_of = {v: k for vs, _, _ in built.values() for k, v in enumerate(vs)}
    fd = {}
    for slot in range(3):
        plus = dict(zip([c.name for c in CASES], fn(*_shifted(built, values, inputs, slot_of, slot, H))))
        minus = dict(zip([c.name for c in CASES], fn(*_shifted(built, values, inputs, slot_of, slot, -H))))
        for c in CASES:
            if slot < len(c.domains) and c.grad is not None:
                fd[(c.name, slot)] = (plus[c.name].astype("float64") - minus[c.name].astype("float64")) / (2 * H)
    return fd


@pytest.mark.parametrize("name", [c.name for c in CASES if c.grad is not None])
def test_op_gradient(name, gradients, finite_differences):
    """Symbolic gradient (a vector-Jacobian product) against finite differences; zero where Theano's is zero."""
    c = CASE_BY_NAME[name]
    checked = [key for key in gradients if key[0] == name]
    assert checked
    for key in checked:
        gz, g = gradients[key]
        if c.grad == "zero":
            assert not np.any(g), (key, g)
        else:
            np.testing.assert_allclose(g, gz * finite_differences[key], rtol=1e-4, atol=1e-6, err_msg=str(key))


def test_non_differentiable_ops_say_so():
    """tri_gamma has no gradient in Theano (grad raises); jv's gradient wrt its order is not implemented."""
    x = T.dvector("x")
    with pytest.raises(Exception, match="tri_gamma|not implemented|NaN"):
        T.grad(None, x, known_grads={T.tri_gamma(x): T.ones_like(x)})
    v = T.dvector("v")
    with pytest.raises(Exception, match="jv|not implemented|NaN"):
        T.grad(None, v, known_grads={T.jv(v, x): T.ones_like(x)})


def test_integer_inputs_get_zero_float_gradients():
    i = T.ivector("i")
    x = T.dvector("x")
    g = T.grad(None, i, known_grads={T.maximum(i, 2): T.ones_like(x)})
    assert g.dtype == theano.config.floatX
    assert not np.any(theano.function([i], g)(np.array([1, 3], dtype="int32")))


# ---- printed names (Theano 1.0.5) -------------------------------------------------------------------------

def _resolve(name: str) -> Any:
    return nnet[name[5:]] if name.startswith("nnet.") else getattr(T, name)


@pytest.mark.parametrize("name", sorted(PRINTED))
def test_printed_names_match_theano(name):
    """T.<name>: the tensor op's str, its scalar op's str and class name, as Theano 1.0.5 prints them."""
    op = _resolve(name)
    assert (str(op), str(op.scalar_op), type(op.scalar_op).__name__) == PRINTED[name]


def test_scalar_facade_names():
    import theano.scalar as scal

    assert str(scal.add) == "add" and str(scal.abs_) == "Abs" and str(scal.eq) == "EQ"
    assert isinstance(scal.true_div, scal.TrueDiv) and scal.floor_div is scal.int_div
    assert scal.upgrade_to_float(scal.int8)[0].dtype == "float32"
    assert scal.upcast("int8", "uint8") == "int16" and scal.float64.dtype == "float64"
    assert [t.dtype for t in scal.upcast_out(scal.int32, scal.float32)] == ["float64"]


# ---- gradient graphs have Theano's structure -------------------------------------------------------------

def structure(v: Any) -> str:
    """A graph as nested text: op(inputs...), constants as dtype:value (12 decimals), inputs by name; the arguments of
    Elemwise{add,no_inplace} (gradient sums) are sorted, 0-d constant DimShuffles are looked through."""
    if v.owner is None:
        if isinstance(v, theano.Constant):
            data = np.asarray(v.data)
            if data.dtype.kind == "f":  # numpy versions differ in the last ulp of np.log(10.0)
                data = np.round(data.astype("float64"), 12)
            return "%s:%s" % (v.dtype, data.tolist())
        return v.name
    op = str(v.owner.op)
    args = [structure(i) for i in v.owner.inputs]
    if op in ("InplaceDimShuffle{}", "DimShuffle{}"):
        return args[0]
    if op == "Elemwise{add,no_inplace}":
        args.sort()
    return "%s(%s)" % (op, ", ".join(args))


x, y, z = T.dscalars("x", "y", "z")
GRAD_CASES = {
    "pow": lambda: T.grad(x ** y, [x, y]),
    "exp_sin": lambda: T.grad(T.exp(x) * T.sin(x), x),
    "true_div": lambda: T.grad(x / y, [x, y]),
    "maximum": lambda: T.grad(T.maximum(x, y), [x, y]),
    "abs": lambda: T.grad(abs(x), x),
    "arctan2": lambda: T.grad(T.arctan2(x, y), [x, y]),
    "erf": lambda: T.grad(T.erf(x), x),
    "clip": lambda: T.grad(T.clip(x, y, z), [x, y, z]),
    "switch": lambda: T.grad(T.switch(T.lt(x, y), x * y, z), [x, y, z]),
    "sigmoid": lambda: T.grad(nnet["sigmoid"](x), x),
    "softplus": lambda: T.grad(nnet["softplus"](x), x),
    "log2": lambda: T.grad(T.log2(x), x),
    "sqrt_tanh": lambda: T.grad(T.sqrt(T.tanh(x)), x),
    "arccos": lambda: T.grad(T.arccos(x), x),
    "mod": lambda: T.grad(x % y, [x, y]),
    "exp2_arctanh": lambda: T.grad(T.exp2(x) + T.arctanh(y), [x, y]),
    "deg2rad_log10": lambda: T.grad(T.deg2rad(x) * T.log10(y), [x, y]),
    "inv_sqr_neg": lambda: T.grad(T.inv(x) + T.sqr(y) - z, [x, y, z]),
    "gamma_psi": lambda: T.grad(T.gamma(x) + T.psi(y), [x, y]),
    "erfinv_erfcx": lambda: T.grad(T.erfinv(x) * T.erfcx(y), [x, y]),
    "cmp": lambda: T.grad(T.lt(x, y) * x, [x, y]),
}


@pytest.mark.parametrize("name", list(GRAD_CASES))
def test_gradient_graph_structure_matches_theano(name):
    g = GRAD_CASES[name]()
    g = g if isinstance(g, list) else [g]
    assert [structure(v) for v in g] == GRAD_GRAPHS[name]


# ---- broadcasting and shape errors -------------------------------------------------------------------------

def test_mismatched_vector_lengths_raise_theanos_error():
    a, b = T.dvector("a"), T.dvector("b")
    f = theano.function([a, b], a + b)
    with pytest.raises(ValueError, match=r"Input dimension mis-match. \(input\[0\].shape\[0\] = 2, "
                                         r"input\[1\].shape\[0\] = 3\)"):
        f(np.ones(2), np.ones(3))


def test_row_plus_col_broadcasts_and_its_gradient_sums():
    r, c = T.drow("r"), T.dcol("c")
    out = r + c * 2.0
    assert out.broadcastable == (False, False)
    gz = T.dmatrix("gz")
    gr, gc = T.grad(None, [r, c], known_grads={out: gz})
    assert gr.broadcastable == (True, False) and gc.broadcastable == (False, True)
    f = theano.function([r, c, gz], [out, gr, gc])
    rv, cv = np.arange(3.0).reshape(1, 3), np.arange(2.0).reshape(2, 1)
    gzv = RNG.uniform(size=(2, 3))
    o, g_r, g_c = f(rv, cv, gzv)
    np.testing.assert_allclose(o, rv + 2 * cv)
    np.testing.assert_allclose(g_r, gzv.sum(axis=0, keepdims=True))
    np.testing.assert_allclose(g_c, 2 * gzv.sum(axis=1, keepdims=True))


# ---- the table is complete and every row lowers -------------------------------------------------------------

def test_every_row_has_a_test_and_a_jax_lowering():
    from theano.lowering.rules.elemwise import jax_function

    tested = {c.name for c in CASES} | {"second", "identity"}
    names = {row.name for row in table.ROWS}
    assert names - tested - {"identity"} == set()
    missing = [row.name for row in table.ROWS if jax_function(table.SCALAR_OPS[row.name]) is None]
    assert missing == []


def test_host_implementations_of_special_functions_match_scipy():
    """The host side (constant folding, shape programs) of the special functions, composed ones included,
    over wide domains: scipy as the reference."""
    S = {name: table.SCALAR_OPS[name].impl for name in table.SCALAR_OPS}
    x = np.concatenate([np.linspace(-6, 6, 61), [-30.0, 30.0, 0.0, 1e-5, 50.0]])
    u = np.concatenate([np.linspace(-0.999999, 0.999999, 41), [1 - 1e-12, -1 + 1e-15]])
    e = np.concatenate([np.linspace(1e-6, 2 - 1e-6, 41), [1e-10, 1e-100, 1e-300]])
    g = np.concatenate([np.linspace(-5.25, 30.25, 72), [0.001, 170.5, 1e-8]])
    pairs = [(S["erf"](x), sp.erf(x)), (S["erfc"](x), sp.erfc(x)), (S["erfcx"](x), sp.erfcx(x)),
             (S["erfinv"](u), sp.erfinv(u)), (S["erfcinv"](e), sp.erfcinv(e)), (S["gamma"](g), sp.gamma(g)),
             (S["gammaln"](g), sp.gammaln(g)), (S["psi"](g), sp.psi(g)), (S["tri_gamma"](g), sp.polygamma(1, g))]
    a, b = np.meshgrid([0.5, 1.0, 2.5, 10.0, 30.0], [0.1, 1.0, 3.0, 10.0, 50.0])
    pairs += [(S["gammainc"](a, b), sp.gammainc(a, b)), (S["gammaincc"](a, b), sp.gammaincc(a, b)),
              (S["chi2sf"](b, a), sp.chdtrc(a, b)), (S["gammau"](a, b), sp.gammaincc(a, b) * sp.gamma(a)),
              (S["gammal"](a, b), sp.gammainc(a, b) * sp.gamma(a))]
    v, w = np.meshgrid([0.0, 1.0, 2.0, 0.5, -0.5, 2.5, -3.0], [0.1, 1.0, 5.0, 10.0, 12.0, 20.0, 30.0, 60.0])
    pairs += [(S["jv"](v, w), sp.jv(v, w)), (S["iv"](v, w), sp.iv(v, w)), (S["i1"](w), sp.i1(w)),
              (S["jv"](2.0, -3.0), sp.jv(2.0, -3.0))]
    for k, (got, want) in enumerate(pairs):
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-14, err_msg=str(k))


def test_tensor_level_helpers():
    """isnan/isinf of integers are constant False (Theano: Alloc), allclose, ceil_intdiv, div_proxy."""
    i = T.ivector("i")
    x, y = T.dvectors("x", "y")
    assert str(T.isnan(i).owner.op) == "Alloc" and T.isnan(i).dtype == "bool"
    assert str(T.isinf(i).owner.op) == "Alloc"
    f = theano.function([i, x, y], [T.isnan(i), T.isinf(i), T.allclose(x, y), T.allclose(x, y + 1e-3),
                                    T.ceil_intdiv(i, 2), T.div_proxy(i, 2)])
    nan_i, inf_i, close, far, cdiv, div = f(np.array([3, 4, -3], "int32"), np.array([1.0, np.inf, 2.0]),
                                            np.array([1.0, np.inf, 2.0]))
    assert not nan_i.any() and not inf_i.any() and close and not far
    assert list(cdiv) == [2, 2, -1] and np.allclose(div, [1.5, 2.0, -1.5])
    theano.config.int_division = "int"
    assert T.div_proxy(i, 2).owner.op is T.int_div
    theano.config.int_division = "raise"
    with pytest.raises(table.IntegerDivisionError):
        T.div_proxy(i, 2)


def test_user_scalar_op_runs_through_a_host_callback():
    """A Theano-style ScalarOp with only a per-element `impl` (no JAX name) still compiles and runs."""
    import theano.scalar as scal

    class Cube(scal.UnaryScalarOp):
        def impl(self, v):
            return v ** 3

    op = Elemwise(Cube(scal.upgrade_to_float, name="cube"))
    b = T.bvector("b")
    out = op(b)
    assert out.dtype == "float32" and str(out.owner.op) == "Elemwise{cube}"
    l = T.lvector("l")
    f = theano.function([b, l], [out, Elemwise(Cube(scal.same_out, name="cube"))(l)])
    r8, r64 = f(np.array([1, -2], "int8"), np.array([2 ** 20, 3], "int64"))
    assert r8.dtype == np.float32 and list(r8) == [1.0, -8.0]
    assert r64.dtype == np.int64 and list(r64) == [2 ** 60, 27]

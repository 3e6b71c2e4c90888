"""Printed names of the elementwise ops and the structure of their gradient graphs, against golden data
from Theano 1.0.5 (generators in comments)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import theano
import theano.tensor as T
from elemwise_cases import nnet

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

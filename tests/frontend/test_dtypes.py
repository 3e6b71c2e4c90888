"""Result dtypes of the elementwise ops for pairs of input dtypes, checked against Theano 1.0.5.

The golden tables (dtype_tables.json beside this file) were generated ONCE with the real Theano 1.0.5
(numpy 1.23) by the script in the comment below, for (floatX, cast_policy) in (float64, custom),
(float32, custom), (float32, numpy+floatX); the float32 tables are stored as the rows that differ from the
float64 ones. Row strings list the result dtype for each second operand of SECOND ("!": Theano raises
TypeError).
"""
# Generator (run with Theano 1.0.5's python; prints the tables and constant dtypes, which
# dtype_tables.json holds under the names BINARY_F64, UNARY_F64 and CONSTANTS_F64 for (float64, custom),
# BINARY_F32_CHANGES and CONSTANTS_F32 for (float32, custom), BINARY_F32_NUMPY_CHANGES and
# CONSTANTS_F32_NUMPY for (float32, numpy+floatX); the BINARY_F32 tables keep only the rows that differ):
#   # Generates the golden dtype tables of tests/frontend/dtype_tables.json from Theano 1.0.5.
#   import warnings; warnings.filterwarnings("ignore")
#   import sys
#   import numpy as np
#   import theano, theano.tensor as T
#
#   DT = ["bool", "int8", "int16", "int32", "int64", "uint8", "float32", "float64"]
#   PY = {"py2": 2, "py300": 300, "py2.0": 2.0, "py0.1": 0.1, "pyTrue": True}
#   SECOND = DT + list(PY)
#   SHORT = {"bool": "b", "int8": "i8", "int16": "i16", "int32": "i32", "int64": "i64", "uint8": "u8", "uint16": "u16",
#            "float16": "f16", "float32": "f32", "float64": "f64", "complex64": "c64", "complex128": "c128"}
#   BIN = {
#       "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b, "true_div": lambda a, b: a / b,
#       "int_div": lambda a, b: a // b, "mod": lambda a, b: a % b, "pow": lambda a, b: a ** b,
#       "lt": lambda a, b: a < b, "ge": lambda a, b: a >= b, "eq": T.eq, "neq": T.neq,
#       "maximum": T.maximum, "minimum": T.minimum, "and_": T.and_, "xor": T.xor, "arctan2": T.arctan2,
#   }
#   UN = ["neg", "abs_", "sgn", "inv", "sqr", "sqrt", "exp", "exp2", "expm1", "log", "log1p", "floor", "ceil", "trunc",
#         "round_half_to_even", "round_half_away_from_zero", "sin", "arccos", "tanh", "deg2rad", "erf", "erfc", "erfinv",
#         "gamma", "gammaln", "psi", "isnan_", "isinf_", "invert", "conj", "real", "imag", "angle"]
#   UDT = DT + ["complex64", "complex128"]
#
#
#   def res(fn):
#       try:
#           return SHORT[fn().dtype]
#       except Exception:
#           return "!"
#
#
#   def tables():
#       out = {}
#       for name, fn in BIN.items():
#           out[name] = {d1: " ".join(res(lambda: fn(T.vector(dtype=d1), PY[d2] if d2 in PY else T.vector(dtype=d2)))
#                                     for d2 in SECOND) for d1 in DT}
#       out["unary"] = {name: " ".join(res(lambda: getattr(T, name)(T.vector(dtype=d))) for d in UDT) for name in UN}
#       return out
#
#
#   CONSTS = ["2", "-1", "127", "128", "300", "70000", "2**40", "2.0", "0.1", "1e100", "[1, 2]", "[1.0, 2.0]",
#             "np.float32(1)", "np.int16(3)", "True"]
#   for floatX, policy in [("float64", "custom"), ("float32", "custom"), ("float32", "numpy+floatX")]:
#       theano.config.floatX = floatX
#       theano.config.cast_policy = policy
#       print("#", floatX, policy)
#       print(repr(tables()))
#       print(repr({c: SHORT[T.constant(eval(c)).dtype] for c in CONSTS}))

import json
import os

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend.config import config

DT = ["bool", "int8", "int16", "int32", "int64", "uint8", "float32", "float64"]
PY = {"py2": 2, "py300": 300, "py2.0": 2.0, "py0.1": 0.1, "pyTrue": True}
SECOND = DT + list(PY)
LONG = {"b": "bool", "i8": "int8", "i16": "int16", "i32": "int32", "i64": "int64", "u8": "uint8", "u16": "uint16",
        "f16": "float16", "f32": "float32", "f64": "float64", "c64": "complex64", "c128": "complex128", "!": "!"}
BIN = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b, "true_div": lambda a, b: a / b,
    "int_div": lambda a, b: a // b, "mod": lambda a, b: a % b, "pow": lambda a, b: a ** b,
    "lt": lambda a, b: a < b, "ge": lambda a, b: a >= b, "eq": T.eq, "neq": T.neq,
    "maximum": T.maximum, "minimum": T.minimum, "and_": T.and_, "xor": T.xor, "arctan2": T.arctan2,
}
UDT = DT + ["complex64", "complex128"]
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "dtype_tables.json")) as _f:
    GOLDEN = json.load(_f)
BINARY_F64, UNARY_F64 = GOLDEN["BINARY_F64"], GOLDEN["UNARY_F64"]
CONFIGS = {
    "float64-custom": ("float64", "custom", {}, "CONSTANTS_F64"),
    "float32-custom": ("float32", "custom", "BINARY_F32_CHANGES", "CONSTANTS_F32"),
    "float32-numpy+floatX": ("float32", "numpy+floatX", "BINARY_F32_NUMPY_CHANGES", "CONSTANTS_F32_NUMPY"),
}


def expected_table(config_name: str) -> dict:
    changes = CONFIGS[config_name][2]
    changes = GOLDEN[changes] if changes else {}
    return {op: {d1: changes.get(op, {}).get(d1, row) for d1, row in rows.items()} for op, rows in BINARY_F64.items()}


def result_dtype(fn, *args) -> str:
    try:
        return fn(*args).dtype
    except TypeError:  # Theano raises TypeError (or its subclass AsTensorError) for unsupported dtypes
        return "!"


def set_flags(config_name: str) -> None:
    floatX, policy = CONFIGS[config_name][:2]
    theano.config.floatX = floatX
    theano.config.cast_policy = policy


@pytest.mark.parametrize("config_name", list(CONFIGS))
@pytest.mark.parametrize("op", list(BIN))
def test_binary_result_dtypes(op, config_name):
    set_flags(config_name)
    table = expected_table(config_name)[op]
    wrong = {}
    for d1 in DT:
        x = T.vector(dtype=d1)
        expected = [LONG[s] for s in table[d1].split()]
        for d2, exp in zip(SECOND, expected):
            y = PY[d2] if d2 in PY else T.vector(dtype=d2)
            got = result_dtype(BIN[op], x, y)
            if got != exp:
                wrong[(d1, d2)] = (got, exp)
    assert not wrong, f"{op}: (got, expected) for {wrong}"


def test_unary_result_dtypes():
    wrong = {}
    for op, row in UNARY_F64.items():
        for d, exp in zip(UDT, row.split()):
            got = result_dtype(getattr(T, op), T.vector(dtype=d))
            if got != LONG[exp]:
                wrong[(op, d)] = (got, LONG[exp])
    assert not wrong, f"(got, expected) for {wrong}"


@pytest.mark.filterwarnings("ignore:overflow encountered")  # 1e100 as float32 overflows, in Theano too
@pytest.mark.parametrize("config_name", list(CONFIGS))
def test_constant_dtypes(config_name):
    set_flags(config_name)
    table = GOLDEN[CONFIGS[config_name][3]]
    got = {src: T.constant(eval(src)).dtype for src in table}
    assert got == {src: LONG[s] for src, s in table.items()}


def test_constant_dtypes_named_in_brief():
    assert [T.constant(v).dtype for v in (2, 300, 2.0, [1, 2])] == ["int8", "int16", "float32", "int64"]


# ---- values: every (op, dtype pair) of the tables computed by one compiled function, against numpy ------

A_VALUES = {"bool": [True, False, True], "float32": [0.5, 1.5, 3.0], "float64": [0.5, 1.5, 3.0]}
B_VALUES = {"bool": [True, True, True], "float32": [2.5, 1.0, 0.5], "float64": [2.5, 1.0, 0.5]}
NUMPY = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "true_div": np.true_divide,
         "int_div": np.floor_divide, "mod": np.mod, "pow": np.power, "lt": np.less, "ge": np.greater_equal,
         "eq": np.equal, "neq": np.not_equal, "maximum": np.maximum, "minimum": np.minimum,
         "and_": np.bitwise_and, "xor": np.bitwise_xor, "arctan2": np.arctan2}


def _value(table: dict, dtype: str) -> np.ndarray:
    return np.asarray(table.get(dtype, [1, 2, 3] if table is A_VALUES else [2, 1, 3]), dtype=dtype)


def _numpy_reference(op: str, a: np.ndarray, b, out_dtype: str) -> np.ndarray:
    """numpy's op computed in the result dtype (integers) or in float64 (floats, comparisons), then cast."""
    b = np.asarray(b)
    if out_dtype in T.discrete_dtypes and out_dtype != "bool" and op != "true_div":
        return NUMPY[op](a.astype(out_dtype), b.astype(out_dtype))
    if op in ("and_", "xor"):
        return NUMPY[op](a, b)
    return NUMPY[op](a.astype("float64"), b.astype("float64")).astype(out_dtype)


def _cases(pair_filter) -> tuple[dict, dict, list, list]:
    xs = {d: T.vector("x_" + d, dtype=d) for d in DT}
    ys = {d: T.vector("y_" + d, dtype=d) for d in DT}
    cases, outputs = [], []
    for k, (op, fn) in enumerate(BIN.items()):
        for i, d1 in enumerate(DT):
            for j, d2 in enumerate(SECOND):
                if d2 == "pyTrue" or (op == "pow" and d2 == "py300") or not pair_filter(k, i, j):
                    continue
                try:
                    out = fn(xs[d1], PY[d2] if d2 in PY else ys[d2])
                except TypeError:
                    continue
                cases.append((op, d1, d2, out.dtype))
                outputs.append(out)
    return xs, ys, cases, outputs


def _check(cases: list, results: list) -> None:
    wrong = []
    for (op, d1, d2, out_dtype), got in zip(cases, results):
        b = T.constant(PY[d2]).data if d2 in PY else _value(B_VALUES, d2)
        expected = _numpy_reference(op, _value(A_VALUES, d1), b, out_dtype)
        if got.dtype != np.dtype(out_dtype) or not np.allclose(got, expected, rtol=1e-6):
            wrong.append((op, d1, d2, got, expected))
    assert not wrong, wrong[:10]


def _host_eval(v, env: dict) -> np.ndarray:
    """Evaluate a small graph with the ops' host (numpy) implementations."""
    if v in env:
        return env[v]
    if isinstance(v, theano.Constant):
        return np.asarray(v.data)
    node = v.owner
    return node.op.host_impl(node, *[_host_eval(i, env) for i in node.inputs])


def test_host_values_match_numpy_for_every_dtype_pair():
    """The numpy implementations (constant folding, shape programs) on every (op, dtype pair) of the tables."""
    xs, ys, cases, outputs = _cases(lambda k, i, j: True)
    assert len(cases) > 1000
    env = {xs[d]: _value(A_VALUES, d) for d in DT}
    env.update({ys[d]: _value(B_VALUES, d) for d in DT})
    _check(cases, [_host_eval(out, env) for out in outputs])


def test_compiled_values_match_numpy():
    """One compiled function over a rotating sixth of the (op, dtype pair) grid: across the ops every pair
    of input dtypes is compiled several times (compiling the whole grid would take XLA ~30 s)."""
    xs, ys, cases, outputs = _cases(lambda k, i, j: (j - i - k) % 6 == 0)
    assert len(cases) > 200 and {(c[1], c[2]) for c in cases} >= {(d1, d2) for d1 in DT for d2 in SECOND[:-1]}
    f = theano.function(list(xs.values()) + list(ys.values()), outputs, on_unused_input="ignore")
    _check(cases, f(*[_value(A_VALUES, d) for d in DT], *[_value(B_VALUES, d) for d in DT]))


# ---- floatX and cast_policy change dtypes and values ----------------------------------------------------

def test_floatX_float32_int_true_div_and_autocast():
    theano.config.floatX = "float32"
    x, y = T.ivector("x"), T.ivector("y")
    q = x / y
    assert q.dtype == "float32"
    z = T.fvector("z")
    w = z * 0.1  # 0.1 becomes a float32 constant under floatX=float32
    assert w.dtype == "float32"
    f = theano.function([x, y, z], [q, w])
    rq, rw = f(np.array([1, 7], "int32"), np.array([2, 2], "int32"), np.array([1.0, 2.0], "float32"))
    assert rq.dtype == np.float32 and np.allclose(rq, [0.5, 3.5])
    assert rw.dtype == np.float32 and np.allclose(rw, [0.1, 0.2])
    assert T.exp(T.ivector()).dtype == "float64"  # upgrade_to_float: int32 -> float64 whatever floatX
    assert (T.ivector() + T.fvector()).dtype == "float64"  # custom policy: numpy's promotion


def test_cast_policy_numpy_floatX():
    theano.config.floatX = "float32"
    theano.config.cast_policy = "numpy+floatX"
    assert (T.bvector() + 2).dtype == "int64"  # Python ints are int64, as numpy makes them
    assert (T.ivector() + T.fvector()).dtype == "float32"  # kept in floatX
    assert (T.ivector() + T.dvector()).dtype == "float64"  # explicit float64 wins
    x = T.bvector("x")
    f = theano.function([x], x + 300)
    r = f(np.array([100, -100], "int8"))
    assert r.dtype == np.int64 and list(r) == [400, 200]


def test_flags_are_restored_between_tests():
    assert config.floatX == "float64" and config.cast_policy == "custom"

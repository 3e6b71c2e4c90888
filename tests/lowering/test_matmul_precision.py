"""config.matmul_precision (issue 13): every contraction's lowered StableHLO carries the policy, the flag parses
from THEANO_FLAGS, unknown values are refused, and a compiled function keeps the policy it was built with."""
import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano import config
from theano.frontend.config import ConfigError
from theano.frontend.config_flags import MATMUL_PRECISIONS
from theano.lowering.device import x64_scope

# flag value -> the precision JAX writes into the StableHLO of a float32 contraction
EXPECTED = {"highest": "HIGHEST", "float32": "HIGHEST", "high": "HIGH", "tensorfloat32": "HIGH",
            "bfloat16_3x": "HIGH", "default": "DEFAULT", "bfloat16": "DEFAULT", "fastest": "DEFAULT"}

F32 = "float32"


def stablehlo(f, *args) -> str:
    """The StableHLO text of compiled function `f`'s program for these arguments."""
    values = [np.asarray(a) for a in args]
    shared = [s._value for s in f._shared]
    with x64_scope():
        key = () if f._shape_program.empty else f._shape_program.evaluate(values + shared)
        return f._jitted.lower(key, *values, *shared).as_text()


def precisions(text: str, op: str) -> list:
    """The precision of every `op` (dot_general or convolution) in the text; 'none' where it carries none."""
    found = []
    for line in text.splitlines():
        if f"stablehlo.{op}" not in line:
            continue
        if "algorithm = <" in line:
            found.append("algorithm")
            continue
        m = re.search(r"precision = \[(\w+), (\w+)\]", line) or re.search(r"precision (\w+)>, #stablehlo<precision "
                                                                            r"(\w+)>", line)
        if m:
            assert m.group(1) == m.group(2), line
            found.append(m.group(1))
        else:
            found.append("none")
    return found


def rand(*shape, dtype=F32):
    return np.random.RandomState(len(shape)).rand(*shape).astype(dtype)


# --- graphs with one kind of contraction each: (name, builder returning (inputs, output, args), op in StableHLO)

def _dot():
    x, y = T.fmatrix(), T.fmatrix()
    return [x, y], T.dot(x, y), [rand(3, 4), rand(4, 5)]


def _gemv():
    x, v = T.fmatrix(), T.fvector()
    return [x, v], T.dot(x, v), [rand(3, 4), rand(4)]


def _batched_dot():
    x, y = T.ftensor3(), T.ftensor3()
    return [x, y], T.batched_dot(x, y), [rand(2, 3, 4), rand(2, 4, 5)]


def _tensordot():
    x, y = T.ftensor3(), T.ftensor3()
    return [x, y], T.tensordot(x, y, axes=[[1, 2], [0, 1]]), [rand(2, 3, 4), rand(3, 4, 5)]


def _dot_grad():
    x, y = T.fmatrix(), T.fmatrix()
    return [x, y], T.grad(T.dot(x, y).sum(), x), [rand(3, 4), rand(4, 5)]


def _scan_dot():
    w, h0 = T.fmatrix(), T.fvector()
    hs, _ = theano.scan(lambda h, w: T.dot(w, h), outputs_info=h0, non_sequences=w, n_steps=3)
    return [w, h0], hs, [rand(4, 4), rand(4)]


def _op_from_graph_dot():
    a, b = T.fmatrix(), T.fmatrix()
    op = theano.OpFromGraph([a, b], [T.dot(a, b)])
    x, y = T.fmatrix(), T.fmatrix()
    return [x, y], op(x, y), [rand(3, 4), rand(4, 5)]


def _ifelse_dot():
    from theano.ifelse import ifelse
    c, x, y = T.iscalar(), T.fmatrix(), T.fmatrix()
    return [c, x, y], ifelse(c, T.dot(x, y), T.dot(y, x)), [np.int32(1), rand(3, 3), rand(3, 3)]


def _conv2d():
    x, k = T.ftensor4(), T.ftensor4()
    return [x, k], T.nnet.conv2d(x, k), [rand(2, 3, 6, 6), rand(4, 3, 3, 3)]


def _conv2d_grads():
    x, k = T.ftensor4(), T.ftensor4()
    c = T.nnet.conv2d(x, k).sum()
    return [x, k], T.grad(c, [x, k]), [rand(2, 3, 6, 6), rand(4, 3, 3, 3)]


def _conv3d():
    x, k = T.TensorType(F32, (False,) * 5)(), T.TensorType(F32, (False,) * 5)()
    return [x, k], T.nnet.conv3d(x, k), [rand(1, 2, 5, 5, 5), rand(3, 2, 2, 2, 2)]


def _legacy_conv():
    from theano.tensor.nnet import conv
    x, k = T.ftensor4(), T.ftensor4()
    return [x, k], conv.conv2d(x, k), [rand(2, 3, 6, 6), rand(4, 3, 3, 3)]


def _corr_mm():
    from theano.tensor.nnet.corr import CorrMM
    x, k = T.ftensor4(), T.ftensor4()
    return [x, k], CorrMM()(x, k), [rand(2, 3, 6, 6), rand(4, 3, 3, 3)]


def _signal_conv():
    from theano.tensor.signal import conv
    x, k = T.fmatrix(), T.fmatrix()
    return [x, k], conv.conv2d(x, k), [rand(6, 6), rand(3, 3)]


CASES = {
    "dot": (_dot, "dot_general"), "gemv": (_gemv, "dot_general"), "batched_dot": (_batched_dot, "dot_general"),
    "tensordot": (_tensordot, "dot_general"), "dot_grad": (_dot_grad, "dot_general"),
    "scan_body": (_scan_dot, "dot_general"), "op_from_graph": (_op_from_graph_dot, "dot_general"),
    "ifelse_branches": (_ifelse_dot, "dot_general"),
    "conv2d": (_conv2d, "convolution"), "conv2d_grads": (_conv2d_grads, "convolution"),
    "conv3d": (_conv3d, "convolution"), "legacy_conv": (_legacy_conv, "convolution"),
    "corr_mm": (_corr_mm, "convolution"), "signal_conv": (_signal_conv, "convolution"),
}


def _blas_ops():  # theano.tensor.blas's ops built directly: Gemm, Gemv, Dot22, Dot22Scalar (Ger contracts nothing)
    from theano.tensor import blas

    z, x, y, v, w, a, b = T.fmatrix(), T.fmatrix(), T.fmatrix(), T.fvector(), T.fvector(), T.fscalar(), T.fscalar()
    outs = [blas.gemm_no_inplace(z, a, x, y, b), blas.gemv_inplace(w, a, x, v, b), blas._dot22(x, y),
            blas._dot22scalar(x, y, a)]
    return [z, x, y, v, w, a, b], outs, [rand(3, 5), rand(3, 4), rand(4, 5), rand(4), rand(3), np.float32(0.5),
                                         np.float32(-2.0)]


CASES["blas_ops"] = (_blas_ops, "dot_general")


def compiled_under(setting, case):
    build, op = CASES[case]
    with theano.change_flags(matmul_precision=setting):
        inputs, out, args = build()
        f = theano.function(inputs, out)
    return f, args, op


def test_default_is_highest_full_float32():
    assert config.matmul_precision == "highest"
    f, args, op = compiled_under("highest", "dot")
    assert theano.function(*_dot()[:2]).matmul_precision == "highest"
    assert precisions(stablehlo(f, *args), op) == ["HIGHEST"]


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("setting", ["highest", "high", "default"])
def test_every_contraction_carries_the_policy(setting, case):
    f, args, op = compiled_under(setting, case)
    found = precisions(stablehlo(f, *args), op)
    assert found and set(found) == {EXPECTED[setting]}, (case, found)
    ref = compiled_under("highest", case)[0]
    for a, b in zip(*(g(*args) if isinstance(g(*args), list) else [g(*args)] for g in (f, ref))):
        np.testing.assert_allclose(a, b, rtol=1e-2, atol=1e-2)  # a CPU computes every setting in float32


@pytest.mark.parametrize("setting", ["float32", "tensorfloat32", "bfloat16", "fastest", "bfloat16_3x"])
def test_jax_spellings(setting):
    for case in ("dot", "conv2d"):
        f, args, op = compiled_under(setting, case)
        assert precisions(stablehlo(f, *args), op) == [EXPECTED[setting]]


def test_unshared_conv_and_dynamic_pooling_contractions():
    x, k = T.ftensor4(), T.TensorType(F32, (False,) * 6)()
    with theano.change_flags(matmul_precision="high"):
        f = theano.function([x, k], T.nnet.conv2d(x, k, unshared=True))
    args = [rand(1, 2, 4, 4), rand(3, 3, 3, 2, 2, 2)]
    assert set(precisions(stablehlo(f, *args), "dot_general")) == {"HIGH"}
    from theano.tensor.signal.pool import pool_2d
    ws = T.ivector()
    with theano.change_flags(matmul_precision="default"):
        g = theano.function([x, ws], pool_2d(x, ws=ws, ignore_border=True, mode="average_exc_pad"))
    found = precisions(stablehlo(g, rand(1, 2, 4, 4), np.array([2, 2], "int32")), "dot_general")
    assert found and set(found) == {"DEFAULT"}


def test_algorithm_preset_on_float32_dots_and_nearest_precision_elsewhere():
    f, args, op = compiled_under("F32_F32_F32", "dot")
    text = stablehlo(f, *args)
    assert precisions(text, op) == ["algorithm"] and "accumulation_type = f32" in text
    g, args, op = compiled_under("F32_F32_F32", "conv2d")  # convolutions take no algorithm: the nearest precision
    assert precisions(stablehlo(g, *args), op) == ["HIGHEST"]
    g, args, op = compiled_under("BF16_BF16_F32", "conv2d")
    assert precisions(stablehlo(g, *args), op) == ["DEFAULT"]
    x, y = T.dmatrix(), T.dmatrix()  # a float64 product is never cast to the preset's float32
    with theano.change_flags(matmul_precision="F32_F32_F32"):
        h = theano.function([x, y], T.dot(x, y))
    a = np.random.RandomState(0).rand(4, 4)
    np.testing.assert_allclose(h(a, a), a @ a, rtol=1e-14)
    assert precisions(stablehlo(h, a, a), "dot_general") == ["HIGHEST"]


def test_preset_never_casts_float64_linalg_products():
    """A preset policy reaches JAX's linalg as its nearest legacy precision, never as a float64 -> float32 cast."""
    x = T.dmatrix()
    g = T.grad(T.nlinalg.eigh(x)[1].sum(), x)
    with theano.change_flags(matmul_precision="F32_F32_F32"):
        f = theano.function([x], g)
    ref = theano.function([x], g)
    a = np.random.RandomState(1).rand(6, 6)
    a = a + a.T
    np.testing.assert_allclose(f(a), ref(a), rtol=1e-10, atol=1e-12)


def test_function_keeps_the_policy_it_was_built_with():
    with theano.change_flags(matmul_precision="default"):
        f, args, op = compiled_under("default", "dot")
    assert config.matmul_precision == "highest" and f.matmul_precision == "default"
    f(*args)
    # a new shape signature traces again, after the flag went back: still the function's own policy
    assert precisions(stablehlo(f, rand(2, 7), rand(7, 2)), op) == ["DEFAULT"]
    with theano.change_flags(matmul_precision="high"):
        assert precisions(stablehlo(f, rand(5, 2), rand(2, 2)), op) == ["DEFAULT"]
    assert f.copy().matmul_precision == "default"
    import pickle
    g = pickle.loads(pickle.dumps(f))
    assert g.matmul_precision == "default"
    assert precisions(stablehlo(g, *args), op) == ["DEFAULT"]


def test_value_is_captured_when_the_function_is_built_not_when_called():
    x, y = T.fmatrix(), T.fmatrix()
    f = theano.function([x, y], T.dot(x, y))
    with theano.change_flags(matmul_precision="default"):
        f(rand(3, 3), rand(3, 3))  # first call (the trace) under another setting
        assert precisions(stablehlo(f, rand(3, 3), rand(3, 3)), "dot_general") == ["HIGHEST"]


def test_linalg_products_follow_the_policy():
    x = T.fmatrix()
    with theano.change_flags(matmul_precision="high"):
        f = theano.function([x], T.grad(T.nlinalg.eigh(x)[0].sum(), x))
    a = rand(3, 3)
    found = precisions(stablehlo(f, a + a.T), "dot_general")
    assert found and set(found) == {"HIGH"}


def test_eval_does_not_reuse_a_program_of_another_policy():
    x, y = T.fmatrix("x"), T.fmatrix("y")
    z = T.dot(x, y)
    vals = {x: rand(2, 2), y: rand(2, 2)}
    z.eval(vals)
    with theano.change_flags(matmul_precision="default"):
        z.eval(vals)
    policies = {fn.matmul_precision for fn in z._fn_cache.values()}
    assert policies == {"highest", "default"}


def test_unknown_value_is_refused_naming_the_accepted_ones():
    with pytest.raises(ConfigError, match=r"matmul_precision.*'fast'.*'highest', 'high', 'default'"):
        config.matmul_precision = "fast"
    assert config.matmul_precision == "highest"
    from theano.lowering.precision import check_policy
    with pytest.raises(ValueError, match="expected one of 'highest'"):
        check_policy("HIGHEST")


def test_accepted_names_cover_jax():
    """Every name JAX's jax_default_matmul_precision takes, and every lax.Precision alias, is accepted."""
    import jax
    from jax._src.lax.lax import _precision_strings

    with pytest.raises(ValueError) as err:  # JAX lists the names it takes in the error for a wrong one
        jax.config.update("jax_default_matmul_precision", "no-such-precision")
    jax_names = re.findall(r"'([A-Za-z0-9_]+)'", str(err.value).split(" in ", 1)[1].split("]")[0])
    assert "highest" in jax_names and "tensorfloat32" in jax_names
    assert set(jax_names) <= set(MATMUL_PRECISIONS)
    assert {k for k in _precision_strings if k} <= set(MATMUL_PRECISIONS)


def run_python(code: str, flags: str, tmp_path) -> subprocess.CompletedProcess:
    env = dict(os.environ, THEANO_FLAGS=flags, THEANORC=str(tmp_path / "absent.rc"))
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True,
                          cwd=str(tmp_path), timeout=180)


def test_flag_from_theano_flags_and_theanorc(tmp_path):
    code = """
        import numpy as np, theano, theano.tensor as T
        from theano.lowering.device import x64_scope
        x = T.fmatrix()
        f = theano.function([x], T.dot(x, x))
        a = np.ones((2, 2), "float32")
        with x64_scope():
            text = f._jitted.lower((), a).as_text()
        print(theano.config.matmul_precision, [l.split("precision = ")[1][:20] for l in text.splitlines()
                                                if "dot_general" in l])
    """
    r = run_python(code, "matmul_precision=tensorfloat32", tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("tensorfloat32 ['[HIGH, HIGH]"), r.stdout
    rc = tmp_path / "rc"
    rc.write_text("[global]\nmatmul_precision = default\n")
    env = dict(os.environ, THEANORC=str(rc), THEANO_FLAGS="")
    r = subprocess.run([sys.executable, "-c", "import theano; print(theano.config.matmul_precision)"], env=env,
                       capture_output=True, text=True, cwd=str(tmp_path), timeout=180)
    assert r.returncode == 0 and r.stdout.strip() == "default", r.stderr
    r = run_python("import theano", "matmul_precision=tf32", tmp_path)
    assert r.returncode != 0 and "matmul_precision" in r.stderr and "'tensorfloat32'" in r.stderr

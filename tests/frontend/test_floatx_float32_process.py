"""A whole process under THEANO_FLAGS=floatX=float32, as most Theano users ran: the dtypes of variables,
constants, python-float arithmetic, shared values, random draws, gradients and function inputs/updates are
Theano 1.0.5's (each expected value was printed by the real Theano 1.0.5 under floatX=float32,cxx=)."""
import json
import os
import subprocess
import sys
import textwrap

PROBE = textwrap.dedent('''
    import json
    import numpy as np
    import theano
    import theano.tensor as T
    from theano.sandbox.rng_mrg import MRG_RandomStreams
    from theano.tensor.shared_randomstreams import RandomStreams

    x, s = T.matrix("x"), T.scalar("s")
    out = {
        "matrix": x.dtype, "x*1.5": (x * 1.5).dtype, "x+1": (x + 1).dtype,
        "const1.5": T.constant(1.5).dtype, "as_tensor(1.5)": T.as_tensor_variable(1.5).dtype,
        "as_tensor(np.float64(1.5))": T.as_tensor_variable(np.float64(1.5)).dtype,
        "as_tensor([1.5,2])": T.as_tensor_variable([1.5, 2.]).dtype,
        "x*np.float64": (x * np.float64(1.5)).dtype, "x*np.arr64": (x * np.ones(2)).dtype,
        "iv/2": (T.ivector() / 2).dtype, "iv/2.": (T.ivector() / 2.).dtype, "iv*1.5": (T.ivector() * 1.5).dtype,
        "lv*1.5": (T.lvector() * 1.5).dtype, "mean(iv)": T.mean(T.ivector()).dtype, "mean(x)": T.mean(x).dtype,
        "iv true_div iv": (T.ivector() / T.ivector()).dtype, "sqrt(iv)": T.sqrt(T.ivector()).dtype,
        "sqrt(bv)": T.sqrt(T.bvector()).dtype, "zeros": T.zeros((2,)).dtype,
        "ones_like iv": T.ones_like(T.ivector()).dtype, "arange(3)": T.arange(3).dtype,
        "arange(3.)": T.arange(3.).dtype, "shared(np64)": theano.shared(np.ones(2)).dtype,
        "shared(1.5)": theano.shared(1.5).dtype,
        "mrg uniform": MRG_RandomStreams(1).uniform((2,)).dtype, "mrg normal": MRG_RandomStreams(1).normal((2,)).dtype,
        "rs uniform": RandomStreams(1).uniform((2,)).dtype, "rs normal": RandomStreams(1).normal((2,)).dtype,
        "grad": theano.grad(T.sum(x * 2.), x).dtype, "x**2": (x ** 2).dtype, "x**2.5": (x ** 2.5).dtype,
        "iv**2": (T.ivector() ** 2).dtype, "sigmoid iv": T.nnet.sigmoid(T.ivector()).dtype,
        "softmax": T.nnet.softmax(x).dtype, "switch": T.switch(x > 0, x, 0.).dtype,
        "maximum(x,0.)": T.maximum(x, 0.).dtype, "clip": T.clip(x, 0., 1.).dtype, "x/3": (x / 3).dtype,
        "int64 scalar * 1.5": (T.lscalar() * 1.5).dtype, "exp(1.)": T.exp(1.).dtype,
        "exp(iv)": T.exp(T.ivector()).dtype, "log(lscalar)": T.log(T.lscalar()).dtype,
    }
    f = theano.function([x], x * 2.5)
    out["f out"] = str(f(np.ones((2, 2), dtype="float32")).dtype)
    try:
        f(np.ones((2, 2)))
        out["f f64 input"] = "accepted"
    except TypeError:
        out["f f64 input"] = "TypeError"
    g = theano.function([x], x * 2.5, allow_input_downcast=True)
    out["f f64 input downcast"] = str(g(np.ones((2, 2))).dtype)
    out["scalar py float"] = str(theano.function([s], s * 2)(1.5).dtype)
    sh = theano.shared(np.ones(2, dtype="float32"))
    theano.function([], updates=[(sh, sh * 1.5)])
    out["upd sh*1.5"] = "ok"
    try:
        theano.function([], updates=[(sh, sh * np.float64(1.5))])
        out["upd sh*np64"] = "ok"
    except TypeError:
        out["upd sh*np64"] = "TypeError"
    u = theano.function([], MRG_RandomStreams(3).uniform((50,)))()
    out["mrg draw"] = str(u.dtype)
    out["mrg draw in (0, 1)"] = bool(((u > 0) & (u < 1)).all())
    print("PROBE" + json.dumps(out))
''')

# printed by Theano 1.0.5 (pure-Python mode) with THEANO_FLAGS=floatX=float32,cxx=
THEANO_1_0_5 = {
    "matrix": "float32", "x*1.5": "float32", "x+1": "float32", "const1.5": "float32",
    "as_tensor(1.5)": "float32", "as_tensor(np.float64(1.5))": "float64", "as_tensor([1.5,2])": "float64",
    "x*np.float64": "float64", "x*np.arr64": "float64", "iv/2": "float32", "iv/2.": "float64",
    "iv*1.5": "float64", "lv*1.5": "float64", "mean(iv)": "float64", "mean(x)": "float32",
    "iv true_div iv": "float32", "sqrt(iv)": "float64", "sqrt(bv)": "float32", "zeros": "float32",
    "ones_like iv": "int32", "arange(3)": "int64", "arange(3.)": "float32", "shared(np64)": "float64",
    "shared(1.5)": "float64", "mrg uniform": "float32", "mrg normal": "float32", "rs uniform": "float32",
    "rs normal": "float32", "grad": "float32", "x**2": "float32", "x**2.5": "float32", "iv**2": "int32",
    "sigmoid iv": "float64", "softmax": "float32", "switch": "float32", "maximum(x,0.)": "float32",
    "clip": "float32", "x/3": "float32", "int64 scalar * 1.5": "float64", "exp(1.)": "float32",
    "exp(iv)": "float64", "log(lscalar)": "float64", "f out": "float32", "f f64 input": "TypeError",
    "f f64 input downcast": "float32", "scalar py float": "float32", "upd sh*1.5": "ok", "upd sh*np64": "TypeError",
    "mrg draw": "float32", "mrg draw in (0, 1)": True,
}


def test_a_float32_process_has_theano_1_0_5s_dtypes(tmp_path):
    env = dict(os.environ, THEANO_FLAGS="floatX=float32", THEANORC=str(tmp_path / "absent.rc"))
    res = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, cwd=str(tmp_path),
                         timeout=300)
    line = next((ln for ln in res.stdout.splitlines() if ln.startswith("PROBE")), None)
    assert line is not None, res.stderr[-3000:]
    got = json.loads(line[len("PROBE"):])
    assert {k: v for k, v in got.items() if THEANO_1_0_5.get(k) != v} == {}
    assert set(got) == set(THEANO_1_0_5)

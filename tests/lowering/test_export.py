"""Issue 15, StableHLO export: f.export / theano.compile.export write a jax.export artifact that a process with
only jax (theano not importable) deserializes and runs with the same results; a symbolic batch axis where the
graph allows; shared values as arguments or embedded; a CUDA lowering from a CPU-only machine; f.as_text() and
theano.printing.stablehlo show the module."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings

import jax
import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.lowering.export import ExportError


def _logreg(seed: int = 0):
    rng = np.random.RandomState(seed)
    x, y = T.dmatrix("x"), T.dvector("y")
    w = theano.shared(rng.randn(5), name="w")
    b = theano.shared(0.1, name="b")
    p = T.nnet.sigmoid(T.dot(x, w) + b)
    cost = T.nnet.binary_crossentropy(p, y).mean()
    gw, gb = T.grad(cost, [w, b])
    train = theano.function([x, y], cost, updates=[(w, w - 0.1 * gw), (b, b - 0.1 * gb)])
    probs = theano.function([x], p)
    return train, probs, w, b


def _on_cpu(exp, *args):
    """`exp.call(*args)` on the CPU, for an artifact exported for platforms='cpu': JAX's default device is a GPU
    where one is installed, and jax.export refuses to run a CPU-only artifact there. (Only the artifact's call:
    the theano functions it is compared with run on config.device.)"""
    with jax.default_device(jax.devices("cpu")[0]):
        return exp.call(*args)


def _jax_only(code: str, tmp_path) -> dict:
    """Run `code` in a fresh interpreter that can import jax but not theano; it prints one JSON line."""
    jax_site = os.path.dirname(os.path.dirname(jax.__file__))
    np_site = os.path.dirname(os.path.dirname(np.__file__))
    prelude = ("import sys\n"
               f"sys.path[:0] = [{jax_site!r}, {np_site!r}]\n"
               "try:\n    import theano\n    raise SystemExit('theano is importable here')\n"
               "except ImportError:\n    pass\n"
               "import jax, json, numpy as np\njax.config.update('jax_enable_x64', True)\n")
    # -I: no PYTHONPATH, no user site; -S: no site-packages .pth files (the editable install of theano)
    r = subprocess.run([sys.executable, "-I", "-S", "-c", prelude + code], capture_output=True, text=True,
                       cwd=str(tmp_path), timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_round_trip_in_a_process_without_theano(tmp_path) -> None:
    _, probs, w, b = _logreg()
    rng = np.random.RandomState(3)
    path = tmp_path / "probs.jaxexp"
    assert probs.export(str(path), inputs=[rng.randn(4, 5)]) is None
    inputs = {n: rng.randn(n, 5) for n in (1, 128, 1000)}
    for n, X in inputs.items():
        np.save(tmp_path / f"x{n}.npy", X)
    state = [s.get_value() for s in probs.get_shared()]
    for k, v in enumerate(state):
        np.save(tmp_path / f"s{k}.npy", v)
    got = _jax_only(
        "exp = jax.export.deserialize(open('probs.jaxexp', 'rb').read())\n"
        f"state = [np.load(f's{{k}}.npy') for k in range({len(state)})]\n"
        "out = {}\n"
        "for n in (1, 128, 1000):\n"
        "    res = exp.call(np.load(f'x{n}.npy'), *state)\n"
        "    np.save(f'y{n}.npy', np.asarray(res[0]))\n"
        "    out[n] = [str(a) for a in exp.in_avals]\n"
        "print(json.dumps({'avals': out[1], 'platforms': list(exp.platforms), 'n_out': len(exp.out_avals)}))\n",
        tmp_path)
    assert got["avals"][0] == "float64[batch,5]"  # the batch axis is symbolic
    assert got["platforms"] == ["cpu", "cuda"]
    assert got["n_out"] == 1 + len(state)  # the output, then the shared values
    for n, X in inputs.items():
        y = np.load(tmp_path / f"y{n}.npy")
        assert y.shape == (n,)
        np.testing.assert_allclose(y, probs(X), rtol=1e-12, atol=1e-14)


def test_a_training_step_driven_from_the_artifact() -> None:
    train, _, w, b = _logreg()
    rng = np.random.RandomState(4)
    X, Y = rng.randn(32, 5), rng.randint(0, 2, 32).astype("float64")
    data = theano.compile.export(train, inputs=[X, Y], platforms="cpu")
    assert isinstance(data, bytes)
    exp = jax.export.deserialize(data)
    shared = train.get_shared()
    state = [s.get_value() for s in shared]
    with jax.enable_x64(True):
        for _ in range(3):
            cost, *state = _on_cpu(exp, X, Y, *state)
            cost_t = train(X, Y)
            np.testing.assert_allclose(float(cost), cost_t, rtol=1e-12)
    for s, v in zip(shared, state):
        np.testing.assert_allclose(np.asarray(v), s.get_value(), rtol=1e-12)


def test_embedded_shared_values() -> None:
    train, probs, w, _ = _logreg()
    X = np.random.RandomState(5).randn(7, 5)
    exp = jax.export.deserialize(probs.export(inputs=[X], shared="embed", platforms=("cpu",)))
    assert len(exp.in_avals) == 1 and len(exp.out_avals) == 1
    with jax.enable_x64(True):
        np.testing.assert_allclose(np.asarray(_on_cpu(exp, X)[0]), probs(X), rtol=1e-12)
    with pytest.raises(ExportError, match="updates shared variables"):
        train.export(inputs=[X, np.zeros(7)], shared="embed")
    with pytest.raises(ExportError, match="shared='bogus'"):
        probs.export(inputs=[X], shared="bogus")


def test_cuda_lowering_on_any_machine() -> None:
    _, probs, _, _ = _logreg()
    exp = jax.export.deserialize(probs.export(inputs=[np.zeros((2, 5))], platforms=("cuda",)))
    assert exp.platforms == ("cuda",)
    with pytest.raises(ExportError, match="unknown platform 'metal'"):
        probs.export(inputs=[np.zeros((2, 5))], platforms=("metal",))


def test_a_graph_without_a_batch_axis_is_exported_with_fixed_shapes() -> None:
    x = T.dmatrix("x")
    f = theano.function([x], x.reshape((2, -1)).sum(axis=0))  # the output size depends on the batch size
    X = np.arange(12.0).reshape(4, 3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exp = jax.export.deserialize(f.export(inputs=[X], platforms="cpu"))
    assert str(exp.in_avals[0]) == "float64[4,3]"
    assert any("batch size is fixed" in str(c.message) for c in caught)
    with jax.enable_x64(True):
        np.testing.assert_allclose(np.asarray(_on_cpu(exp, X)[0]), f(X))
    exp = jax.export.deserialize(f.export(inputs=[X], platforms="cpu", batch=False))
    assert str(exp.in_avals[0]) == "float64[4,3]"


def test_run_time_checks_become_an_error_flag() -> None:
    a = T.lvector("a")
    d = theano.shared(np.array([1, 2, 4]), name="d")
    f = theano.function([a], a // d)
    exp = jax.export.deserialize(f.export(inputs=[np.array([1, 2, 3])], platforms="cpu"))
    with jax.enable_x64(True):
        out, _, flag = _on_cpu(exp, np.array([4, 4, 4]), d.get_value())
        np.testing.assert_array_equal(np.asarray(out), [4, 2, 1])
        assert list(np.asarray(flag)) == [0, 0]
        _, _, flag = _on_cpu(exp, np.array([4, 4, 4]), np.array([1, 0, 1]))
        assert np.asarray(flag)[0] != 0


def test_what_cannot_be_exported_says_why() -> None:
    n = T.lscalar("n")
    with pytest.raises(ExportError, match="depend on input values"):
        theano.function([n], T.arange(n)).export(inputs=[3])

    @theano.compile.ops.as_op([T.dvector], [T.dvector])
    def double(a):
        return 2 * a

    x = T.dvector("x")
    with pytest.raises(ExportError, match="host callbacks"):
        theano.function([x], double(x)).export(inputs=[np.ones(3)])
    with pytest.raises(ExportError, match="give example inputs"):
        theano.function([x], x * 2).export()
    with pytest.raises(ExportError, match="example input 0 has shape"):
        theano.function([x], x * 2).export(inputs=[np.ones((2, 2))])


def test_export_without_flatbuffers_names_the_extra(monkeypatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "flatbuffers" else real(name, *a))
    x = T.dvector("x")
    with pytest.raises(ImportError, match=r"pip install theano-xla\[export\]"):
        theano.function([x], x * 2).export(inputs=[np.ones(3)])


def test_as_text_and_printing_stablehlo() -> None:
    _, probs, _, _ = _logreg()
    X = np.zeros((3, 5))
    text = probs.as_text(X)
    assert text.startswith("module @") and "loc(" not in text  # no file paths of the tracing code
    assert "stablehlo.dot_general" in text and "tensor<?x5xf64>" in text
    assert theano.printing.stablehlo(probs, X) == text
    s = T.dscalar("s")
    assert "stablehlo" in theano.function([s], s * 2).as_text()  # scalars need no example

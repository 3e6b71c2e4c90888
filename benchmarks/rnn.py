"""Recurrent nets through theano.scan vs the same loops hand-written in JAX (lax.scan, jitted).

    python benchmarks/rnn.py            # full run (a few minutes on two CPU cores)
    python benchmarks/rnn.py --quick    # smoke run: fewer repeats, shorter RBM chain
    THEANO_FLAGS=device=cuda python benchmarks/rnn.py

Rows (float32 throughout):
  1. tanh RNN, input 128, hidden 256, 200 steps, batch 32: loss mean(h**2) over every step and its gradient
     w.r.t. all weights, as one theano.function returning [loss, dWx, dWh, db] vs jax.jit(jax.value_and_grad);
     PyTensor's default mode and mode="JAX" when pytensor is importable;
  2. the same RNN with n_steps a symbolic scalar over a fixed 200-step bucket, called with changing trip
     counts: Function.n_compilations over the calls (the outputs keep their shapes; only the trip count moves),
     with the loss on the last state (one program) and over every step (one program per trip count);
  3. an LSTM language-model SGD step: embedding (vocabulary 1000, 128), LSTM 256 over 50 steps, batch 32,
     softmax over the 1000 words at every step, next-word cross-entropy, gradient, updates (parameters donated
     on the JAX side);
  4. a 1,000-step Gibbs chain of an RBM (784 visible, 500 hidden, batch 20), binomial samples from
     MRG_RandomStreams inside the scan step vs jax.random inside lax.scan.
Both sides of a row are timed in alternation (rounds of a few calls each), and the ratio is the median of the
per-round ratios, so that other load on a shared machine weighs on both sides alike. A benchmark, never an
assertion.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import time
import traceback
from typing import Any, Callable

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import per_call_seconds  # noqa: E402

N_IN, N_HID, N_STEPS, BATCH = 128, 256, 200, 32
TRIP_COUNTS = (200, 173, 150, 128, 200, 173, 150, 128, 99, 200)
VOCAB, EMB, LM_HID, LM_STEPS, LM_LR = 1000, 128, 256, 50, 0.1
N_VIS, N_RBM_HID, RBM_BATCH = 784, 500, 20


def _device() -> Any:
    """The JAX device theano-xla is configured for, so both sides compare like with like."""
    import jax

    try:
        from theano.lowering.device import current_device
        return current_device()
    except Exception:  # noqa: BLE001
        return jax.devices()[0]


def block(out: Any) -> Any:
    """Wait for every array in a JAX result (pytree)."""
    import jax

    return jax.block_until_ready(out)


# ---------------------------------------------------------------------------- 1. RNN forward + gradient

def rnn_data(seed: int = 0) -> dict[str, np.ndarray]:
    """Weights (Glorot-ish, orthogonal-free for simplicity) and one time-major input batch, float32."""
    rng = np.random.RandomState(seed)
    return {"Wx": (rng.randn(N_IN, N_HID) / np.sqrt(N_IN)).astype(np.float32),
            "Wh": (rng.randn(N_HID, N_HID) / np.sqrt(N_HID)).astype(np.float32),
            "b": np.zeros(N_HID, np.float32),
            "x": rng.randn(N_STEPS, BATCH, N_IN).astype(np.float32)}


def theano_rnn_function(T: Any, theano_mod: Any, d: dict[str, np.ndarray], symbolic_n: bool = False,
                        mode: Any = None, last_state: bool = False) -> Any:
    """[loss, dWx, dWh, db] of the tanh RNN as a Theano user writes it (theano or pytensor via T/theano_mod)."""
    Wx, Wh, b = [theano_mod.shared(d[k], name=k) for k in ("Wx", "Wh", "b")]
    x = T.tensor3("x", dtype="float32")
    n = T.iscalar("n")

    def step(x_t: Any, h_tm1: Any) -> Any:
        return T.tanh(T.dot(x_t, Wx) + T.dot(h_tm1, Wh) + b)

    h0 = T.zeros((x.shape[1], N_HID), dtype="float32")
    h, _ = theano_mod.scan(step, sequences=x, outputs_info=h0, n_steps=n if symbolic_n else None)
    loss = T.mean(h[-1] ** 2) if last_state else T.mean(h ** 2)
    grads = theano_mod.grad(loss, [Wx, Wh, b])
    return theano_mod.function([x, n] if symbolic_n else [x], [loss] + grads, mode=mode)


def bench_theano_rnn() -> dict[str, Any]:
    """theano-xla: the compiled [loss, grads] call and its build + first-call time."""
    import theano
    import theano.tensor as T

    theano.config.floatX = "float32"
    d = rnn_data()
    t0 = time.perf_counter()
    f = theano_rnn_function(T, theano, d)
    f(d["x"])
    compile_s = time.perf_counter() - t0
    return {"call": lambda: f(d["x"]), "compile": compile_s}


def bench_pytensor_rnn(cfg: dict[str, int], mode: str | None) -> dict[str, float]:
    """PyTensor in its default mode or mode='JAX': the same function."""
    import warnings

    import pytensor
    import pytensor.tensor as pt

    warnings.filterwarnings("ignore", module="pytensor")
    d = rnn_data()
    with pytensor.config.change_flags(floatX="float32"):
        t0 = time.perf_counter()
        f = theano_rnn_function(pt, pytensor, d, mode=mode)
        f(d["x"])
        compile_s = time.perf_counter() - t0
    return {"time": per_call_seconds(lambda: f(d["x"]), cfg["number"], cfg["repeats"], sync=np.asarray),
            "compile": compile_s}


def jax_rnn_loss(params: tuple, x: Any) -> Any:
    """The RNN's loss written in JAX: lax.scan over the time-major input."""
    import jax.numpy as jnp
    from jax import lax

    Wx, Wh, b = params

    def step(h: Any, x_t: Any) -> tuple:
        h = jnp.tanh(x_t @ Wx + h @ Wh + b)
        return h, h

    _, hs = lax.scan(step, jnp.zeros((x.shape[1], N_HID), x.dtype), x)
    return jnp.mean(hs ** 2)


def bench_jax_rnn() -> dict[str, Any]:
    """Hand-written JAX: the call of jax.jit(jax.value_and_grad) of the loss, and its compile time."""
    import jax

    d = rnn_data()
    dev = _device()
    params = tuple(jax.device_put(d[k], dev) for k in ("Wx", "Wh", "b"))
    x = jax.device_put(d["x"], dev)
    t0 = time.perf_counter()
    fn = jax.jit(jax.value_and_grad(jax_rnn_loss))
    block(fn(params, x))
    compile_s = time.perf_counter() - t0
    return {"call": lambda: fn(params, x), "sync": block, "compile": compile_s}


# ---------------------------------------------------------------------------- 2. symbolic n_steps

def bench_theano_trip_counts(last_state: bool = False) -> dict[str, Any]:
    """Compilations and per-call times of the RNN with a symbolic n_steps over one 200-step input bucket."""
    import theano
    import theano.tensor as T

    theano.config.floatX = "float32"
    d = rnn_data()
    f = theano_rnn_function(T, theano, d, symbolic_n=True, last_state=last_state)
    times = []
    for n in TRIP_COUNTS:
        t0 = time.perf_counter()
        f(d["x"], n)
        times.append(time.perf_counter() - t0)
    seen: set = set()
    first = [t for n, t in zip(TRIP_COUNTS, times) if not (n in seen or seen.add(n))]
    seen = set()
    again = [t for n, t in zip(TRIP_COUNTS, times) if n in seen or seen.add(n)]
    return {"compilations": f.n_compilations, "calls": len(TRIP_COUNTS), "distinct": len(set(TRIP_COUNTS)),
            "first": float(np.median(first)), "again": float(np.median(again)) if again else float("nan")}


# ---------------------------------------------------------------------------- 3. LSTM language model step

def lm_data(seed: int = 0) -> dict[str, np.ndarray]:
    """LSTM language-model parameters and one batch of time-major word ids with next-word targets."""
    rng = np.random.RandomState(seed)

    def w(*shape: int) -> np.ndarray:
        return (rng.randn(*shape) / np.sqrt(shape[0])).astype(np.float32)

    b = np.zeros(4 * LM_HID, np.float32)
    b[LM_HID:2 * LM_HID] = 1.0
    words = rng.randint(0, VOCAB, size=(LM_STEPS + 1, BATCH)).astype(np.int32)
    return {"E": w(VOCAB, EMB), "W": w(EMB, 4 * LM_HID), "U": w(LM_HID, 4 * LM_HID), "b": b,
            "V": w(LM_HID, VOCAB), "c": np.zeros(VOCAB, np.float32), "x": words[:-1], "y": words[1:]}


LM_PARAMS = ("E", "W", "U", "b", "V", "c")


def bench_theano_lm() -> dict[str, Any]:
    """theano-xla: the SGD step of the LSTM language model as a Theano user writes it, and its build time."""
    import theano
    import theano.tensor as T

    theano.config.floatX = "float32"
    d = lm_data()
    E, W, U, b, V, c = params = [theano.shared(d[k], name=k) for k in LM_PARAMS]
    x, y = T.imatrix("x"), T.imatrix("y")
    H = LM_HID

    def step(xp_t: Any, h_tm1: Any, c_tm1: Any) -> tuple:
        pre = xp_t + T.dot(h_tm1, U)
        i, f, o = T.nnet.sigmoid(pre[:, :H]), T.nnet.sigmoid(pre[:, H:2 * H]), T.nnet.sigmoid(pre[:, 2 * H:3 * H])
        c_t = f * c_tm1 + i * T.tanh(pre[:, 3 * H:])
        return o * T.tanh(c_t), c_t

    xp = T.dot(E[x], W) + b
    z = T.zeros((x.shape[1], H), dtype="float32")
    [h, _], _ = theano.scan(step, sequences=xp, outputs_info=[z, z])
    p = T.nnet.softmax(T.dot(h.reshape((-1, H)), V) + c)
    cost = T.mean(T.nnet.categorical_crossentropy(p, y.flatten()))
    grads = T.grad(cost, params)
    lr = np.float32(LM_LR)
    t0 = time.perf_counter()
    fn = theano.function([x, y], cost, updates=[(q, q - lr * g) for q, g in zip(params, grads)])
    fn(d["x"], d["y"])
    compile_s = time.perf_counter() - t0
    return {"call": lambda: fn(d["x"], d["y"]), "compile": compile_s}


def bench_jax_lm() -> dict[str, Any]:
    """Hand-written JAX: the same step, lax.scan LSTM, parameters donated."""
    import jax
    import jax.numpy as jnp
    from jax import lax

    H = LM_HID

    def loss_fn(p: dict[str, Any], x: Any, y: Any) -> Any:
        xp = p["E"][x] @ p["W"] + p["b"]

        def step(carry: tuple, xp_t: Any) -> tuple:
            h, cell = carry
            pre = xp_t + h @ p["U"]
            i, f, o = jax.nn.sigmoid(pre[:, :H]), jax.nn.sigmoid(pre[:, H:2 * H]), jax.nn.sigmoid(pre[:, 2 * H:3 * H])
            cell = f * cell + i * jnp.tanh(pre[:, 3 * H:])
            h = o * jnp.tanh(cell)
            return (h, cell), h

        z = jnp.zeros((x.shape[1], H), jnp.float32)
        _, hs = lax.scan(step, (z, z), xp)
        logp = jax.nn.log_softmax(hs.reshape(-1, H) @ p["V"] + p["c"])
        return -jnp.mean(jnp.take_along_axis(logp, y.reshape(-1, 1), axis=1))

    def sgd(p: dict[str, Any], x: Any, y: Any) -> tuple:
        loss, g = jax.value_and_grad(loss_fn)(p, x, y)
        return jax.tree_util.tree_map(lambda a, b: a - LM_LR * b, p, g), loss

    d = lm_data()
    dev = _device()
    step = jax.jit(sgd, donate_argnums=(0,))
    state = {"p": {k: jax.device_put(d[k], dev) for k in LM_PARAMS}}
    x, y = jax.device_put(d["x"], dev), jax.device_put(d["y"], dev)

    def one() -> Any:
        state["p"], loss = step(state["p"], x, y)
        return loss

    t0 = time.perf_counter()
    block(one())
    compile_s = time.perf_counter() - t0
    return {"call": one, "sync": block, "compile": compile_s}


# ---------------------------------------------------------------------------- 4. RBM Gibbs chain

def rbm_data(seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.RandomState(seed)
    bound = 4 * np.sqrt(6.0 / (N_VIS + N_RBM_HID))
    return {"W": rng.uniform(-bound, bound, size=(N_VIS, N_RBM_HID)).astype(np.float32),
            "hbias": np.zeros(N_RBM_HID, np.float32), "vbias": np.zeros(N_VIS, np.float32),
            "v0": (rng.rand(RBM_BATCH, N_VIS) < 0.5).astype(np.float32)}


def bench_theano_rbm(n_gibbs: int) -> dict[str, Any]:
    """theano-xla: the deeplearning.net RBM sampling chain, MRG_RandomStreams binomials inside the scan step,
    the persistent chain a shared variable updated by the call."""
    import theano
    import theano.tensor as T
    from theano.sandbox.rng_mrg import MRG_RandomStreams

    theano.config.floatX = "float32"
    d = rbm_data()
    srng = MRG_RandomStreams(seed=1234)
    W, hbias, vbias = [theano.shared(d[k], name=k) for k in ("W", "hbias", "vbias")]
    chain = theano.shared(d["v0"], name="persistent_chain")

    def gibbs_vhv(v: Any) -> tuple:
        h_mean = T.nnet.sigmoid(T.dot(v, W) + hbias)
        h = srng.binomial(size=h_mean.shape, n=1, p=h_mean, dtype="float32")
        v_mean = T.nnet.sigmoid(T.dot(h, W.T) + vbias)
        v_new = srng.binomial(size=v_mean.shape, n=1, p=v_mean, dtype="float32")
        return v_mean, v_new

    (v_means, vs), updates = theano.scan(gibbs_vhv, outputs_info=[None, chain], n_steps=n_gibbs)
    updates[chain] = vs[-1]
    t0 = time.perf_counter()
    fn = theano.function([], v_means[-1], updates=updates)
    fn()
    compile_s = time.perf_counter() - t0
    return {"call": fn, "compile": compile_s}


def bench_jax_rbm(n_gibbs: int) -> dict[str, Any]:
    """Hand-written JAX: the chain in lax.scan with jax.random.bernoulli, chain and key donated."""
    import jax
    import jax.numpy as jnp
    from jax import lax

    d = rbm_data()
    dev = _device()
    W, hbias, vbias = [jax.device_put(d[k], dev) for k in ("W", "hbias", "vbias")]

    def chain_fn(v: Any, key: Any, W: Any, hbias: Any, vbias: Any) -> tuple:
        def step(carry: tuple, _: Any) -> tuple:
            v, key = carry
            key, kh, kv = jax.random.split(key, 3)
            h_mean = jax.nn.sigmoid(v @ W + hbias)
            h = jax.random.bernoulli(kh, h_mean).astype(jnp.float32)
            v_mean = jax.nn.sigmoid(h @ W.T + vbias)
            v = jax.random.bernoulli(kv, v_mean).astype(jnp.float32)
            return (v, key), v_mean

        (v, key), v_means = lax.scan(step, (v, key), None, length=n_gibbs)
        return v, key, v_means[-1]

    fn = jax.jit(chain_fn, donate_argnums=(0, 1))
    state = {"v": jax.device_put(d["v0"], dev), "key": jax.device_put(jax.random.PRNGKey(1234), dev)}

    def one() -> Any:
        state["v"], state["key"], vm = fn(state["v"], state["key"], W, hbias, vbias)
        return vm

    t0 = time.perf_counter()
    block(one())
    compile_s = time.perf_counter() - t0
    return {"call": one, "sync": block, "compile": compile_s}


# ---------------------------------------------------------------------------- report

def time_pair(ours: dict, ref: dict, number: int, repeats: int) -> None:
    """Time both sides in alternation (`number` calls of ours, then of ref, `repeats` rounds, after one warm-up
    call each), so that load from other processes on a shared machine weighs on both alike; stores each side's
    median seconds per call under "time" and the median of the per-round ratios under "ratio" (in ours)."""
    if "call" not in ours or "call" not in ref:  # one side failed: time the other alone
        for side in (ours, ref):
            if "call" in side:
                side["time"] = per_call_seconds(side["call"], number, repeats, warmup=1, sync=side.get("sync"))
        return
    samples: dict[int, list[float]] = {0: [], 1: []}
    sides = (ours, ref)
    for side in sides:
        out = side["call"]()
        if side.get("sync"):
            side["sync"](out)
    for _ in range(repeats):
        for k, side in enumerate(sides):
            t0 = time.perf_counter()
            for _ in range(number):
                out = side["call"]()
            if side.get("sync"):
                side["sync"](out)
            samples[k].append((time.perf_counter() - t0) / number)
    ours["time"], ref["time"] = statistics.median(samples[0]), statistics.median(samples[1])
    ours["ratio"] = statistics.median(a / b for a, b in zip(samples[0], samples[1]))



def guarded(name: str, fn: Callable[[], dict], errors: list[str]) -> dict:
    """Run one measurement; on failure record the error and return an empty result."""
    try:
        return fn()
    except Exception as err:  # noqa: BLE001 - a column that cannot run is reported, not fatal
        errors.append(f"{name}: {type(err).__name__}: {err}")
        if "--verbose" in sys.argv:
            traceback.print_exc()
        return {}


def ms(res: dict, key: str = "time") -> str:
    return f"{res[key] * 1e3:.2f} ms" if key in res else "FAILED"


def ratio(ours: dict, ref: dict) -> str:
    return f"{ours['ratio']:.2f}x" if "ratio" in ours else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="recurrent nets: theano.scan in theano-xla vs lax.scan by hand")
    parser.add_argument("--quick", action="store_true", help="fast smoke run: fewer repeats, a 100-step RBM chain")
    parser.add_argument("--no-pytensor", action="store_true", help="skip the PyTensor columns")
    parser.add_argument("--verbose", action="store_true", help="print tracebacks of failing columns")
    args = parser.parse_args(argv)
    cfg = ({"number": 2, "repeats": 3, "rbm_number": 1} if args.quick
           else {"number": 5, "repeats": 5, "rbm_number": 1})
    n_gibbs = 100 if args.quick else 1000

    import jax
    import theano

    jax.jit(lambda v: v + 1)(np.float32(0)).block_until_ready()
    errors: list[str] = []
    dev = jax.devices()[0]
    print(f"theano-xla {theano.__version__} | jax {jax.__version__} | device {theano.config.device} "
          f"({dev.platform}: {dev.device_kind}) | {'quick' if args.quick else 'full'} run | float32")

    ours, ref = guarded("theano-xla RNN", lambda: bench_theano_rnn(), errors), \
        guarded("jax RNN", lambda: bench_jax_rnn(), errors)
    guarded("timing RNN", lambda: time_pair(ours, ref, cfg["number"], cfg["repeats"]), errors)
    print(f"1. RNN tanh {N_IN}->{N_HID}, {N_STEPS} steps, batch {BATCH}: loss + gradient w.r.t. all weights")
    print(f"   theano-xla {ms(ours)} (build + first call {ours.get('compile', float('nan')):.2f} s)   "
          f"jax {ms(ref)} (jit + first call {ref.get('compile', float('nan')):.2f} s)   ratio ours/jax {ratio(ours, ref)}")
    have_pytensor = False
    if not args.no_pytensor:
        have_pytensor = importlib.util.find_spec("pytensor") is not None  # optional peer: never a dependency
        if not have_pytensor:
            print("   pytensor (default mode): not installed   pytensor mode=\"JAX\": not installed")
    print(f"2. the same RNN, n_steps symbolic over one {N_STEPS}-step bucket, trip counts {list(TRIP_COUNTS)}:")
    for last_state, what in ((True, "loss on the last state h[-1]"), (False, "loss mean(h**2) over every step")):
        trips = guarded(f"theano-xla symbolic n_steps ({what})", lambda: bench_theano_trip_counts(last_state), errors)
        if trips:
            print(f"   {what}: {trips['compilations']} compilations over {trips['calls']} calls ({trips['distinct']} "
                  f"distinct trip counts; every function output keeps its shape); first call of a new trip count "
                  f"{trips['first']:.2f} s, a repeated one {trips['again'] * 1e3:.1f} ms")
    print("   (per-step outputs read only at their last step are kept as one value, and the trip count is a run-time "
          "value of one program; per-step outputs read whole have the trip count as their length, one program each)")
    ours, ref = guarded("theano-xla LSTM LM", lambda: bench_theano_lm(), errors), \
        guarded("jax LSTM LM", lambda: bench_jax_lm(), errors)
    guarded("timing LSTM LM", lambda: time_pair(ours, ref, cfg["number"], cfg["repeats"]), errors)
    print(f"3. LSTM language model SGD step: vocabulary {VOCAB}, embedding {EMB}, LSTM {LM_HID}, {LM_STEPS} steps, "
          f"batch {BATCH}")
    print(f"   theano-xla {ms(ours)} (build + first call {ours.get('compile', float('nan')):.2f} s)   "
          f"jax {ms(ref)} (jit + first call {ref.get('compile', float('nan')):.2f} s)   ratio ours/jax {ratio(ours, ref)}")
    ours, ref = guarded("theano-xla RBM", lambda: bench_theano_rbm(n_gibbs), errors), \
        guarded("jax RBM", lambda: bench_jax_rbm(n_gibbs), errors)
    guarded("timing RBM", lambda: time_pair(ours, ref, cfg["rbm_number"], cfg["repeats"]), errors)
    print(f"4. RBM Gibbs chain, {n_gibbs} steps, visible {N_VIS}, hidden {N_RBM_HID}, batch {RBM_BATCH}")
    print(f"   theano-xla (MRG_RandomStreams) {ms(ours)} (build + first call {ours.get('compile', float('nan')):.2f} s)"
          f"   jax (jax.random) {ms(ref)}   ratio ours/jax {ratio(ours, ref)}")
    if have_pytensor:  # last: PyTensor's JAX backend switches JAX's x64 flag on process-wide
        for label, mode in (("default mode", None), ('mode="JAX"', "JAX")):
            res = guarded(f"pytensor {label} RNN", lambda: bench_pytensor_rnn(cfg, mode), errors)
            print(f"   pytensor ({label}) RNN row 1: {ms(res)}")
    for e in errors:
        print("FAILED", e)
    return 0


if __name__ == "__main__":
    sys.exit(main())

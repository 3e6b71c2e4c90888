"""Side-by-side timings of theano-xla against hand-written JAX (and PyTensor, when it is installed).

    python benchmarks/run.py            # full run (about a minute on two CPU cores)
    python benchmarks/run.py --quick    # smoke run: fewer repeats
    THEANO_FLAGS=device=cuda python benchmarks/run.py   # both sides on the GPU, plus the large-MLP GPU rows

Measurements, each printed with its ratio against hand-written JAX and the project's target:
  1. per-call overhead of f(x, y) = x + y on float64 scalars: theano.function (which returns numpy arrays) vs
     jax.jit with numpy arguments plus np.asarray of the result, the same contract; jax.jit's asynchronous
     dispatch alone (no result on the host) is printed beside it. Both sides alternate over rounds, best of each;
  2. one SGD step of a 784-512-512-10 tanh MLP with softmax cross-entropy, batch 128, float32,
     parameters as shared variables (theano.function with updates vs jax.jit with donated parameters, at the
     float32 matmul precision of config.matmul_precision, fetching np.asarray(loss) each step as theano.function
     returns its cost; JAX's asynchronous loop without fetching is printed beside it);
  3. compile time of that step (building the function plus its first call);
  4. the tutorial's minibatch idiom (benchmarks/minibatch.py): the dataset in shared variables on the device,
     the symbolic minibatch index in `givens`, one call per minibatch returning the cost, vs a hand-written
     jax.jit step slicing with lax.dynamic_slice and returning np.asarray(cost) (logistic regression, batch 600,
     and the tutorial's 784-500-10 MLP, batch 20), alternating epochs, best of each.
A last line compares the XLA cost analysis (FLOPs) of that MLP's compiled gradient with `jax.grad` of the
hand-written loss (the gradient graph should cost what JAX's does; tests/lowering/test_grad_cost.py checks it).
Steps and calls are timed with the two sides alternating over rounds (best round of each). Benchmarks are never
assertions: nothing here fails a build.
Reliability figures have their own scripts: benchmarks/deep_graphs.py (time per stage of 10k/30k/100k-op
chains, at the default recursion limit) and benchmarks/memory.py (RSS and live device arrays over 10,000 steps).
benchmarks/dropout_mlp.py times a dropout MLP step whose masks come from MRG_RandomStreams inside the function
against the same step written with jax.random (target <= 1.10x).
benchmarks/rnn.py times recurrent nets through theano.scan (an RNN's loss and gradient, the same RNN with a symbolic
n_steps and its compilation count, an LSTM language-model step, a 1,000-step RBM Gibbs chain with MRG_RandomStreams)
against lax.scan written by hand.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import traceback
from typing import Any, Callable, Sequence

import numpy as np

N_IN, N_HID, N_OUT, BATCH = 784, 512, 10, 128
LEARNING_RATE = 0.01
TARGETS = {"call": 1.30, "step": 1.10, "mb_logreg": 1.05, "mb_mlp": 1.05}


# ---------------------------------------------------------------------------- timing helpers

def per_call_seconds(fn: Callable[[], Any], number: int, repeats: int, warmup: int = 3,
                     sync: Callable[[Any], Any] | None = None) -> float:
    """Median over `repeats` of (time for `number` calls of fn) / number, after `warmup` calls."""
    out = None
    for _ in range(warmup):
        out = fn()
    if sync is not None:
        sync(out)
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(number):
            out = fn()
        if sync is not None:
            sync(out)
        samples.append((time.perf_counter() - t0) / number)
    return statistics.median(samples)


def alternating_best(fns: dict[str, Callable[[], Any]], number: int, rounds: int, warmup: int = 3) -> dict[str, float]:
    """Best over `rounds` of (time for `number` calls) / number for each fn, the fns taking turns in every round, so
    that a noisy machine slows both sides alike (ratios from one run, never absolute numbers from separate runs)."""
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    best = {name: float("inf") for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            best[name] = min(best[name], (time.perf_counter() - t0) / number)
    return best


def mlp_data(seed: int = 0) -> dict[str, np.ndarray]:
    """Glorot-uniform float32 parameters and one random float32 batch with int32 labels."""
    rng = np.random.RandomState(seed)

    def glorot(n_in: int, n_out: int) -> np.ndarray:
        bound = np.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-bound, bound, size=(n_in, n_out)).astype(np.float32)

    return {
        "W1": glorot(N_IN, N_HID), "b1": np.zeros(N_HID, np.float32),
        "W2": glorot(N_HID, N_HID), "b2": np.zeros(N_HID, np.float32),
        "W3": glorot(N_HID, N_OUT), "b3": np.zeros(N_OUT, np.float32),
        "x": rng.rand(BATCH, N_IN).astype(np.float32),
        "y": rng.randint(0, N_OUT, size=BATCH).astype(np.int32),
    }


PARAM_NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")


def mlp_nll(T: Any, softmax: Callable[[Any], Any], params: Sequence[Any], x: Any, y: Any) -> Any:
    """The MLP's mean negative log-likelihood as a Theano user writes it, in the tensor module T
    (theano.tensor or pytensor.tensor) with its softmax."""
    W1, b1, W2, b2, W3, b3 = params
    h1 = T.tanh(T.dot(x, W1) + b1)
    h2 = T.tanh(T.dot(h1, W2) + b2)
    p_y = softmax(T.dot(h2, W3) + b3)
    return -T.mean(T.log(p_y)[T.arange(y.shape[0]), y])


# ---------------------------------------------------------------------------- theano-xla

def bench_call(cfg: dict[str, int]) -> tuple[dict[str, float], dict[str, float]]:
    """Per-call overhead of f(x, y) = x + y on float64 scalars (seconds), the sides alternating: theano.function,
    jax.jit + np.asarray of the result (the contract theano.function keeps), jax.jit's asynchronous dispatch.
    Returns (ours, jax) columns; jax's "call" is the np.asarray contract, "call_async" the dispatch alone."""
    import jax
    import theano
    import theano.tensor as T
    from theano.lowering.device import current_device

    x, y = T.dscalar("x"), T.dscalar("y")
    f = theano.function([x, y], x + y)
    a, b = np.float64(1.5), np.float64(2.25)
    assert float(f(a, b)) == 3.75
    with jax.enable_x64(True), jax.default_device(current_device()):  # a JAX user switches x64 on once
        add = jax.jit(lambda u, v: u + v)
        assert float(add(a, b)) == 3.75
        best = alternating_best({"ours": lambda: f(a, b), "jax_np": lambda: np.asarray(add(a, b)),
                                 "jax_async": lambda: add(a, b)},
                                cfg["call_number"] // 4, 4 * cfg["repeats"])
        add(a, b).block_until_ready()
    return {"call": best["ours"]}, {"call": best["jax_np"], "call_async": best["jax_async"]}


def theano_mlp_step(d: dict[str, np.ndarray]) -> tuple[Any, Any, Any, list[tuple[Any, Any]]]:
    """The MLP's SGD step as a Theano user writes it: (x, y, cost, updates), parameters shared (floatX float32)."""
    import theano
    import theano.tensor as T

    theano.config.floatX = "float32"
    params = [theano.shared(d[k], name=k, borrow=False) for k in PARAM_NAMES]
    xb, yb = T.matrix("x"), T.ivector("y")
    cost = mlp_nll(T, T.nnet.softmax, params, xb, yb)
    grads = T.grad(cost, params)
    return xb, yb, cost, [(p, p - LEARNING_RATE * g) for p, g in zip(params, grads)]


def theano_mlp_fn() -> tuple[float, Callable[[], Any]]:
    """theano-xla: (compile seconds, one SGD step returning the numpy cost), written as a Theano user would."""
    import theano

    d = mlp_data()
    t0 = time.perf_counter()
    xb, yb, cost, updates = theano_mlp_step(d)
    step = theano.function([xb, yb], cost, updates=updates)
    step(d["x"], d["y"])
    return time.perf_counter() - t0, lambda: step(d["x"], d["y"])


def _xla_flops(cost: Any) -> float:
    return float((cost[0] if isinstance(cost, (list, tuple)) else cost)["flops"])


def bench_grad_flops() -> dict[str, float]:
    """FLOPs (XLA cost analysis) of the MLP gradient: theano.function of T.grad vs jax.grad of the same loss."""
    import jax
    import jax.numpy as jnp
    import theano
    import theano.tensor as T
    from theano.lowering.device import x64_scope

    d = mlp_data()
    params = [theano.shared(d[k], name=k) for k in PARAM_NAMES]
    xb, yb = T.fmatrix("x"), T.ivector("y")
    grads = T.grad(mlp_nll(T, T.nnet.softmax, params, xb, yb), params)
    f = theano.function([xb, yb], grads)
    values = [conv(a) for conv, a in zip(f._converters, (d["x"], d["y"]))]
    shared_vals = [s.get_value(borrow=True) for s in f._shared]
    with x64_scope():
        key = () if f._shape_program.empty else f._shape_program.evaluate(values + shared_vals)
        ours = _xla_flops(f._jitted.lower(key, *values, *shared_vals).compile().cost_analysis())

    def loss_fn(ps: list[Any], x: Any, y: Any) -> Any:
        h1 = jnp.tanh(x @ ps[0] + ps[1])
        h2 = jnp.tanh(h1 @ ps[2] + ps[3])
        prob = jax.nn.softmax(h2 @ ps[4] + ps[5])
        return -jnp.mean(jnp.log(prob)[jnp.arange(x.shape[0]), y])

    ref = _xla_flops(jax.jit(jax.grad(loss_fn)).lower([d[k] for k in PARAM_NAMES], d["x"], d["y"]).compile()
                     .cost_analysis())
    return {"ours": ours, "jax": ref}


# ---------------------------------------------------------------------------- hand-written JAX

def jax_sgd_step(params: dict[str, Any], x: Any, y: Any) -> tuple[dict[str, Any], Any]:
    """The MLP's SGD step written directly in JAX: (new parameters, loss)."""
    import jax
    import jax.numpy as jnp

    try:  # the float32 matmul precision of theano-xla's policy (config.matmul_precision), so both do the same work
        from theano.lowering.precision import dot_precision
        precision = dot_precision("float32")
    except Exception:
        precision = None

    def mm(a: Any, b: Any) -> Any:
        return jnp.dot(a, b, precision=precision)

    def loss_fn(params: dict[str, Any], x: Any, y: Any) -> Any:
        h1 = jnp.tanh(mm(x, params["W1"]) + params["b1"])
        h2 = jnp.tanh(mm(h1, params["W2"]) + params["b2"])
        logp = jax.nn.log_softmax(mm(h2, params["W3"]) + params["b3"])
        return -jnp.mean(jnp.take_along_axis(logp, y[:, None], axis=1))

    loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
    return jax.tree_util.tree_map(lambda p, g: p - LEARNING_RATE * g, params, grads), loss


def jax_mlp_fn() -> tuple[float, Callable[[], Any]]:
    """Hand-written JAX: (compile seconds, one donated-parameter SGD step returning the loss as a jax.Array)."""
    import jax

    try:  # run on the device theano-xla is configured for, so both sides compare like with like
        from theano.lowering.device import current_device
        device = current_device()
    except Exception:
        device = jax.devices()[0]

    d = mlp_data()
    t0 = time.perf_counter()
    step = jax.jit(jax_sgd_step, donate_argnums=(0,))
    state = {"params": {k: jax.device_put(d[k], device) for k in PARAM_NAMES}}
    xb, yb = d["x"], d["y"]

    def one_step() -> jax.Array:
        state["params"], loss = step(state["params"], xb, yb)
        return loss

    one_step().block_until_ready()
    return time.perf_counter() - t0, one_step


def bench_mlp(cfg: dict[str, int]) -> tuple[dict[str, float], dict[str, float]]:
    """The MLP step on both sides: compile time (one build each, ours first) and the step, timed in alternation
    (best round of each) under theano.function's contract (JAX fetches np.asarray(loss) each step); JAX's
    asynchronous loop (one wait per round) as `step_async`."""
    ours_compile, ours_step = theano_mlp_fn()
    jax_compile, jax_step = jax_mlp_fn()
    best = alternating_best({"ours": ours_step, "jax": lambda: np.asarray(jax_step())},
                            cfg["step_number"], cfg["repeats"])
    ours = {"compile": ours_compile, "step": best["ours"]}
    ref = {"compile": jax_compile, "step": best["jax"],
           "step_async": per_call_seconds(jax_step, cfg["step_number"], cfg["repeats"],
                                          sync=lambda o: o.block_until_ready())}
    return ours, ref


# ---------------------------------------------------------------------------- PyTensor (optional)

def bench_pytensor(cfg: dict[str, int], mode: str | None) -> dict[str, float]:
    """PyTensor in its default mode (mode=None) or mode='JAX': the same three measurements."""
    import warnings

    import pytensor
    import pytensor.tensor as pt

    warnings.filterwarnings("ignore", module="pytensor")
    warnings.filterwarnings("ignore", message=".*JAX tracing would remove it")

    res: dict[str, float] = {}
    x, y = pt.dscalar("x"), pt.dscalar("y")
    f = pytensor.function([x, y], x + y, mode=mode)
    a, b = np.float64(1.5), np.float64(2.25)
    assert float(f(a, b)) == 3.75
    res["call"] = per_call_seconds(lambda: f(a, b), cfg["call_number"], cfg["repeats"], sync=np.asarray)

    d = mlp_data()
    with pytensor.config.change_flags(floatX="float32"):
        t0 = time.perf_counter()
        params = [pytensor.shared(d[k], name=k) for k in PARAM_NAMES]
        # static batch shapes: PyTensor's JAX backend cannot trace arange over a symbolic batch size
        xb = pt.matrix("x", dtype="float32", shape=(BATCH, N_IN))
        yb = pt.vector("y", dtype="int32", shape=(BATCH,))
        cost = mlp_nll(pt, lambda z: pt.special.softmax(z, axis=-1), params, xb, yb)
        grads = pytensor.grad(cost, params)
        lr = np.float32(LEARNING_RATE)
        updates = [(p, p - lr * g) for p, g in zip(params, grads)]
        step = pytensor.function([xb, yb], cost, updates=updates, mode=mode)
        step(d["x"], d["y"])
        res["compile"] = time.perf_counter() - t0
    # mode="JAX" returns JAX arrays without waiting for them: block on the last one of each repeat
    res["step"] = per_call_seconds(lambda: step(d["x"], d["y"]), cfg["step_number"], cfg["repeats"],
                                   sync=np.asarray)
    return res


# ---------------------------------------------------------------------------- report

def run_guarded(name: str, fn: Callable[[], dict[str, float]], errors: list[str]) -> dict[str, float]:
    """Run one column; on failure record the error and leave the column empty."""
    try:
        return fn()
    except Exception as err:  # a benchmark column that cannot run is reported, not fatal
        errors.append(f"{name}: {type(err).__name__}: {err}")
        if "--verbose" in sys.argv:
            traceback.print_exc()
        return {}


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    return f"{value * 1e6:.1f} us" if unit == "us" else (f"{value * 1e3:.2f} ms" if unit == "ms" else f"{value:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="theano-xla vs hand-written JAX (and PyTensor if installed)")
    parser.add_argument("--quick", action="store_true", help="fast smoke run: fewer calls and repeats")
    parser.add_argument("--no-pytensor", action="store_true", help="skip the PyTensor columns")
    parser.add_argument("--verbose", action="store_true", help="print tracebacks of failing columns")
    parser.add_argument("--no-gpu-rows", action="store_true", help="skip the large-MLP GPU rows (gpu_mlp.py)")
    parser.add_argument("--gpu-sizes", action="store_true",
                        help="run the large-MLP GPU rows even without a GPU (one short round: a smoke test)")
    args = parser.parse_args(argv)
    cfg = ({"call_number": 200, "step_number": 5, "repeats": 3} if args.quick
           else {"call_number": 2000, "step_number": 30, "repeats": 7})

    import jax
    import theano

    jax.jit(lambda v: v + 1)(np.float32(0)).block_until_ready()  # start the backend before any timing
    errors: list[str] = []
    cols: list[tuple[str, dict[str, float]]] = []
    ours: dict[str, float] = {}
    ref: dict[str, float] = {}
    for ours_part, ref_part in run_guarded("call overhead", lambda: [bench_call(cfg)], errors) or []:
        ours.update(ours_part)
        ref.update(ref_part)
    for ours_part, ref_part in run_guarded("MLP step", lambda: [bench_mlp(cfg)], errors) or []:
        ours.update(ours_part)
        ref.update(ref_part)
    from minibatch import bench_minibatch  # benchmarks/minibatch.py, beside this file
    for ours_part, ref_part in run_guarded("minibatch idiom", lambda: [bench_minibatch(cfg)], errors) or []:
        ours.update(ours_part)
        ref.update(ref_part)
    flops = run_guarded("MLP gradient FLOPs", bench_grad_flops, errors)
    cols += [("theano-xla", ours), ("jax (hand-written)", ref)]

    have_pytensor = False
    if not args.no_pytensor:
        try:
            import pytensor  # noqa: F401  (optional peer: never a dependency)
            have_pytensor = True
        except ImportError:
            pass
    if have_pytensor:  # last: PyTensor's JAX backend switches JAX's x64 flag on process-wide
        cols.append(("pytensor (default)", run_guarded("pytensor default mode", lambda: bench_pytensor(cfg, None), errors)))
        cols.append(('pytensor mode="JAX"', run_guarded("pytensor JAX mode", lambda: bench_pytensor(cfg, "JAX"), errors)))

    rows = [("call overhead, f(x, y) = x + y, float64 scalars (jax: jit + np.asarray)", "call", "us"),
            ("MLP SGD step 784-512-512-10, batch 128, float32", "step", "ms"),
            ("MLP step compile (build + first call)", "compile", "s"),
            ("minibatch idiom: givens slice of shared data, logreg 784-10, batch 600", "mb_logreg", "ms"),
            ("minibatch idiom: givens slice of shared data, MLP 784-500-10, batch 20", "mb_mlp", "ms")]
    header = ["benchmark"] + [c for c, _ in cols] + ["ratio ours/jax", "target"]
    table = [header]
    for title, key, unit in rows:
        line = [title] + [fmt(res.get(key), unit) for _, res in cols]
        ratio = ours[key] / ref[key] if key in ours and key in ref else None
        target = TARGETS.get(key)
        line.append("n/a" if ratio is None else f"{ratio:.2f}x")
        if target is None:
            line.append("-")
        else:
            verdict = "" if ratio is None else (" ok" if ratio <= target else " MISSED")
            line.append(f"<= {target:.2f}x{verdict}")
        table.append(line)
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    dev = jax.devices()[0]
    print(f"theano-xla {theano.__version__} | jax {jax.__version__} | device {theano.config.device} "
          f"({dev.platform}: {dev.device_kind}) | {'quick' if args.quick else 'full'} run")
    for k, r in enumerate(table):
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths)))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    if "call_async" in ref and "call" in ours:
        print(f"call overhead, the other contract: jax.jit asynchronous dispatch alone (no result on the host) "
              f"{fmt(ref['call_async'], 'us')}, theano-xla/that {ours['call'] / ref['call_async']:.2f}x "
              f"(theano.function returns numpy arrays, so it always waits for its result)")
    if "step_async" in ref and "step" in ours:
        print(f"MLP SGD step, the other contract: hand-written JAX without fetching the loss each step (blocks once "
              f"per round) {fmt(ref['step_async'], 'ms')}, theano-xla/that {ours['step'] / ref['step_async']:.2f}x")
    for key in ("mb_logreg", "mb_mlp"):
        if key + "_async" in ref and key in ours:
            print(f"{key}: hand-written JAX without fetching the cost each step (blocks once per epoch) "
                  f"{fmt(ref[key + '_async'], 'ms')}, theano-xla/that {ours[key] / ref[key + '_async']:.2f}x")
    if flops:
        print(f"MLP gradient FLOPs (XLA cost analysis): theano-xla {flops['ours']:.4g}, jax.grad {flops['jax']:.4g}, "
              f"ratio {flops['ours'] / flops['jax']:.3f}x (target <= 1.10x"
              f"{' ok' if flops['ours'] <= 1.1 * flops['jax'] else ' MISSED'})")
    if not have_pytensor and not args.no_pytensor:
        print("(pytensor not installed: its columns are skipped; `pip install pytensor` to add them)")
    # the GPU rows: large MLPs in both matmul_precision settings (benchmarks/gpu_mlp.py; skipped without a GPU)
    if not args.no_gpu_rows:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import gpu_mlp
        run_guarded("GPU rows", lambda: gpu_mlp.report(force=args.gpu_sizes, quick=args.quick) or {}, errors)
    for e in errors:
        print("FAILED", e)
    return 0


if __name__ == "__main__":
    sys.exit(main())

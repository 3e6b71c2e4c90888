"""Large-MLP SGD steps on a GPU in both precision settings (issue 13): theano-xla next to hand-written JAX.

    THEANO_FLAGS=device=cuda python benchmarks/gpu_mlp.py        # the GPU rows (benchmarks/run.py prints them too)
    python benchmarks/gpu_mlp.py --gpu-sizes                      # force the GPU sizes on a CPU: 1 round, smoke test
    python benchmarks/gpu_mlp.py --sizes 256-512-512-10:128       # other sizes (in-h1-h2-out:batch), any device

Each size is a tanh MLP with softmax cross-entropy, float32, one SGD step per call: theano-xla with shared
parameters and `theano.function(..., updates=...)`, built under `config.matmul_precision` = `default` (the fast
TF32 setting) and `highest` (the default: full float32, Theano's numerics); hand-written JAX (`jax.jit`, donated
parameters) at JAX's default precision and at `precision="highest"`. Targets: ours fast <= 1.03x JAX at its
default; ours highest <= 1.03x JAX at highest. Each pair is timed under both call contracts, like with like:
"numpy cost" (theano.function returns the cost as a numpy array, so every step waits for the device; JAX fetches
`np.asarray(loss)` every step) and "device outputs" (`return_device_arrays=True`; JAX's asynchronous dispatch, one
wait per round). The eight steps are timed in alternation over several rounds and the best round of each is kept,
so a noisy machine biases no side. A line per size gives the relative error of
the first layer's product against float64 numpy in each of our settings (the accuracy side of the trade).
The rows run only where config.device is a GPU; elsewhere they print that they are skipped.
"""
from __future__ import annotations

import argparse
import functools
import sys
import time
from typing import Any, Callable

import numpy as np

GPU_SIZES = [((1024, 4096, 4096, 1000), 1024), ((4096, 8192, 8192, 1000), 4096)]
TARGET = 1.03
LEARNING_RATE = 0.01
SETTINGS = (("fast", "default", None), ("full float32", "highest", "highest"))  # label, ours, jax's precision
CONTRACTS = (("numpy cost", False), ("device outputs", True))  # label, outputs left on the device


def mlp_data(dims: tuple[int, ...], batch: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Glorot-uniform float32 weights, zero biases, a random float32 batch and int32 labels."""
    rng = np.random.RandomState(seed)
    d: dict[str, np.ndarray] = {}
    for k, (n_in, n_out) in enumerate(zip(dims[:-1], dims[1:])):
        bound = np.sqrt(6.0 / (n_in + n_out))
        d[f"W{k}"] = rng.uniform(-bound, bound, size=(n_in, n_out)).astype(np.float32)
        d[f"b{k}"] = np.zeros(n_out, np.float32)
    d["x"] = rng.rand(batch, dims[0]).astype(np.float32)
    d["y"] = rng.randint(0, dims[-1], size=batch).astype(np.int32)
    return d


def param_names(dims: tuple[int, ...]) -> list[str]:
    return [f"{p}{k}" for k in range(len(dims) - 1) for p in ("W", "b")]


def theano_step(d: dict[str, np.ndarray], dims: tuple[int, ...], precision: str,
                device_outputs: bool = False) -> Callable[[], Any]:
    """The SGD step as a Theano user writes it, compiled under config.matmul_precision=`precision`; with
    `device_outputs` the cost stays a jax.Array and the call does not wait (return_device_arrays=True)."""
    import theano
    import theano.tensor as T

    with theano.change_flags(floatX="float32", matmul_precision=precision):
        params = [theano.shared(d[k], name=k) for k in param_names(dims)]
        x, y = T.fmatrix("x"), T.ivector("y")
        h = x
        for k in range(0, len(params) - 2, 2):
            h = T.tanh(T.dot(h, params[k]) + params[k + 1])
        p_y = T.nnet.softmax(T.dot(h, params[-2]) + params[-1])
        cost = -T.mean(T.log(p_y)[T.arange(y.shape[0]), y])
        grads = T.grad(cost, params)
        step = theano.function([x, y], cost, updates=[(p, p - LEARNING_RATE * g) for p, g in zip(params, grads)],
                               return_device_arrays=device_outputs)
    xb, yb = d["x"], d["y"]
    return lambda: step(xb, yb)  # numpy (waits for the step) or a jax.Array (does not)


def jax_step(d: dict[str, np.ndarray], dims: tuple[int, ...], precision: str | None,
             fetch: bool = True) -> Callable[[], Any]:
    """The same step written directly in JAX at `precision` (None: JAX's default), donated parameters; `fetch`:
    the loss comes back as `np.asarray(loss)` each step (theano.function's contract), else it stays a jax.Array."""
    import jax
    import jax.numpy as jnp

    from theano.lowering.device import current_device

    names = param_names(dims)
    dot = functools.partial(jnp.dot, precision=precision)

    def loss_fn(params: dict[str, Any], x: Any, y: Any) -> Any:
        h = x
        for k in range(len(dims) - 2):
            h = jnp.tanh(dot(h, params[f"W{k}"]) + params[f"b{k}"])
        k = len(dims) - 2
        logp = jax.nn.log_softmax(dot(h, params[f"W{k}"]) + params[f"b{k}"])
        return -jnp.mean(jnp.take_along_axis(logp, y[:, None], axis=1))

    def sgd(params: dict[str, Any], x: Any, y: Any) -> tuple[dict[str, Any], Any]:
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        return jax.tree_util.tree_map(lambda p, g: p - LEARNING_RATE * g, params, grads), loss

    device = current_device()
    step = jax.jit(sgd, donate_argnums=(0,))
    state = {"params": {k: jax.device_put(d[k], device) for k in names}}
    xb, yb = d["x"], d["y"]  # numpy batches, as theano-xla's side gets them (one transfer per step each)

    def one() -> Any:
        state["params"], loss = step(state["params"], xb, yb)
        return np.asarray(loss) if fetch else loss
    return one


def best_of_rounds(fns: dict[str, Callable[[], Any]], number: int, rounds: int, warmup: int = 2) -> dict[str, float]:
    """Seconds per call of each fn: the best of `rounds` rounds of `number` calls, the fns alternating."""
    import jax

    for fn in fns.values():  # compile and warm up
        for _ in range(warmup):
            jax.block_until_ready(fn())
    best = {name: float("inf") for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            out = None
            for _ in range(number):
                out = fn()
            jax.block_until_ready(out)
            best[name] = min(best[name], (time.perf_counter() - t0) / number)
    return best


def first_layer_error(d: dict[str, np.ndarray], precision: str) -> float:
    """Max relative error of x @ W0 computed by theano-xla under `precision`, against float64 numpy."""
    import theano
    import theano.tensor as T

    with theano.change_flags(matmul_precision=precision):
        x, w = T.fmatrix(), T.fmatrix()
        f = theano.function([x, w], T.dot(x, w))
    ref = d["x"].astype(np.float64) @ d["W0"].astype(np.float64)
    return float(np.max(np.abs(f(d["x"], d["W0"]) - ref)) / np.max(np.abs(ref)))


def gpu_present() -> bool:
    """Whether theano-xla runs on a GPU here (config.device names one that JAX has)."""
    try:
        from theano.lowering.device import current_device
        return current_device().platform in ("gpu", "cuda", "rocm")
    except Exception:
        return False


def run_rows(sizes: list[tuple[tuple[int, ...], int]], number: int, rounds: int, out: Any = sys.stdout,
             warmup: int = 2) -> list[dict]:
    """Time every size in both settings and print the table; returns the rows (seconds per step)."""
    rows = []
    for dims, batch in sizes:
        d = mlp_data(dims, batch)
        fns: dict[str, Callable[[], Any]] = {}
        for label, ours, theirs in SETTINGS:
            for contract, on_device in CONTRACTS:
                fns[f"ours {label} {contract}"] = theano_step(d, dims, ours, device_outputs=on_device)
                fns[f"jax {label} {contract}"] = jax_step(d, dims, theirs, fetch=not on_device)
        t = best_of_rounds(fns, number, rounds, warmup)
        errs = {ours: first_layer_error(d, ours) for _, ours, _ in SETTINGS}
        rows.append({"dims": dims, "batch": batch, "times": t, "errors": errs})
        name = "-".join(map(str, dims)) + f" batch {batch}"
        for label, ours, theirs in SETTINGS:
            for contract, on_device in CONTRACTS:
                mine, ref = t[f"ours {label} {contract}"], t[f"jax {label} {contract}"]
                ratio = mine / ref
                how = ("return_device_arrays=True; jax without fetching the loss" if on_device
                       else "cost as numpy each step; jax with np.asarray(loss) each step")
                print(f"  MLP SGD step {name}, {label}, {contract} ({how}): theano-xla (matmul_precision={ours}) "
                      f"{mine * 1e3:.2f} ms, jax at {theirs or 'its default'} {ref * 1e3:.2f} ms, ratio {ratio:.2f}x "
                      f"(target <= {TARGET:.2f}x {'ok' if ratio <= TARGET else 'MISSED'})", file=out)
        print("  relative error of x @ W0 vs float64: " + ", ".join(f"{k} {v:.1e}" for k, v in errs.items()), file=out)
    return rows


def report(force: bool = False, quick: bool = False, out: Any = sys.stdout) -> None:
    """The GPU rows of benchmarks/run.py: run them on a GPU (or when forced, one short round), else say skipped."""
    if not (force or gpu_present()):
        print("GPU rows (large MLPs, matmul_precision default vs highest): skipped, no GPU in config.device "
              "(run with THEANO_FLAGS=device=cuda on a GPU machine, or --gpu-sizes to force them here)", file=out)
        return
    from theano.lowering.device import current_device
    dev = current_device()
    print(f"GPU rows ({dev.platform}: {dev.device_kind}), best of alternating rounds:", file=out)
    if gpu_present():
        run_rows(GPU_SIZES, *((5, 3) if quick else (10, 7)), out)
    else:  # forced on a CPU: a smoke test of the rows (one compile call, one timed step each; slow at these sizes)
        run_rows(GPU_SIZES, 1, 1, out, warmup=1)


def parse_sizes(text: str) -> list[tuple[tuple[int, ...], int]]:
    """'in-h1-h2-out:batch,...' -> [((in, h1, h2, out), batch), ...]."""
    sizes = []
    for item in text.split(","):
        dims, batch = item.split(":")
        sizes.append((tuple(int(v) for v in dims.split("-")), int(batch)))
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="large MLP steps, matmul_precision default vs highest, vs JAX")
    parser.add_argument("--gpu-sizes", action="store_true", help="run the GPU sizes even without a GPU (1 round)")
    parser.add_argument("--sizes", help="other sizes 'in-h1-h2-out:batch,...', run on any device")
    parser.add_argument("--quick", action="store_true", help="fewer steps and rounds")
    parser.add_argument("--rounds", type=int, default=None, help="alternating rounds (default 7, quick 3)")
    args = parser.parse_args(argv)
    if args.sizes:
        run_rows(parse_sizes(args.sizes), 5 if args.quick else 10, args.rounds or (3 if args.quick else 7))
    else:
        report(force=args.gpu_sizes, quick=args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())

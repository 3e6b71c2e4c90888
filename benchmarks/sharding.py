"""The MLP training step data-parallel (issue 15): 1 device against 4 forced host devices, and all GPUs when
more than one is visible.

    python benchmarks/sharding.py                  # CPU rows: 1 device, 4 forced host devices
    python benchmarks/sharding.py --steps 50 --dims 784-512-512-10 --batch 128

Each row runs in its own process (XLA_FLAGS=--xla_force_host_platform_device_count=N is read when jax starts):
the tutorial's minibatch step, `theano.function([i], cost, updates=..., givens={x: data_x[i*B:(i+1)*B], ...},
sharding=theano.sharding.data_parallel())`, on a float32 tanh MLP. It prints the step time, the rows each device
holds, whether XLA's program has the gradient all-reduce, and the largest difference of the parameters after
the steps from the 1-device run. On a 2-core machine 4 host devices share those cores, so the time does not
scale; the rows show that the program runs partitioned and gives the same numbers. With several GPUs visible
a last row runs the step over all of them.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np


def child(n_devices: int, dims: list[int], batch: int, steps: int, platform: str) -> dict:
    """Runs in the row's own process: build, train `steps` steps, time them; returns the row as a dict."""
    import jax

    import theano
    import theano.tensor as T
    from theano.lowering.sharding import place

    theano.config.floatX = "float32"
    if platform == "gpu":
        theano.config.device = "cuda"
    devices = jax.devices("gpu" if platform == "gpu" else "cpu")[:n_devices]
    rng = np.random.RandomState(0)
    n_batches = 8
    X = rng.rand(n_batches * batch, dims[0]).astype("float32")
    Y = rng.randint(0, dims[-1], n_batches * batch).astype("int32")
    params = []
    for k, (a, b) in enumerate(zip(dims[:-1], dims[1:])):
        bound = np.sqrt(6.0 / (a + b))
        params += [theano.shared(rng.uniform(-bound, bound, (a, b)).astype("float32"), name=f"W{k}"),
                   theano.shared(np.zeros(b, "float32"), name=f"b{k}")]
    x, y, i = T.fmatrix("x"), T.ivector("y"), T.lscalar("i")
    h = x
    for k in range(0, len(params) - 2, 2):
        h = T.tanh(T.dot(h, params[k]) + params[k + 1])
    p = T.nnet.softmax(T.dot(h, params[-2]) + params[-1])
    cost = T.nnet.categorical_crossentropy(p, y).mean()
    updates = [(v, v - np.float32(0.1) * g) for v, g in zip(params, T.grad(cost, params))]
    data_x, data_y = theano.shared(X, name="data_x"), theano.shared(Y, name="data_y")
    mesh = theano.sharding.make_mesh(len(devices), "batch", devices=devices)
    sharding = theano.sharding.data_parallel(mesh) if len(devices) > 1 else False
    step = theano.function([i], cost, updates=updates, sharding=sharding,
                           givens={x: data_x[i * batch:(i + 1) * batch], y: data_y[i * batch:(i + 1) * batch]})
    step(0)  # compile
    t0 = time.perf_counter()
    for k in range(steps):
        step(k % n_batches)
    elapsed = (time.perf_counter() - t0) / steps
    row = {"devices": len(devices), "platform": devices[0].platform, "step_ms": elapsed * 1e3,
           "rows_per_device": batch // len(devices), "all_reduce": False,
           "params": [pv.get_value().tolist() for pv in params[-2:]]}
    if len(devices) > 1:  # the explicit-input form of the same step shows the partitioned HLO
        g = theano.function([x, y], cost, updates=updates, sharding=sharding)
        spec = g.sharding
        batch_sh = jax.sharding.NamedSharding(spec.mesh, jax.sharding.PartitionSpec(spec.axis))
        repl = jax.sharding.NamedSharding(spec.mesh, jax.sharding.PartitionSpec())
        args = [place(X[:batch], batch_sh), place(Y[:batch], batch_sh)] + \
               [place(s.get_value(return_internal_type=True), repl) for s in g._shared]
        with jax.enable_x64(True):
            text = g._jitted.lower((), *args).compile().as_text()
        row["all_reduce"] = "all-reduce" in text
    return row


def run_row(n: int, args: argparse.Namespace, platform: str) -> dict | str:
    env = dict(os.environ)
    if platform == "cpu":
        env["XLA_FLAGS"] = (env.get("XLA_FLAGS", "") + f" --xla_force_host_platform_device_count={n}").strip()
        env["JAX_PLATFORMS"] = "cpu"
    cmd = [sys.executable, __file__, "--child", str(n), "--platform", platform, "--dims", args.dims,
           "--batch", str(args.batch), "--steps", str(args.steps)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
    for line in proc.stdout.splitlines():
        if line.startswith("ROW "):
            return json.loads(line[4:])
    return "FAILED: " + (proc.stderr.strip().splitlines() or ["no output"])[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dims", default="784-512-512-10")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--platform", default="cpu", help=argparse.SUPPRESS)
    args = ap.parse_args()
    dims = [int(d) for d in args.dims.split("-")]
    if args.child:
        print("ROW " + json.dumps(child(args.child, dims, args.batch, args.steps, args.platform)))
        return
    print(f"MLP {args.dims} float32, batch {args.batch}, givens minibatches, {args.steps} SGD steps per row")
    rows = [("1 CPU device", run_row(1, args, "cpu")), ("4 forced host devices", run_row(4, args, "cpu"))]
    try:
        import jax
        n_gpu = len(jax.devices("gpu"))
    except RuntimeError:
        n_gpu = 0
    if n_gpu > 1:
        rows += [("1 GPU", run_row(1, args, "gpu")), (f"{n_gpu} GPUs", run_row(n_gpu, args, "gpu"))]
    else:
        print(f"(multi-GPU row skipped: {n_gpu} GPU(s) visible)")
    ref = rows[0][1]
    print(f"{'setting':<24}{'step ms':>10}{'rows/device':>13}{'all-reduce':>12}{'max |dparam| vs 1 CPU':>24}")
    for label, row in rows:
        if isinstance(row, str):
            print(f"{label:<24}{row}")
            continue
        diff = "-" if isinstance(ref, str) else "%.2e" % max(
            float(np.max(np.abs(np.asarray(a) - np.asarray(b)))) for a, b in zip(row["params"], ref["params"]))
        print(f"{label:<24}{row['step_ms']:>10.2f}{row['rows_per_device']:>13}{str(row['all_reduce']):>12}{diff:>24}")


if __name__ == "__main__":
    main()

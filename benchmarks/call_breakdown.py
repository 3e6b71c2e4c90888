"""Where a minibatch-idiom call's time goes: theano-xla's call split into its program and the host work around it,
against the hand-written JAX step of benchmarks/minibatch.py (same models, same data).

    python benchmarks/call_breakdown.py                      # prints the table
    python benchmarks/call_breakdown.py --dump DIR           # also writes both compiled programs (HLO) to DIR
    python benchmarks/call_breakdown.py --dump DIR --trace   # and a profiler trace of each side (perfetto json)

Rows, in ms per step (best of the rounds, the sides alternating):
  call        theano-xla's train(i): convert, shape key, dispatch, commit the updates, read flag + cost
  program     the same compiled program called directly (shared values in, updates committed by hand), its last
              result (the flag, or flag and cost packed) read with np.asarray: the call minus our Python
  program_async  the program dispatched for every step, one wait at the end: the device's time per step (or the
              dispatch's, whichever is longer)
  jax / jax_async  the hand-written step, its cost read each step / not read
and the kernels of each compiled program (top-level instructions of its entry computation that launch work).
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from typing import Any, Callable

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import minibatch as mb  # noqa: E402

KERNEL = re.compile(r"=\s*\S+\s+(fusion|custom-call|dot|convolution|copy|reduce|scatter|gather|dynamic-slice|"
                    r"dynamic-update-slice|all-reduce|sort|select-and-scatter|reduce-window|concatenate|bitcast-convert"
                    r"|convert|while|conditional)\(")


def kernels(hlo: str) -> dict[str, int]:
    """Count of each kind of work-launching instruction in the entry computation of compiled HLO text."""
    entry = hlo[hlo.find("\nENTRY"):]
    entry = entry[:entry.find("\n}")]
    counts: dict[str, int] = {}
    for m in KERNEL.finditer(entry):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return counts


def pieces(train: Any) -> tuple[Callable[[int], Any], Callable[[int], Any], Any]:
    """(program_sync(i), program_async(i), lower(i)) for a compiled minibatch Function: its program called
    directly, the update targets committed by hand as the call path does."""
    from theano.lowering.device import x64_off, x64_on
    fn = train
    conv = fn._converters[0]
    shared = list(fn._shared)
    targets = list(fn._update_targets)
    n_out, n_iu, n_res = fn._n_outputs, len(fn._input_updates), fn._n_results
    shape_eval = None if fn._shape_program.empty else fn._shape_program.evaluate
    jitted = fn._jitted

    def dispatch(i: int, arg: Any = None) -> list:
        """One call of the program for minibatch `i`; `arg`: pass this as the index instead (same value)."""
        v = conv(i)
        sv = [s._value for s in shared]
        prev = x64_on()
        try:
            key = () if shape_eval is None else shape_eval([v, *sv])
            outs = jitted(key, v if arg is None else arg, *sv)
        finally:
            x64_off(prev)
        for t, new in zip(targets, outs[n_out + n_iu:n_res]):
            t._value = new
        return outs

    def sync(i: int, arg: Any = None) -> Any:
        return np.asarray(dispatch(i, arg)[-1])

    def lower(i: int) -> Any:
        v = conv(i)
        sv = [s._value for s in shared]
        prev = x64_on()
        try:
            key = () if shape_eval is None else shape_eval([v, *sv])
            return jitted.lower(key, v, *sv)
        finally:
            x64_off(prev)
    return sync, dispatch, lower


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--dump", default=None, help="write the compiled programs (and traces) here")
    parser.add_argument("--trace", action="store_true", help="with --dump: a jax.profiler trace of each side")
    args = parser.parse_args(argv)
    import jax
    import theano

    dev = jax.devices()[0]
    print(f"theano-xla {theano.__version__} | jax {jax.__version__} | device {theano.config.device} "
          f"({dev.platform}: {dev.device_kind})")
    data = mb.dataset()
    for name, (hidden, batch) in mb.MODELS.items():
        n = mb.N_EXAMPLES // batch
        train = mb.theano_train(hidden, batch, data)
        jtrain, _ = mb.jax_train(hidden, batch, data)
        train(0)
        psync, pasync, lower = pieces(train)
        ours_hlo = lower(0).compile().as_text()

        order = [k % n for k in range(max(n, mb.MIN_STEPS))]

        def ep(f: Callable[[int], Any], wait: bool = False) -> Callable[[], None]:
            def run() -> None:
                r = None
                for i in order:
                    r = f(i)
                if wait:
                    jax.block_until_ready(r)
            return run
        sides = {"call": ep(train), "program": ep(psync), "program_async": ep(pasync, True),
                 "jax": ep(lambda i: np.asarray(jtrain(i))), "jax_async": ep(jtrain, True)}
        # the index argument's form: ours takes a 0-d int64 numpy array (under x64), the hand-written step a Python int
        on_device = [jax.device_put(np.asarray(i, np.int64), jax.devices()[0]) for i in range(n)]
        sides["program_scalar"] = ep(lambda i: psync(i, np.int64(i)))
        sides["program_dev_index"] = ep(lambda i: psync(i, on_device[i]))
        sides["jax_int32_array"] = ep(lambda i: np.asarray(jtrain(np.asarray(i, np.int32))))
        jtrain64, _ = mb.jax_train(hidden, batch, data)

        def jax_x64(i: int) -> Any:
            with jax.enable_x64(True):
                return np.asarray(jtrain64(np.asarray(i, np.int64)))
        sides["jax_x64_int64_array"] = ep(jax_x64)
        # return_device_arrays=True: the cost stays on the device, no call waits (the flags are read one in four)
        train_dev = mb.theano_train(hidden, batch, data, device_arrays=True)
        train_dev(0)

        def device_epoch() -> None:
            cost = None
            for i in order:
                cost = train_dev(i)
            float(cost)
            train_dev.sync()
        sides["call_device"] = device_epoch
        best = {k: float("inf") for k in sides}
        for f in sides.values():
            f()
        for _ in range(args.rounds):
            for k, f in sides.items():
                t0 = time.perf_counter()
                f()
                best[k] = min(best[k], (time.perf_counter() - t0) / len(order))
        print(f"{name} (batch {batch}): " + ", ".join(f"{k} {v * 1e3:.3f}" for k, v in best.items()) + " ms/step; "
              f"call/jax {best['call'] / best['jax']:.2f}x, program/jax {best['program'] / best['jax']:.2f}x, "
              f"program_async/jax_async {best['program_async'] / best['jax_async']:.2f}x, "
              f"call_device/jax_async {best['call_device'] / best['jax_async']:.2f}x")
        # the hand-written step's program: trace jax_train's jitted step through its closure
        jhlo = _jax_hlo(hidden, batch, data)
        print(f"  kernels: theano-xla {kernels(ours_hlo)}")
        print(f"  kernels: hand-written {kernels(jhlo)}")
        if args.dump:
            os.makedirs(args.dump, exist_ok=True)
            with open(os.path.join(args.dump, f"{name}_ours.hlo"), "w") as f:
                f.write(ours_hlo)
            with open(os.path.join(args.dump, f"{name}_jax.hlo"), "w") as f:
                f.write(jhlo)
            if args.trace:
                for side, fn in (("ours", ep(train)), ("jax", ep(lambda i: np.asarray(jtrain(i)))),
                                 ("ours_device", device_epoch), ("jax_async", ep(jtrain, True))):
                    d = os.path.join(args.dump, f"trace_{name}_{side}")
                    try:
                        with jax.profiler.trace(d, create_perfetto_trace=True):
                            fn()
                        summarize_trace(d, len(order), side)
                    except Exception as err:  # a profiler the device image lacks must not stop the figures
                        print(f"  trace {side}: {type(err).__name__}: {err}")
    return 0


def summarize_trace(directory: str, steps: int, side: str, top: int = 12) -> None:
    """Print the events of a perfetto trace written under `directory`: per process (the host, each device
    stream), the busiest event names with their time and count per step."""
    import collections
    import glob
    import gzip
    import json

    paths = glob.glob(os.path.join(directory, "**", "perfetto_trace.json.gz"), recursive=True)
    if not paths:
        print(f"  trace {side}: no perfetto_trace.json.gz")
        return
    with gzip.open(paths[0]) as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    procs: dict[Any, str] = {}
    threads: dict[Any, str] = {}
    for e in events:
        if e.get("ph") == "M" and e.get("name") == "process_name":
            procs[e.get("pid")] = e["args"]["name"]
        if e.get("ph") == "M" and e.get("name") == "thread_name":
            threads[(e.get("pid"), e.get("tid"))] = e["args"]["name"]
    total: dict[tuple, float] = collections.defaultdict(float)
    count: dict[tuple, int] = collections.defaultdict(int)
    span: dict[str, list] = {}
    for e in events:
        if "dur" not in e:
            continue
        proc = procs.get(e.get("pid"), str(e.get("pid")))
        if "device" in proc.lower() or "gpu" in proc.lower():
            proc = f"{proc} / {threads.get((e.get('pid'), e.get('tid')), e.get('tid'))}"
        key = (proc, e["name"][:90])
        total[key] += e["dur"]
        count[key] += 1
        lo_hi = span.setdefault(proc, [float("inf"), 0.0])
        lo_hi[0] = min(lo_hi[0], e["ts"])
        lo_hi[1] = max(lo_hi[1], e["ts"] + e["dur"])
    for proc in sorted(span):
        rows = sorted(((v, k[1]) for k, v in total.items() if k[0] == proc), reverse=True)
        busy = sum(v for k, v in total.items() if k[0] == proc)
        print(f"  trace {side} | {proc}: {len(rows)} names, span {(span[proc][1] - span[proc][0]) / 1e3:.1f} ms, "
              f"summed durations {busy / steps:.1f} us/step")
        for v, name in rows[:top]:
            print(f"      {v / steps:9.1f} us/step {count[(proc, name)] / steps:6.2f}/step  {name}")


def _jax_hlo(hidden: Any, batch: int, data: Any) -> str:
    """Compiled HLO text of benchmarks/minibatch.py's hand-written step (rebuilt the same way)."""
    import jax

    captured: dict[str, Any] = {}
    real_jit = jax.jit

    def spy(f: Any, **kw: Any) -> Any:
        j = real_jit(f, **kw)
        captured["jit"] = j
        return j
    jax.jit = spy
    try:
        _, state = mb.jax_train(hidden, batch, data)
    finally:
        jax.jit = real_jit
    dx, dy = jax.numpy.asarray(data[0]), jax.numpy.asarray(data[1])
    return captured["jit"].lower(state["params"], dx, dy, 0).compile().as_text()


if __name__ == "__main__":
    sys.exit(main())

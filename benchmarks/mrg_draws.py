"""One MRG31k3p draw (MRG_RandomStreams' device rule, lowering/rules/mrg.py) vs jax.random.uniform, both jitted.

    python benchmarks/mrg_draws.py                       # 65,536 and 1,000,000 float32 values
    python benchmarks/mrg_draws.py --sizes 65536 --streams 15360 --dtype float64
    python benchmarks/mrg_draws.py --unroll 8,8          # the rule with other loop settings (8,8: before 2026-12-03)
    THEANO_FLAGS=device=cuda python benchmarks/mrg_draws.py

The MRG side is `mrg_uniform_jax(state, n, dtype)` under jax.jit (x64 scoped as theano.function does), the
state a (n_streams, 6) int32 device array; n_streams defaults to 15,360 (60 * 256: what MRG_RandomStreams uses
for a symbolic size such as `h.shape`, as in benchmarks/dropout_mlp.py). The JAX side is
`jax.random.uniform(key, (n,), dtype)` (threefry) with the key as argument. The two alternate over rounds and the
best of each is kept, so a loaded machine slows both alike. A benchmark, never an assertion.
"""
from __future__ import annotations

import argparse
import sys
import time
from typing import Any, Callable

import numpy as np


def alternating_best(fns: dict[str, Callable[[], Any]], number: int, rounds: int) -> dict[str, float]:
    import jax

    for fn in fns.values():
        for _ in range(3):
            jax.block_until_ready(fn())
    best = {name: float("inf") for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            for _ in range(number):
                out = fn()
            jax.block_until_ready(out)
            best[name] = min(best[name], (time.perf_counter() - t0) / number)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="MRG31k3p draw (device rule) vs jax.random.uniform")
    parser.add_argument("--sizes", default="65536,1000000", help="comma-separated numbers of values per draw")
    parser.add_argument("--streams", type=int, default=60 * 256, help="MRG streams (rows of the state)")
    parser.add_argument("--dtype", default="float32", choices=("float16", "float32", "float64"))
    parser.add_argument("--unroll", default=None, help="STRAIGHT,UNROLL: override the rule's loop settings")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    args = parser.parse_args(argv)

    import jax
    import jax.numpy as jnp
    import theano
    from theano.frontend.ops.mrg import jump_states
    from theano.lowering import device as _device
    from theano.lowering.rules import mrg as mrg_rule

    if args.unroll:
        mrg_rule._STRAIGHT_STEPS, mrg_rule._UNROLL = (int(v) for v in args.unroll.split(","))
    rounds = 5 if args.quick else args.rounds
    dev = _device.current_device()
    dtype = args.dtype
    print(f"theano-xla {theano.__version__} | jax {jax.__version__} | device {theano.config.device} "
          f"({dev.platform}: {dev.device_kind}) | rule straight={mrg_rule._STRAIGHT_STEPS} unroll={mrg_rule._UNROLL}")
    with _device.x64_scope():
        state = jax.device_put(jump_states(np.asarray([12345] * 6, dtype="int32"), args.streams), dev)
        key = jax.device_put(jax.random.PRNGKey(1234), dev)
        for n in (int(s) for s in args.sizes.split(",")):
            mrg = jax.jit(lambda s, n=n: mrg_uniform_jax_flat(mrg_rule, s, n, dtype))
            ref = jax.jit(lambda k, n=n: jax.random.uniform(k, (n,), jnp.dtype(dtype)))
            number = max(1, 2_000_000 // max(n, 1))
            best = alternating_best({"mrg": lambda: mrg(state), "jax": lambda: ref(key)}, number, rounds)
            steps = -(-n // min(n, args.streams))
            print(f"  {n:>9,} values ({steps} steps of {min(n, args.streams)} streams), {dtype}: "
                  f"MRG31k3p {best['mrg'] * 1e3:.3f} ms | jax.random.uniform {best['jax'] * 1e3:.3f} ms | "
                  f"ratio {best['mrg'] / best['jax']:.2f}x")
    return 0


def mrg_uniform_jax_flat(mrg_rule: Any, state: Any, n: int, dtype: str) -> Any:
    return mrg_rule.mrg_uniform_jax(state, n, dtype)


if __name__ == "__main__":
    sys.exit(main())

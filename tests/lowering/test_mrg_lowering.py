"""The MRG31k3p device rule (lowering/rules/mrg.py) gives the numpy reference's bits (frontend/ops/mrg.py,
mrg_uniform_numpy: Theano's int32 recurrence) for every code path of the rule: straight-line steps, the
lax.scan (odd and even numbers of steps around its unrolling), a partial last step (n not a multiple of the
streams), fewer samples than streams, the masked prefix draw, every output dtype, and states outside [0, M)
(a user's 6-int seed may be negative; Theano's int32 arithmetic then is not modular arithmetic)."""
from __future__ import annotations

import jax
import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend.ops.mrg import jump_states, mrg_uniform_numpy, mrg_uniform_prefix
from theano.lowering.device import x64_scope
from theano.lowering.rules import mrg as mrg_rule
from theano.sandbox.rng_mrg import mrg_uniform


def _states(n_streams: int, seed: int = 4321) -> np.ndarray:
    return jump_states(np.asarray([seed] * 6, dtype="int32"), n_streams)


def _rule(state: np.ndarray, n: int, dtype: str, count: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    with x64_scope():
        if count is None:
            fn = jax.jit(lambda s: mrg_rule.mrg_uniform_jax(s, n, dtype))
            new, flat = fn(state)
        else:
            fn = jax.jit(lambda s, c: mrg_rule.mrg_uniform_jax(s, n, dtype, c))
            new, flat = fn(state, np.int64(count))
        return np.asarray(new), np.asarray(flat)


# (n, n_streams) hitting each path: 1 and 2 steps (straight-line), 3, 4, 5, 9, 10 steps (scan, odd/even around
# the unrolling), partial last steps, n = n_streams - 1 and n = 1 (fewer samples than streams), many steps
SIZES = [(1, 1), (1, 8), (7, 8), (8, 8), (9, 8), (16, 8), (17, 8), (24, 8), (25, 8), (32, 8), (33, 8),
         (72, 8), (80, 8), (41, 7), (100, 3), (257, 2), (300, 1)]


def test_rule_settings_reach_the_scan():
    assert mrg_rule._STRAIGHT_STEPS < 5 and mrg_rule._UNROLL < 5  # SIZES go through both paths


@pytest.mark.parametrize("dtype", ["float64", "float32", "float16"])
@pytest.mark.parametrize("n, n_streams", SIZES)
def test_rule_matches_the_numpy_reference(dtype, n, n_streams):
    start = _states(n_streams)
    ref_state, ref = mrg_uniform_numpy(start, n, dtype)
    got_state, got = _rule(start, n, dtype)
    assert got.dtype == np.dtype(dtype) and got.shape == (n,) and got_state.dtype == np.int32
    np.testing.assert_array_equal(got, ref)
    np.testing.assert_array_equal(got_state, ref_state)


@pytest.mark.parametrize("n, n_streams", [(23, 4), (40, 4), (13, 13), (5, 1)])
def test_prefix_rule_matches_the_short_draw_for_every_count(n, n_streams):
    start = _states(n_streams, seed=77)
    for count in sorted({0, 1, n_streams - 1, n_streams, n_streams + 1, n // 2, n - 1, n}):
        if not 0 <= count <= n:
            continue
        ref_state, ref = mrg_uniform_numpy(start, count, "float32")
        got_state, got = _rule(start, n, "float32", count)
        np.testing.assert_array_equal(got[:count], ref, err_msg=f"count={count}")
        assert np.all(got[count:] == 0), count
        np.testing.assert_array_equal(got_state, ref_state, err_msg=f"count={count}")


def test_states_outside_the_modulus_follow_theanos_int32_arithmetic():
    start = _states(5)
    start[0] = [-5, -5, -5, -5, -5, -5]  # MRG_RandomStreams(-5)'s first row (Theano accepts a negative seed)
    start[1] = [2 ** 31 - 1, 2 ** 31 - 1, 0, 2 ** 31 - 2, 2 ** 31 - 21069, 3]  # values >= M1, = M2
    start[2] = [-2 ** 31, 1, 2, -2 ** 31, 5, 6]
    for n in (5, 23, 60):
        ref_state, ref = mrg_uniform_numpy(start, n, "float64")
        got_state, got = _rule(start, n, "float64")
        np.testing.assert_array_equal(got, ref)
        np.testing.assert_array_equal(got_state, ref_state)


def test_function_draws_many_steps_as_the_reference():
    # through theano.function with a shared state: 15,360 streams (MRG_RandomStreams' count for a symbolic size)
    # and 65,536 samples, the dropout benchmark's draw (5 steps, the last one partial)
    start = _states(60 * 256, seed=1234)
    state = theano.shared(start.copy())
    new, u = mrg_uniform.new(state, 2, "float32", (128, 512))
    f = theano.function([], u, updates=[(state, new)])
    ref_state, ref = mrg_uniform_numpy(start, 128 * 512, "float32")
    np.testing.assert_array_equal(f(), ref.reshape(128, 512))
    np.testing.assert_array_equal(state.get_value(), ref_state)
    _, ref2 = mrg_uniform_numpy(ref_state, 128 * 512, "float32")
    np.testing.assert_array_equal(f(), ref2.reshape(128, 512))


def test_prefix_op_through_a_function_with_many_steps():
    start = _states(3, seed=9)
    state = theano.shared(start.copy())
    k = T.lscalar()
    new, u = mrg_uniform_prefix(T.TensorType("float64", (False,)))(state, (31,), k)
    f = theano.function([k], [new, u])
    for count in (0, 2, 3, 17, 30, 31):
        ref_state, ref = mrg_uniform_numpy(start, count, "float64")
        got_state, got = f(count)
        np.testing.assert_array_equal(got[:count], ref)
        assert np.all(got[count:] == 0)
        np.testing.assert_array_equal(got_state, ref_state)

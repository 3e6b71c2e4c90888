"""MRG_RandomStreams is Theano 1.0.5's MRG31k3p: the same seed and calls give Theano's arrays (golden values
below come from Theano 1.0.5), the state is Theano's (n_streams, 6) int32 matrix stepped on the device, the
device rule agrees with the numpy reference (perform) for every dtype / size / stream count, and the streams
keep working in scan, after pickling, with seed() and with updates()."""
from __future__ import annotations

import pickle
import warnings

import jax
import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend.ops.mrg import mrg_uniform_numpy, mrg_uniform_prefix
from theano.lowering.callback import runs_host_code
from theano.sandbox import rng_mrg
from theano.sandbox.rng_mrg import MRG_RandomStreams, guess_n_streams, mrg_uniform

# Theano 1.0.5 (its numpy ops, /tmp/theano-ref) on the calls of _golden_calls() below
GOLDEN = {
    'rstates_12345_3': [[12345, 12345, 12345, 12345, 12345, 12345], [1613322692, 623311037, 1722317882, 1563970864, 792350268, 619030428], [951422716, 416944718, 1329311079, 1678647957, 55905791, 588091391]],
    'rstate_after_inc': [336690377, 597094797, 1245771585, 85196284, 523477687, 2094976052],
    'u64_2x3_ns4': [[[0.7353244530968368, 0.2585685825906694, 0.6940806899219751], [0.7705746139399707, 0.6142074400559068, 0.9489980279468]], [[0.11007806099951267, 0.4309556516818702, 0.18046841165050864], [0.8138928869739175, 0.6487741703167558, 0.12257590936496854]]],
    'u64_state': [[1858462085, 878672095, 240667857, 465230163, 642281259, 1069151070], [178562494, 1011570875, 701721615, 2062816380, 86100660, 811247515], [1157600302, 10407488, 951422716, 770047339, 667364203, 1678647957], [634698206, 1342703419, 633017320, 1034360187, 1835390683, 1286382983]],
    'u32_5_ns2': [[0.5180769562721252, 0.47852185368537903, 0.23193924129009247, 0.718805193901062, 0.3619765639305115], [0.1112075075507164, 0.3030327260494232, 0.5018561482429504, 0.6756376028060913, 0.3114331066608429]],
    'u16_4': [0.76220703125, 0.471923828125, 0.4521484375, 0.7373046875],
    'lowhigh': [0.2495204210281372, -0.4687659190967679, 1.9491774141788483, 0.2380415303632617],
    'bin': [[1, 0, 1, 0, 0], [0, 1, 0, 1, 0]],
    'norm': [2.6289414825270185, 0.8975639048411721, 3.907649881151321, 0.9572353421530243, -0.007130099494143671],
    'norm32': [[-0.7444238662719727, -0.589715838432312], [-0.7728225588798523, 0.6320921778678894]],
    'tn': [-0.13135560279669106, 0.1689719281091, 1.3301643680876432, 0.7019099444666224, 0.5504319891353254, 1.1382208738820034, -1.5435410199742166, 1.2533725907499804, -0.0007569078816202998, -0.6347330810947917, 1.669721719953116, 0.4436265004334745, 0.2250827211321158, 1.821664591406056, 1.1440869697347853, 0.8085107408787412, 0.012829558392697279, -0.03775785159018803, -1.3794661141920077, -0.4649888829036635, 0.1822358922074822, -1.8616529026651132, 0.146658137924697, -0.22520371482633691, 0.13657427679916118, -0.4094086595602418, 0.031949521907935395, -0.35295150804309855, -0.08700558589336481, -1.5769898953461992, -1.2699971866979975, -0.2699033436755531, 2.062782478474105, -0.2906745442355462, -0.0033587927545965365, -1.6180793673825618, -1.8166551694704944, 0.3600122717506216, 0.7568332397508821, 1.3445198159257545],
    'multi': [[0, 1, 2], [2, 0, 1]],
    'choice': [[2, 1], [0, 2]],
    'seed6': [0.0037538395263254642, 0.8410847620107234, 0.001736341044306755],
    'scan': [[0.009613335132598877, 0.6817592550069094], [0.01917761517688632, 1.6278758719563484], [0.6713140239007771, 2.549480626359582]],
}


def _float64_config():
    return theano.change_flags(floatX="float64")


def test_substream_states_and_jumps_are_theanos():
    R = MRG_RandomStreams(12345)
    rs = R.get_substream_rstates(3, "float64", inc_rstate=False)
    assert rs.dtype == np.int32 and rs.shape == (3, 6)
    assert rs.tolist() == GOLDEN["rstates_12345_3"]
    assert rng_mrg.ff_2p72(rs[0]).tolist() == rs[1].tolist()
    R.inc_rstate()
    assert R.rstate.tolist() == GOLDEN["rstate_after_inc"]
    assert rng_mrg.ff_2p134(np.array([12345] * 6, dtype="int32")).tolist() == GOLDEN["rstate_after_inc"]


def test_uniform_values_and_state_are_theanos():
    with _float64_config():
        R = MRG_RandomStreams(12345)
        f = theano.function([], R.uniform((2, 3), nstreams=4))
        assert [f().tolist() for _ in range(2)] == GOLDEN["u64_2x3_ns4"]
        assert R.state_updates[0][0].get_value().tolist() == GOLDEN["u64_state"]
        g = theano.function([], R.uniform((5,), dtype="float32", nstreams=2))
        got = [g() for _ in range(2)]
        assert got[0].dtype == np.float32
        np.testing.assert_array_equal(np.array(got), np.array(GOLDEN["u32_5_ns2"], dtype="float32"))
        h = R.uniform((4,), dtype="float16")
        v = theano.function([], h)()
        assert v.dtype == np.float16
        np.testing.assert_array_equal(v, np.array(GOLDEN["u16_4"], dtype="float16"))


def test_distributions_built_on_uniforms_are_theanos():
    with _float64_config():
        S = MRG_RandomStreams(234)
        assert theano.function([], S.uniform((4,), low=-2.0, high=3.0, nstreams=3))().tolist() == GOLDEN["lowhigh"]
        assert theano.function([], S.binomial((2, 5), p=0.4, nstreams=3))().tolist() == GOLDEN["bin"]
        # Box-Muller: the same formula on the same uniforms; log/cos/sin may differ from numpy's in the last bit
        np.testing.assert_allclose(theano.function([], S.normal((5,), avg=1.0, std=2.0, nstreams=2))(),
                                   GOLDEN["norm"], rtol=1e-14, atol=1e-14)
        n32 = theano.function([], S.normal((2, 2), dtype="float32", nstreams=3))()
        assert n32.dtype == np.float32
        np.testing.assert_allclose(n32, GOLDEN["norm32"], rtol=3e-7, atol=1e-6)
        np.testing.assert_allclose(theano.function([], S.truncated_normal((40,), nstreams=5))(), GOLDEN["tn"],
                                   rtol=1e-14, atol=1e-14)
        pv = np.array([[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]])
        assert theano.function([], S.multinomial(pvals=pv, n=3, nstreams=2))().tolist() == GOLDEN["multi"]
        assert theano.function([], S.choice(size=2, p=pv, replace=False, nstreams=2))().tolist() == GOLDEN["choice"]
        V = MRG_RandomStreams([1, 2, 3, 4, 5, 6])
        assert theano.function([], V.uniform((3,), nstreams=2))().tolist() == GOLDEN["seed6"]


def test_scan_carries_the_mrg_state_as_theano():
    with _float64_config():
        W = MRG_RandomStreams(5)
        out, upd = theano.scan(lambda acc: acc + W.uniform((2,), nstreams=2),
                               outputs_info=T.zeros((2,), dtype="float64"), n_steps=3)
        assert theano.function([], out, updates=upd)().tolist() == GOLDEN["scan"]


@pytest.mark.parametrize("dtype", ["float64", "float32", "float16"])
@pytest.mark.parametrize("n, n_streams", [(1, 1), (7, 3), (12, 4), (5, 9), (30, 1), (31, 3), (64, 64)])
def test_device_rule_matches_the_numpy_reference(dtype, n, n_streams):
    R = MRG_RandomStreams(17)
    start = R.get_substream_rstates(n_streams, dtype)
    state = theano.shared(start.copy())
    new, u = mrg_uniform.new(state, 1, dtype, (n,))
    f = theano.function([], [new, u])
    ref_state, ref = mrg_uniform_numpy(start, n, dtype)
    got_state, got = f()
    assert got.dtype == np.dtype(dtype) and got_state.dtype == np.int32
    np.testing.assert_array_equal(got, ref)
    np.testing.assert_array_equal(got_state, ref_state)
    # the perform method (DebugMode's reference) gives the same
    node = u.owner
    cells = [[None], [None]]
    node.op.perform(node, [start, np.array([n])], cells)
    np.testing.assert_array_equal(cells[1][0], ref)
    np.testing.assert_array_equal(cells[0][0], ref_state)


@pytest.mark.parametrize("count", [0, 1, 5, 11, 12])
def test_prefix_draw_is_the_short_draw(count):
    R = MRG_RandomStreams(3)
    start = R.get_substream_rstates(5, "float64")
    state = theano.shared(start.copy())
    k = T.lscalar()
    new, u = mrg_uniform_prefix(T.TensorType("float64", (False,)))(state, (12,), k)
    got_state, got = theano.function([k], [new, u])(count)
    ref_state, ref = mrg_uniform_numpy(start, count, "float64")
    np.testing.assert_array_equal(got[:count], ref)
    assert np.all(got[count:] == 0) and got.shape == (12,)
    np.testing.assert_array_equal(got_state, ref_state)


def test_state_is_theanos_int32_matrix_on_the_device():
    R = MRG_RandomStreams(3)
    x = T.matrix()
    mask = R.binomial(size=x.shape, p=0.5, dtype=theano.config.floatX)
    f = theano.function([x], x * mask)
    assert not runs_host_code(f.maker.fgraph.toposort())
    state, new, size, nstreams = R.updates()[0]
    assert state.type == T.TensorType("int32", (False, False)) and state.tag.is_rng
    assert state.default_update is new and nstreams is None
    assert state.get_value().shape == (60 * 256, 6)  # size=x.shape: Theano's guess
    f(np.ones((3, 4), dtype=theano.config.floatX))
    raw = state.get_value(return_internal_type=True)
    assert isinstance(raw, jax.Array) and raw.dtype == np.int32
    before = np.asarray(raw).copy()
    f(np.ones((3, 4), dtype=theano.config.floatX))
    after = state.get_value()
    assert not np.array_equal(before[:12], after[:12]) and np.array_equal(before[12:], after[12:])


def test_seed_restarts_every_stream_in_creation_order():
    R = MRG_RandomStreams(42)
    f = theano.function([], [R.uniform((4,)), R.normal((3,)), R.uniform((5,), nstreams=2)])
    first = [f() for _ in range(2)]
    R.seed()
    again = [f() for _ in range(2)]
    for a, b in zip(first, again):
        for x, y in zip(a, b):
            np.testing.assert_array_equal(x, y)
    fresh = MRG_RandomStreams(7)
    g = theano.function([], [fresh.uniform((4,)), fresh.normal((3,)), fresh.uniform((5,), nstreams=2)])
    R.seed(7)
    for x, y in zip(f(), g()):
        np.testing.assert_array_equal(x, y)


def test_pickled_function_continues_the_sequence():
    R = MRG_RandomStreams(9)
    f = theano.function([], R.uniform((6,), nstreams=2))
    f()
    g = pickle.loads(pickle.dumps(f))
    np.testing.assert_array_equal(f(), g())


def test_updates_are_the_state_pairs():
    R = MRG_RandomStreams(1)
    u = R.uniform((3,))
    upd = R.updates()
    assert len(upd) == 1 and upd[0][2] == (3,)
    f = theano.function([], u, updates=[(s, n) for s, n, _, _ in upd], no_default_updates=True)
    a, b = f(), f()
    assert not np.array_equal(a, b)


def test_guess_n_streams_and_state_errors():
    assert guess_n_streams((10, 10)) == 16
    assert guess_n_streams((3,)) == 3
    assert guess_n_streams((10 ** 6,)) == 60 * 256
    assert guess_n_streams((np.int64(12),)) == 60 * 256  # only python ints count, as in Theano 1.0.5
    with pytest.warns(UserWarning):
        assert guess_n_streams(T.lvector(), warn=True) == 60 * 256
    R = MRG_RandomStreams(1)
    with pytest.raises(ValueError):
        R.get_substream_rstates(0, "float32")
    with pytest.raises(TypeError):
        R.get_substream_rstates(3, np.float32)
    with pytest.raises(TypeError):
        mrg_uniform.new(T.lvector(), 1, "float32", (3,))
    with pytest.raises(TypeError):
        MRG_RandomStreams(1).uniform((3,), dtype="int32")
    with pytest.raises(NotImplementedError):
        MRG_RandomStreams(1).binomial((3,), n=5)
    with pytest.raises(ValueError):
        MRG_RandomStreams(1).get_substream_rstates(-2, "float64")


def test_dot_modulo_and_mult_mat_vect():
    rng = np.random.RandomState(0)
    A1, A2 = (rng.randint(0, 2 ** 31 - 1, (3, 3)).astype("int64") for _ in range(2))
    s1, s2 = (rng.randint(0, 2 ** 31 - 1, 3).astype("int32") for _ in range(2))
    m1, m2 = np.int32(2147483647), np.int32(2147462579)
    a, s, m = T.lmatrix(), T.ivector(), T.iscalar()
    b, t, n = T.lmatrix(), T.ivector(), T.iscalar()
    out = theano.function([a, s, m, b, t, n], rng_mrg.DotModulo()(a, s, m, b, t, n))(A1, s1, m1, A2, s2, m2)
    ref = np.concatenate([rng_mrg.matVecModM(A1, s1, m1), rng_mrg.matVecModM(A2, s2, m2)])
    assert out.dtype == np.int32
    np.testing.assert_array_equal(out, ref)
    v = np.concatenate([s1, s2])
    np.testing.assert_array_equal(rng_mrg.multMatVect(v, A1, m1, A2, m2), ref)
    expected = [int(x) for x in (A1.astype(object) @ s1.astype(object)) % int(m1)]
    assert ref[:3].tolist() == expected


def test_mrg_next_value_is_one_step_of_the_op():
    R = MRG_RandomStreams(8)
    start = R.get_substream_rstates(1, "float64")
    row = start[0].copy()
    new_row = row.copy()
    v = rng_mrg.mrg_next_value(row, new_row, NORM=rng_mrg.NORM, mask=0xffffffff, offset=0)
    ref_state, ref = mrg_uniform_numpy(start, 1, "float64")
    assert v == ref[0] and new_row.tolist() == ref_state[0].tolist()


def test_symbolic_and_scalar_sizes_and_broadcastable():
    R = MRG_RandomStreams(3)
    x = T.matrix()
    n, k = T.iscalars("n", "k")
    f = theano.function([x, n, k], [R.uniform(x.shape), R.normal((n, k)), R.binomial((n, 2), p=0.5),
                                    R.normal(()), R.truncated_normal((n, 1))])
    a, b, c, d, e = f(np.zeros((4, 5), dtype=theano.config.floatX), 3, 2)
    assert a.shape == (4, 5) and b.shape == (3, 2) and c.shape == (3, 2) and d.shape == () and e.shape == (3, 1)
    a, b, c, d, e = f(np.zeros((1, 2), dtype=theano.config.floatX), 6, 1)
    assert a.shape == (1, 2) and b.shape == (6, 1) and c.shape == (6, 2) and e.shape == (6, 1)
    assert R.uniform((x.shape[0], 1)).broadcastable == (False, True)
    assert R.normal((x.shape[0], 1)).broadcastable == (False, True)


def test_truncated_normal_compiles_once_for_every_call():
    R = MRG_RandomStreams(11)
    f = theano.function([], R.truncated_normal((300,)))
    values = [f() for _ in range(4)]
    assert all(np.abs(v).max() <= 2 / 0.87962566103423978 + 1e-12 for v in values)
    assert not np.array_equal(values[0], values[1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f()


def test_low_level_fn_call_through_the_storage_cells():
    """Theano's multMatVect (and test_rng_mrg.test_multMatVect) fill f.input_storage, call f.fn() and read
    f.output_storage."""
    a, s, m = T.lmatrix(), T.ivector(), T.iscalar()
    b, t, n = T.lmatrix(), T.ivector(), T.iscalar()
    f = theano.function([a, s, m, b, t, n], [rng_mrg.DotModulo()(a, s, m, b, t, n), s * 2])
    values = [rng_mrg.A1p72, np.array([1, 2, 3], "int32"), np.asarray(rng_mrg.M1), rng_mrg.A2p72,
              np.array([4, 5, 6], "int32"), np.asarray(rng_mrg.M2)]
    for k, v in enumerate(values):
        f.input_storage[k].storage[0] = v
    assert f.output_storage[0].value is None
    f.fn()
    np.testing.assert_array_equal(f.output_storage[0].value, rng_mrg.ff_2p72(np.arange(1, 7)))
    np.testing.assert_array_equal(f.output_storage[1].value, [2, 4, 6])

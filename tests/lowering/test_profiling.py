"""Profiling: theano.function(profile=...), config.profile, ProfileStats.summary, the atexit summary."""
import io
import os
import pickle
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.compile.profiling import ProfileStats, _atexit_print_list


@pytest.fixture(autouse=True)
def _no_exit_summaries():
    """Profiles made here are not printed when pytest exits."""
    before = list(_atexit_print_list)
    yield
    _atexit_print_list[:] = before


def _fn(**kw):
    x = T.dvector("x")
    return theano.function([x], T.exp(x).sum() + T.dot(x, x), **kw)


def test_counts_and_times_after_n_calls():
    f = _fn(profile=True, name="myf")
    assert isinstance(f.profile, ProfileStats)
    data = np.arange(10.0)
    for _ in range(7):
        assert np.allclose(f(data), np.exp(data).sum() + data @ data)
    p = f.profile
    assert p.fct_callcount == 7
    assert p.fct_call_time > 0 and p.vm_call_time >= 0 and p.vm_call_time <= p.fct_call_time
    assert p.optimizer_time > 0 and p.linker_time > 0 and p.xla_compile_time > 0
    assert p.compile_time == pytest.approx(p.optimizer_time + p.linker_time)
    assert p.nb_nodes == len(f.maker.fgraph.toposort())
    assert p.message == "myf"


def test_not_profiled_by_default():
    f = _fn()
    assert f.profile is None
    assert type(f) is theano.compile.Function


def test_profile_object_is_used_and_shared():
    p = theano.ProfileStats(False, gpu_checks=False)
    f = _fn(profile=p)
    g = _fn(profile=p)
    f(np.ones(3))
    g(np.ones(3))
    g(np.ones(3))
    assert f.profile is p and g.profile is p and p.fct_callcount == 3


def test_profile_bad_value():
    with pytest.raises(TypeError, match="profile"):
        _fn(profile=3)


def test_summary_sections():
    f = _fn(profile=ProfileStats(False, message="sections"))
    f(np.arange(100.0))
    buf = io.StringIO()
    f.profile.summary(buf)
    text = buf.getvalue()
    for line in ("Function profiling", "  Message: sections", "  Time in 1 calls to Function.__call__:",
                 "  Total compile time:", "    Theano Optimizer time:", "    Theano Linker time",
                 "Time since theano import", "Class\n---", "Apply\n------", "Per-op times are not available",
                 "theano.frontend.ops.blas.Dot", "Memory Profile"):
        assert line in text, line
    # the argument is 100 float64s: XLA's analysis reports 1KB (800 bytes rounded)
    assert "arguments: 1KB" in text


def test_summary_truncates_tables():
    f = _fn(profile=ProfileStats(False))
    f(np.arange(3.0))
    buf = io.StringIO()
    f.profile.summary(buf, n_ops_to_print=1, n_apply_to_print=1)
    assert "remaining 2 Classes not shown" in buf.getvalue()
    assert "remaining 3 Apply instances not shown" in buf.getvalue()


def test_config_profile_profiles_every_function():
    old = theano.config.profile
    theano.config.profile = True
    try:
        f = _fn()
    finally:
        theano.config.profile = old
    assert isinstance(f.profile, ProfileStats)
    f(np.ones(2))
    assert f.profile.fct_callcount == 1


def test_updates_and_pickle_of_profiled_function():
    s = theano.shared(np.float64(0.0))
    x = T.dscalar()
    f = theano.function([x], s, updates=[(s, s + x)], profile=ProfileStats(False))
    f(1.0)
    f(2.0)
    assert s.get_value() == 3.0 and f.profile.fct_callcount == 2
    g = pickle.loads(pickle.dumps(f))
    assert g.profile.fct_callcount == 2


def test_reset():
    f = _fn(profile=ProfileStats(False))
    f(np.ones(2))
    f.profile.reset()
    assert f.profile.fct_callcount == 0 and f.profile.fct_call_time == 0.0


def test_atexit_summary_in_subprocess():
    code = textwrap.dedent("""
        import numpy as np, theano, theano.tensor as T
        x = T.dvector('x')
        f = theano.function([x], (x * 2).sum(), name='first')
        g = theano.function([x], T.exp(x), name='second')
        f(np.ones(3)); f(np.ones(3)); g(np.ones(3))
        theano.function([x], x + 1, name='never_called')
        print('done')
    """)
    env = dict(os.environ, THEANO_FLAGS="profile=True")
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "done"
    err = res.stderr
    assert err.count("Function profiling") == 3  # two functions and their sum
    assert "  Message: first" in err and "  Message: second" in err
    assert "Time in 2 calls to Function.__call__" in err
    assert "Sum of all(2) printed profiles at exit" in err
    assert "Time in 3 calls to Function.__call__" in err
    assert "Skipping empty Profile" in err


def test_ignore_first_call():
    with theano.change_flags({"profiling.ignore_first_call": True}):
        p = ProfileStats(False)
    f = _fn(profile=p)
    f(np.ones(2))
    assert p.fct_callcount == 0
    f(np.ones(2))
    f(np.ones(2))
    assert p.fct_callcount == 2 and p.xla_compile_time > 0


def test_atexit_destination_file(tmp_path):
    dest = tmp_path / "prof.txt"
    code = textwrap.dedent("""
        import numpy as np, theano, theano.tensor as T
        x = T.dvector('x')
        f = theano.function([x], (x * 2).sum(), name='tofile')
        f(np.ones(3))
    """)
    env = dict(os.environ, THEANO_FLAGS=f"profile=True,profiling.destination={dest},profiling.n_apply=1")
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "Function profiling" not in res.stderr
    text = dest.read_text()
    assert "  Message: tofile" in text and "Time in 1 calls to Function.__call__" in text
    assert "remaining 1 Apply instances not shown" in text


def test_debugmode_function_profiles():
    x = T.dvector()
    f = theano.function([x], x * 2, mode="DebugMode", profile=ProfileStats(False))
    assert np.allclose(f(np.ones(2)), 2.0)
    assert f.profile.fct_callcount == 1
    g = pickle.loads(pickle.dumps(f))
    assert np.allclose(g(np.ones(2)), 2.0) and g.profile.fct_callcount == 2


def test_profiled_debugmode_function_unpickles_in_fresh_process(tmp_path):
    x = T.dvector()
    f = theano.function([x], x * 2, mode="DebugMode", profile=ProfileStats(False))
    f(np.ones(2))
    path = tmp_path / "f.pkl"
    path.write_bytes(pickle.dumps(f))
    code = ("import pickle, numpy as np; f = pickle.load(open(%r, 'rb')); print(f(np.ones(2)).tolist(), "
            "f.profile.fct_callcount, type(f).__name__)" % str(path))
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["[2.0,", "2.0]", "2", "ProfiledDebugFunction"]


def test_nanguardmode_function_profiles():
    from theano.compile.nanguardmode import NanGuardMode

    x = T.dvector()
    f = theano.function([x], x * 2, mode=NanGuardMode(True, True, True), profile=ProfileStats(False))
    assert np.allclose(f(np.ones(2)), 2.0) and np.allclose(f(np.ones(2)), 2.0)
    assert f.profile.fct_callcount == 2
    assert type(f).__name__ == "ProfiledOpWiseFunction"

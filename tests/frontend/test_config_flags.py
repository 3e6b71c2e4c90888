"""Every config flag works or says why it is ignored (issue 12): the flag table, Theano 1.0.5's flag names,
AddConfigVar, and one test per implemented flag whose name promises a behaviour."""
import logging
import os
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano import config
from theano.compile.ops import as_op
from theano.frontend.config import ConfigError
from theano.frontend.config_flags import _FLAGS

# Every flag name of Theano 1.0.5's theano.config (configdefaults.py; ctc.root included).
THEANO_105_FLAGS = """
floatX warn_float64 pickle_test_value cast_policy int_division deterministic device init_gpu_device force_device
conv.assert_shape print_global_stats contexts print_active_device gpuarray.sync gpuarray.preallocate gpuarray.sched
gpuarray.single_stream cuda.root cuda.include_path dnn.conv.workmem dnn.conv.workmem_bwd dnn.conv.algo_bwd
dnn.conv.algo_fwd dnn.conv.algo_bwd_data dnn.conv.algo_bwd_filter dnn.conv.precision dnn.base_path dnn.include_path
dnn.library_path dnn.bin_path dnn.enabled magma.include_path magma.library_path magma.enabled assert_no_cpu_op mode
cxx linker allow_gc optimizer optimizer_verbose on_opt_error nocleanup on_unused_input tensor.cmp_sloppy
tensor.local_elemwise_fusion gpu.local_elemwise_fusion lib.amdlibm gpuelemwise.sync traceback.limit
traceback.compile_limit experimental.unpickle_gpu_on_cpu numpy.seterr_all numpy.seterr_divide numpy.seterr_over
numpy.seterr_under numpy.seterr_invalid warn.ignore_bug_before warn.argmax_pushdown_bug warn.gpusum_01_011_0111_bug
warn.sum_sum_bug warn.sum_div_dimshuffle_bug warn.subtensor_merge_bug warn.gpu_set_subtensor1 warn.vm_gc_bug
warn.signal_conv2d_interface warn.reduce_join warn.inc_set_subtensor1 warn.round warn.inc_subtensor1_opt
compute_test_value print_test_value compute_test_value_opt unpickle_function reoptimize_unpickled_function
exception_verbosity openmp openmp_elemwise_minsize check_input cache_optimizations unittests.rseed
NanGuardMode.nan_is_error NanGuardMode.inf_is_error NanGuardMode.big_is_error NanGuardMode.action optimizer_excluding
optimizer_including optimizer_requiring DebugMode.patience DebugMode.check_c DebugMode.check_py DebugMode.check_finite
DebugMode.check_strides DebugMode.warn_input_not_reused DebugMode.check_preallocated_output
DebugMode.check_preallocated_output_ndim profiling.time_thunks profiling.n_apply profiling.n_ops
profiling.output_line_width profiling.min_memory_size profiling.min_peak_memory profiling.destination
profiling.debugprint profiling.ignore_first_call optdb.position_cutoff optdb.max_use_ratio gcc.cxxflags
cmodule.warn_no_version cmodule.remove_gxx_opt cmodule.compilation_warning cmodule.preload_cache
cmodule.age_thresh_use cmodule.debug blas.ldflags blas.check_openmp metaopt.verbose metaopt.optimizer_excluding
metaopt.optimizer_including profile profile_optimizer profile_memory vm.lazy warn.identify_1pexp_bug on_shape_error
tensor.insert_inplace_optimizer_validate_nb experimental.local_alloc_elemwise experimental.local_alloc_elemwise_assert
scan.allow_gc scan.allow_output_prealloc scan.debug compile.wait cycle_detection check_stack_trace compile.timeout
compiledir_format base_compiledir compiledir gpuarray.cache_path ctc.root
""".split()


def run_python(code: str, flags: str, tmp_path) -> subprocess.CompletedProcess:
    env = dict(os.environ, THEANO_FLAGS=flags, THEANORC=str(tmp_path / "absent.rc"))
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True,
                          cwd=str(tmp_path), timeout=120)


# --- the table

def test_every_flag_has_one_status_and_a_reason():
    for flag in _FLAGS:
        assert flag.status in ("implemented", "ignored"), flag.name
        assert not (flag.used and flag.ignored), f"{flag.name} is both used and ignored"
        text = flag.ignored or flag.used
        assert isinstance(text, str) and len(text.strip()) > 8, f"{flag.name} needs a where/why"
        assert flag.doc.strip(), flag.name
    assert len({f.name for f in _FLAGS}) == len(_FLAGS), "a flag is defined twice"


def test_every_theano_105_flag_is_accepted():
    assert len(THEANO_105_FLAGS) == 140
    missing = sorted(set(THEANO_105_FLAGS) - set(config.flag_names()))
    assert missing == []


@pytest.mark.parametrize("name, value", [("gcc.cxxflags", "-O3 -march=native"), ("dnn.conv.algo_fwd", "time_once"),
                                         ("lib.amdlibm", True), ("gpuarray.preallocate", 0.9),
                                         ("cuda.root", "/opt/cuda"), ("DebugMode.check_strides", 1)])
def test_ignored_flags_are_stored_and_read_back_through_sections(name, value):
    with theano.change_flags({name: value}):
        node = config
        for part in name.split("."):
            node = getattr(node, part)
        assert node == value


def test_nested_section_assignment():
    old = config.dnn.conv.algo_bwd_filter
    config.dnn.conv.algo_bwd_filter = "deterministic"
    try:
        assert config.dnn.conv.algo_bwd_filter == "deterministic"
    finally:
        config.dnn.conv.algo_bwd_filter = old


def test_theano_flags_with_gpu_and_c_flags_import(tmp_path):
    flags = "gcc.cxxflags=-O3,dnn.conv.algo_fwd=time_once,lib.amdlibm=True,gpuarray.preallocate=0.5,cuda.root=/x"
    res = run_python("import theano; print(theano.config.dnn.conv.algo_fwd, theano.config.gpuarray.preallocate)",
                     flags, tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["time_once", "0.5"]


def test_theanorc_with_old_gpu_sections(tmp_path):
    rc = tmp_path / "old.theanorc"
    rc.write_text("[global]\nfloatX = float32\ndevice = cpu\n\n[lib]\ncnmem = 0.8\n\n[nvcc]\nflags = -D_FORCE_INLINES\n\n"
                  "[dnn.conv]\nalgo_fwd = time_once\n\n[cuda]\nroot = /usr/local/cuda\n")
    code = "import theano; c = theano.config; print(c.floatX, c.lib.cnmem, c.nvcc.flags, c.dnn.conv.algo_fwd, c.cuda.root)"
    env = dict(os.environ, THEANORC=str(rc))
    env.pop("THEANO_FLAGS", None)
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=str(tmp_path),
                         timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["float32", "0.8", "-D_FORCE_INLINES", "time_once", "/usr/local/cuda"]


def test_validated_like_theano():
    with pytest.raises(ConfigError, match="DebugMode.patience"):
        config.DebugMode.patience = 0
    with pytest.raises(ConfigError, match="check_preallocated_output"):
        config.DebugMode.check_preallocated_output = "initial:sideways"
    with pytest.raises(ConfigError, match="on_shape_error"):
        config.on_shape_error = "ignore"


# --- AddConfigVar (theano.configparser), as Theano's theano/tests/test_config.py uses it

def test_add_config_var_invalid_default_and_flags_dict():
    from theano.configparser import THEANO_FLAGS_DICT, AddConfigVar, ConfigParam

    def filter(val):
        if val == "invalid":
            raise ValueError()
        return val

    with pytest.raises(ValueError):
        AddConfigVar("T_flags.invalid_a", doc="unittest", configparam=ConfigParam("invalid", filter=filter),
                     in_c_key=False)
    assert "T_flags.invalid_a" not in config.flag_names()
    THEANO_FLAGS_DICT["T_flags.invalid_b"] = "ok"
    AddConfigVar("T_flags.invalid_b", doc="unittest", configparam=ConfigParam("invalid", filter=filter),
                 in_c_key=False)
    assert "T_flags.invalid_b" not in THEANO_FLAGS_DICT
    assert config.T_flags.invalid_b == "ok"
    with theano.change_flags({"T_flags.invalid_b": "other"}):
        assert config.T_flags.invalid_b == "other"
    assert config.T_flags.invalid_b == "ok"
    with pytest.raises(AttributeError, match="already taken"):
        AddConfigVar("T_flags.invalid_b", "again", ConfigParam("x"))


def test_add_config_var_typed_params():
    from theano.configparser import AddConfigVar, BoolParam, EnumStr, IntParam

    AddConfigVar("T_flags.n", "an int", IntParam(3, lambda i: i > 0))
    AddConfigVar("T_flags.on", "a bool", BoolParam(False))
    AddConfigVar("T_flags.colour", "an enum", EnumStr("red", "blue"))
    assert (config.T_flags.n, config.T_flags.on, config.T_flags.colour) == (3, False, "red")
    config.T_flags.on = "true"
    assert config.T_flags.on is True
    with pytest.raises(ValueError, match="Valid options are"):
        config.T_flags.colour = "green"
    with pytest.raises(ValueError):
        config.T_flags.n = 0


# --- warn_float64

def test_warn_float64_warn_points_at_user_code():
    with theano.change_flags(warn_float64="warn"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        T.dmatrix()
        T.fmatrix() * 2
    f64 = [w for w in caught if "float64 dtype" in str(w.message)]
    assert len(f64) == 1
    assert f64[0].filename == __file__
    assert "warn_float64={ignore,warn,raise,pdb}" in str(f64[0].message)


def test_warn_float64_raise_and_ignore():
    with theano.change_flags(warn_float64="raise"):
        T.fvector() + T.ivector().astype("float32")
        with pytest.raises(Exception, match="You are creating a TensorVariable with float64 dtype"):
            T.dvector()
        with pytest.raises(Exception, match="float64 dtype"):
            T.fvector() * T.dscalar().astype("float32")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        T.dvector()  # the default, ignore


# --- optimizer_verbose

def test_optimizer_verbose_prints_each_replacement(capsys):
    x = T.dvector("x")
    theano.function([x], T.log(1 + T.exp(x)))
    assert capsys.readouterr().out == ""
    with theano.change_flags(optimizer_verbose=True):
        theano.function([x], T.log(1 + T.exp(x)))
    lines = capsys.readouterr().out.splitlines()
    assert lines, "no rewrite printed"
    assert any("softplus" in line for line in lines), lines


# --- numpy.seterr_*

def test_numpy_seterr_flags_applied_at_import(tmp_path):
    code = "import numpy as np; import theano; e = np.geterr(); print(e['divide'], e['over'], e['invalid'])"
    res = run_python(code, "", tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["ignore", "ignore", "ignore"]  # Theano's default numpy.seterr_all=ignore
    res = run_python(code, "numpy.seterr_all=None,numpy.seterr_divide=raise", tmp_path)
    assert res.stdout.split() == ["raise", "warn", "warn"]  # numpy's own defaults for the others


# --- print_test_value

def test_print_test_value_in_repr():
    x = T.dvector("x")
    x.tag.test_value = np.arange(2.0)
    assert repr(x) == "x"
    with theano.change_flags(print_test_value=True):
        assert repr(x) == "x\narray([0., 1.])"
        assert repr(T.constant(3)) == "TensorConstant{3}\narray(3, dtype=int8)"
        assert repr(T.dvector("y")) == "y"  # no test value: the name only


# --- print_active_device

def test_print_active_device_silent_on_cpu(tmp_path):
    res = run_python("import theano, theano.tensor as T; theano.shared(1.0); theano.function([], T.constant(1))()",
                     "device=cpu,print_active_device=True", tmp_path)
    assert res.returncode == 0, res.stderr
    assert "Mapped name" not in res.stderr + res.stdout


# --- on_shape_error

def _bad_infer_shape(node, shapes):
    raise ValueError("no shape for you")


@as_op(itypes=[T.dvector], otypes=[T.dvector], infer_shape=_bad_infer_shape)
def _double(x):
    return x * 2


def test_on_shape_error_warn_logs_and_runs(caplog):
    x = T.dvector("x")
    y = _double(x)
    with caplog.at_level(logging.WARNING, logger="theano.tensor.opt"):
        f = theano.function([x], [y.shape[0] + 1, y])
        n, val = f(np.arange(3.0))
    assert int(n) == 4 and np.allclose(val, [0, 2, 4])
    msgs = [r.getMessage() for r in caplog.records if r.name == "theano.tensor.opt"]
    assert msgs and "Failed to infer_shape from Op FromFunctionOp{_double}" in msgs[0]
    assert "no shape for you" in msgs[0]


def test_on_shape_error_raise():
    x = T.dvector("x")
    y = _double(x)
    with theano.change_flags(on_shape_error="raise"):
        with pytest.raises(Exception, match="Failed to infer_shape from Op"):
            f = theano.function([x], [y.shape[0] + 1, y])
            f(np.arange(3.0))


# --- on_opt_error

def _rule_that_fails():
    from theano.passes.engine import Rule
    from theano.passes.pattern import P, x

    def boom(m):
        raise RuntimeError("this rewrite is broken")
    return Rule(P.exp(x), boom, name="broken_exp_rule"), Rule(P.log(x), lambda m: m.x, name="log_to_x")


def test_on_opt_error_warn_logs_and_skips_the_rule(caplog):
    from theano.frontend.fgraph import FunctionGraph
    from theano.passes.engine import rewrite_graph

    v = T.dvector("v")
    fg = FunctionGraph([v], [T.log(T.exp(v))])
    with caplog.at_level(logging.ERROR, logger="theano.gof.opt"), config.change_flags(on_opt_error="warn"):
        assert rewrite_graph(fg, list(_rule_that_fails())) == 1  # the broken rule is skipped, the other applies
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "Optimization failure due to: broken_exp_rule" in text and "this rewrite is broken" in text


def test_on_opt_error_raise_and_ignore(caplog):
    from theano.frontend.fgraph import FunctionGraph
    from theano.passes.engine import rewrite_graph

    v = T.dvector("v")
    with theano.change_flags(on_opt_error="raise"):
        with pytest.raises(RuntimeError, match="this rewrite is broken"):
            rewrite_graph(FunctionGraph([v], [T.exp(v)]), list(_rule_that_fails()))
    caplog.clear()  # 'raise' logs too, as Theano did
    with theano.change_flags(on_opt_error="ignore"), caplog.at_level(logging.ERROR, logger="theano.gof.opt"):
        rewrite_graph(FunctionGraph([v], [T.exp(v)]), list(_rule_that_fails()))
    assert not [r for r in caplog.records if r.name == "theano.gof.opt"]


# --- config.mode values

def test_mode_nanguardmode_uses_its_flags():
    from theano.compile.mode import get_default_mode
    from theano.compile.nanguardmode import NanGuardMode

    with theano.change_flags(mode="NanGuardMode", **{"NanGuardMode.big_is_error": False}):
        mode = get_default_mode()
        assert isinstance(mode, NanGuardMode)
        assert (mode.nan_is_error, mode.inf_is_error, mode.big_is_error) == (True, True, False)
        x = T.dvector("x")
        f = theano.function([x], T.log(x))
        assert np.allclose(f(np.array([1e20])), np.log(1e20))  # big values allowed by the flag
        with pytest.raises(AssertionError, match="NaN detected"):
            f(np.array([-1.0]))


def test_mode_debugmode_takes_debugmode_flags():
    from theano.compile.debugmode import DebugMode
    from theano.compile.mode import get_default_mode

    with theano.change_flags(mode="DebugMode", **{"DebugMode.check_finite": False}):
        mode = get_default_mode()
        assert isinstance(mode, DebugMode) and mode.check_isfinite is False
    assert DebugMode().check_isfinite is True
    with theano.change_flags(**{"DebugMode.check_py": False}):
        with pytest.raises(ValueError, match="at least one of c and py"):
            DebugMode()
        assert DebugMode(check_c_code=True).check_py_code is False


def test_mode_profilemode_is_refused_as_in_theano():
    with pytest.raises(ConfigError, match="profile=True"):
        config.mode = "ProfileMode"
    from theano.compile.mode import get_mode

    with pytest.raises(ValueError, match="profile=True"):
        get_mode("ProfileMode")


def test_mode_jax_is_fast_run_and_mode_instances_are_accepted():
    from theano.compile.mode import FAST_RUN, Mode, get_default_mode

    with theano.change_flags(mode="JAX"):
        assert get_default_mode().optimizer == FAST_RUN.optimizer
    mine = Mode(optimizer="fast_compile")
    with theano.change_flags(mode=mine):
        assert get_default_mode().optimizer == "fast_compile"


# --- docs/compatibility.md's section

def test_compatibility_section_lists_every_flag():
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "conformance"))
    try:
        import conformance_ledger as L
    finally:
        sys.path.pop(0)
    rows = [(f.name, f.status, f.ignored or f.used) for f in _FLAGS]
    text = "\n".join(L.config_flags_markdown(rows))
    assert text.startswith("## Config flags")
    for f in _FLAGS:
        assert f"| `{f.name}` | {f.status} |" in text

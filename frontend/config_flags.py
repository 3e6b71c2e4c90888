"""Every flag of `theano.config`, Theano 1.0.5's full list: default, converter, and its status here.

Each flag says what theano-xla does with it: `used="where"` (the flag changes behaviour, in that
module) or `ignored="why"` (accepted, validated and stored like Theano, but without effect: the
reason says why a user can accept that). docs/compatibility.md renders this table.
"""
from __future__ import annotations

import os
from typing import Any, Callable

from theano.frontend.compiledir import DerivedDefault, default_compiledir, filter_base_compiledir, filter_compiledir


class ConfigError(ValueError):
    """A flag name or value that Theano would not accept."""


class _Flag:
    """One flag: name, doc, default, converter, and where it is used or why it is ignored."""

    def __init__(self, name: str, doc: str, default: Any, convert: Callable[[Any], Any], *,
                 used: str | None = None, ignored: str | None = None):
        self.name, self.doc, self.default, self.convert = name, doc, default, convert
        self.used, self.ignored = used, ignored

    @property
    def status(self) -> str:
        """'implemented' or 'ignored' (an unset status is a bug the tests catch)."""
        return "ignored" if self.ignored else "implemented" if self.used else "unset"


def _enum(*allowed: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if isinstance(value, bool) and "False" in allowed:
            value = str(value)
        if value not in allowed:
            raise ConfigError(f"invalid value {value!r}; expected one of {', '.join(map(repr, allowed))}")
        return value
    return convert


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(f"invalid boolean value {value!r}")


def _device(value: Any) -> str:
    text = str(value)
    if text in ("cpu", "cuda", "gpu") or (text.startswith(("cuda", "gpu")) and text[4 if text.startswith("cuda") else 3:].isdigit()):
        return text
    raise ConfigError(f"invalid device {value!r}; expected 'cpu', 'cuda', 'cudaN', 'gpu' or 'gpuN'")


def _init_device(value: Any) -> str:
    return "" if str(value) == "" else _device(value)


def _str(value: Any) -> str:
    return str(value)


def _int(value: Any) -> int:
    return int(value)


def _float(value: Any) -> float:
    return float(value)


def _checked(convert: Callable[[Any], Any], valid: Callable[[Any], bool], what: str) -> Callable[[Any], Any]:
    """`convert`, then refuse values for which `valid` is false (Theano's is_valid), naming `what` was expected."""
    def check(value: Any) -> Any:
        out = convert(value)
        if not valid(out):
            raise ConfigError(f"invalid value {value!r}; expected {what}")
        return out
    return check


# config.matmul_precision: Theano-style names, then JAX's (jax_default_matmul_precision's legacy names, lax.Precision's
# aliases, and the lax.DotAlgorithmPreset names); lowering/precision.py maps them to JAX
MATMUL_PRECISIONS = ("highest", "high", "default", "float32", "tensorfloat32", "bfloat16", "fastest", "bfloat16_3x",
                     "ANY_F8_ANY_F8_F32", "ANY_F8_ANY_F8_F32_FAST_ACCUM", "ANY_F8_ANY_F8_ANY",
                     "ANY_F8_ANY_F8_ANY_FAST_ACCUM", "F16_F16_F16", "F16_F16_F32", "BF16_BF16_BF16", "BF16_BF16_F32",
                     "BF16_BF16_F32_X3", "BF16_BF16_F32_X6", "BF16_BF16_F32_X9", "TF32_TF32_F32", "TF32_TF32_F32_X3",
                     "F32_F32_F32", "F64_F64_F64")

_MODES = ("Mode", "DebugMode", "FAST_RUN", "NanGuardMode", "FAST_COMPILE", "DEBUG_MODE", "JAX")


def _mode(value: Any) -> Any:
    """A mode name (Theano's, or PyTensor's 'JAX') or a Mode instance, as Theano's filter_mode."""
    if isinstance(value, str) and value in _MODES:
        return value
    if not isinstance(value, str) and hasattr(value, "including") and hasattr(value, "optimizer"):
        return value  # a Mode instance (frontend cannot import lowering.mode to check the class)
    hint = " ProfileMode was removed in Theano 0.9: use the flag profile=True instead." if value == "ProfileMode" else ""
    raise ConfigError("Expected one of those string 'Mode', 'DebugMode', 'FAST_RUN', 'NanGuardMode', 'FAST_COMPILE', "
                      "'DEBUG_MODE' (or 'JAX', an alias of FAST_RUN) or an instance of Mode." + hint)


def _prealloc_modes(value: Any) -> bool:
    valid = ("initial", "previous", "c_contiguous", "f_contiguous", "strided", "wrong_size", "ALL", "")
    return all(p in valid for p in str(value).split(":"))


C_CODE = "C code generation: no C compiler is used, every function is one XLA program"
C_CACHE = "the C module cache: no C modules are compiled (XLA compiles every function)"
OLD_GPU = ("old GPU back-end (libgpuarray, CUDA, cuDNN, MAGMA) setting: XLA picks and compiles the GPU kernels; "
           "config.device picks the device")
NO_INPLACE = "inplace ops and their checks: theano-xla has no inplace ops (XLA reuses buffers itself)"
OLD_BUG = "warned about a bug of a Theano release before 0.10 that theano-xla never had"
BUFFERS = "XLA plans, reuses and frees every buffer of a compiled function"
ONE_PROGRAM = "per-op timing or linking: a compiled function is one XLA program, not a list of thunks"
RUNNER = "a setting of Theano's rewrite driver that our rewrite engine has no counterpart for"

_FLAGS = [
    # --- dtypes and devices
    _Flag("floatX", "default float dtype of T.scalar(), T.matrix(), ...", "float64",
          _enum("float64", "float32", "float16"), used="frontend (dtypes, constructors)"),
    _Flag("warn_float64", "what to do when a float64 tensor variable is made", "ignore",
          _enum("ignore", "warn", "raise", "pdb"), used="frontend/variable.py (TensorVariable)"),
    _Flag("pickle_test_value", "dump test values when pickling", True, _bool,
          ignored="test values are kept on variables' tags; pickling always keeps them"),
    _Flag("cast_policy", "how Python scalars are cast", "custom", _enum("custom", "numpy+floatX"),
          used="frontend/dtypes.py, frontend/scalar.py"),
    _Flag("int_division", "what / does on two integers", "floatX", _enum("int", "raise", "floatX"),
          used="frontend/scalar.py, frontend/ops/elemwise_table.py"),
    _Flag("deterministic", "prefer deterministic implementations", "default", _enum("default", "more"),
          ignored="XLA picks the kernels; for deterministic GPU reductions set XLA_FLAGS=--xla_gpu_deterministic_ops=true"),
    _Flag("device", "device that compiled functions and shared variables use", "cpu", _device,
          used="lowering/device.py"),
    _Flag("data_parallel", "compile every theano.function data-parallel over all JAX devices (theano.sharding."
          "data_parallel(): the batch axis of the inputs split, shared variables replicated)", False, _bool,
          used="lowering/sharding.py (theano.function's default sharding)"),
    _Flag("init_gpu_device", "GPU to initialise without making it the default device", "", _init_device,
          ignored="JAX initialises its devices itself; config.device picks the one used"),
    _Flag("force_device", "raise if the device cannot be used", False, _bool,
          ignored="a device JAX does not have is always an error (DeviceError)"),
    _Flag("conv.assert_shape", "check convolution shapes at run time", False, _bool,
          used="frontend/ops/conv.py (assert_shape: Assert nodes on the inputs of the convolution ops)"),
    _Flag("print_global_stats", "print the global compile/run statistics at exit", False, _bool,
          ignored="use profile=True for timings"),
    _Flag("contexts", "named GPU contexts (name->device;...)", "", _str, ignored=OLD_GPU),
    _Flag("print_active_device", "print the GPU device when it is first used", True, _bool,
          used="lowering/device.py (the JAX GPU device, on first use)"),
    _Flag("gpuarray.sync", "synchronise after each GPU op", False, _bool, ignored=OLD_GPU),
    _Flag("gpuarray.preallocate", "fraction of GPU memory to preallocate", 0.0, _float,
          ignored=OLD_GPU + "; use XLA_PYTHON_CLIENT_MEM_FRACTION"),
    _Flag("gpuarray.sched", "libgpuarray scheduling", "default", _enum("default", "multi", "single"), ignored=OLD_GPU),
    _Flag("gpuarray.single_stream", "one CUDA stream per context", True, _bool, ignored=OLD_GPU),
    _Flag("gpuarray.cache_path", "libgpuarray kernel cache", "", _str, ignored=OLD_GPU),
    _Flag("cuda.root", "CUDA install directory", "/usr/local", _str, ignored=OLD_GPU),
    _Flag("cuda.include_path", "CUDA headers directory", "/usr/local/include", _str, ignored=OLD_GPU),
    _Flag("dnn.conv.workmem", "cuDNN workspace (old name)", "", _str, ignored=OLD_GPU),
    _Flag("dnn.conv.workmem_bwd", "cuDNN workspace (old name)", "", _str, ignored=OLD_GPU),
    _Flag("dnn.conv.algo_bwd", "cuDNN algorithm (old name)", "", _str, ignored=OLD_GPU),
    _Flag("dnn.conv.algo_fwd", "cuDNN forward convolution algorithm", "small", _str, ignored=OLD_GPU),
    _Flag("dnn.conv.algo_bwd_data", "cuDNN backward-data algorithm", "none", _str, ignored=OLD_GPU),
    _Flag("dnn.conv.algo_bwd_filter", "cuDNN backward-filter algorithm", "none", _str, ignored=OLD_GPU),
    _Flag("dnn.conv.precision", "cuDNN convolution precision", "as_input_f32", _str, ignored=OLD_GPU),
    _Flag("dnn.base_path", "cuDNN install directory", "", _str, ignored=OLD_GPU),
    _Flag("dnn.include_path", "cuDNN headers directory", "", _str, ignored=OLD_GPU),
    _Flag("dnn.library_path", "cuDNN library directory", "", _str, ignored=OLD_GPU),
    _Flag("dnn.bin_path", "cuDNN binaries directory", "", _str, ignored=OLD_GPU),
    _Flag("dnn.enabled", "use cuDNN", "auto", _str, ignored=OLD_GPU + " (XLA uses cuDNN where it helps)"),
    _Flag("magma.include_path", "MAGMA headers directory", "", _str, ignored=OLD_GPU),
    _Flag("magma.library_path", "MAGMA library directory", "", _str, ignored=OLD_GPU),
    _Flag("magma.enabled", "use MAGMA for GPU linear algebra", False, _bool, ignored=OLD_GPU),
    _Flag("assert_no_cpu_op", "complain about CPU ops in a GPU graph", "ignore", _enum("ignore", "warn", "raise", "pdb"),
          ignored="a whole function runs on config.device; there are no CPU ops in a GPU graph to find"),
    _Flag("lib.cnmem", "CNMeM memory pool (Theano 0.9 GPU back-end)", 0.0, _float, ignored=OLD_GPU),
    _Flag("nvcc.fastmath", "nvcc fast math (Theano 0.9 GPU back-end)", False, _bool, ignored=OLD_GPU),
    _Flag("nvcc.flags", "extra nvcc flags (Theano 0.9 GPU back-end; common in old scripts)", "", _str, ignored=OLD_GPU),
    _Flag("nvcc.compiler_bindir", "host compiler for nvcc (Theano 0.9 GPU back-end)", "", _str, ignored=OLD_GPU),
    _Flag("gpuelemwise.sync", "synchronise after GPU elemwise kernels", True, _bool, ignored=OLD_GPU),
    _Flag("gpu.local_elemwise_fusion", "fuse GPU elemwise ops", True, _bool, ignored="XLA fuses elementwise ops itself"),
    _Flag("matmul_precision", "precision of float32 matmuls and convolutions on GPUs: highest (full float32, "
          "Theano's), high or default (TF32/bf16 tensor cores), or a JAX name", "highest", _enum(*MATMUL_PRECISIONS),
          used="lowering/precision.py (every contraction rule; a function keeps the value it was built with)"),
    _Flag("ctc.root", "Baidu CTC library directory", "", _str,
          ignored="the CTC loss is theano-xla's own op (theano.tensor.nnet.ctc): no warp-ctc library is looked for"),
    # --- modes, optimizer and linker
    _Flag("mode", "default compilation mode", "Mode", _mode, used="lowering/mode.py (get_mode)"),
    _Flag("cxx", "C++ compiler", "", _str, ignored=C_CODE),
    _Flag("linker", "default linker", "cvm", _str, ignored=ONE_PROGRAM),
    _Flag("allow_gc", "free intermediate results after each call", True, _bool, ignored=BUFFERS),
    _Flag("optimizer", "default rewrite set", "fast_run",
          _enum("fast_run", "merge", "fast_compile", "None", "o4", "o3", "o2", "o1", "unsafe"),
          used="lowering/mode.py, passes/pipeline.py"),
    _Flag("optimizer_verbose", "print every rewrite applied", False, _bool,
          used="frontend/fgraph.py (FunctionGraph.replace)"),
    _Flag("on_opt_error", "what a failing rewrite does", "warn", _enum("warn", "raise", "pdb", "ignore"),
          used="passes/engine.py (a rule that raises is logged and skipped, or re-raised)"),
    _Flag("nocleanup", "keep temporary C compilation directories", False, _bool, ignored=C_CACHE),
    _Flag("on_unused_input", "default of theano.function(on_unused_input=...)", "raise",
          _enum("raise", "warn", "ignore"), used="lowering/function.py"),
    _Flag("optimizer_excluding", "rewrite names or tags to exclude (':'-separated)", "", _str, used="lowering/mode.py"),
    _Flag("optimizer_including", "rewrite names or tags to include (':'-separated)", "", _str, used="lowering/mode.py"),
    _Flag("optimizer_requiring", "rewrite names or tags to require (':'-separated)", "", _str, used="lowering/mode.py"),
    _Flag("optdb.position_cutoff", "skip rewrites after this position", float("inf"), _float, ignored=RUNNER),
    _Flag("optdb.max_use_ratio", "loop guard of the equilibrium optimizer", 8.0, _float,
          ignored="our rewrite engine has its own loop guard (passes/engine.py)"),
    _Flag("metaopt.verbose", "verbosity of the meta-optimizer", 0, _int, ignored=RUNNER + " (no meta-optimizer)"),
    _Flag("metaopt.optimizer_excluding", "meta-optimizer exclusions", "", _str, ignored=RUNNER + " (no meta-optimizer)"),
    _Flag("metaopt.optimizer_including", "meta-optimizer inclusions", "", _str, ignored=RUNNER + " (no meta-optimizer)"),
    _Flag("cache_optimizations", "cache rewritten graphs on disk", False, _bool,
          ignored="rewritten graphs are not cached on disk"),
    _Flag("check_stack_trace", "check that rewrites copy stack traces", "off", _enum("off", "log", "warn", "raise"),
          ignored=RUNNER),
    _Flag("cycle_detection", "how inplace cycles are detected", "regular", _enum("regular", "fast"),
          ignored=NO_INPLACE + ", so no inplace cycles to detect (unittest_tools.assertFailure_fast reads it)"),
    _Flag("check_input", "C code checks its inputs", True, _bool, ignored=C_CODE),
    _Flag("vm.lazy", "lazy evaluation in the VM linker", None, lambda v: None if v in (None, "None") else _bool(v),
          ignored="IfElse and Switch are lowered to XLA conditionals and selects, inside one program"),
    # --- tensor and rewrites
    _Flag("tensor.cmp_sloppy", "looser tolerances in value comparisons", 0,
          _checked(_int, lambda i: i in (0, 1, 2), "0, 1 or 2"), used="theano/tests/unittest_tools.py"),
    _Flag("tensor.local_elemwise_fusion", "fuse elemwise ops into Composites", True, _bool,
          ignored="XLA fuses elementwise ops itself"),
    _Flag("tensor.insert_inplace_optimizer_validate_nb", "inplace rewrite validation batch", -1, _int, ignored=NO_INPLACE),
    _Flag("lib.amdlibm", "use AMD's libm in C code", False, _bool, ignored=C_CODE),
    _Flag("experimental.local_alloc_elemwise", "drop Alloc feeding an Elemwise", True, _bool,
          ignored="deprecated in Theano 1.0.5 too; the rewrite always runs"),
    _Flag("experimental.local_alloc_elemwise_assert", "keep the shape assert of that rewrite", True, _bool,
          ignored="shape checks are not dropped"),
    _Flag("experimental.unpickle_gpu_on_cpu", "unpickle GPU arrays as numpy arrays", False, _bool,
          used="frontend/pkl_utils.py"),
    _Flag("numpy.seterr_all", "numpy error handling while running", "ignore",
          _enum("ignore", "warn", "raise", "call", "print", "log", "None"),
          used="frontend/config.py (np.seterr at import, as Theano; host-side numpy follows it, XLA never warns)"),
    _Flag("numpy.seterr_divide", "numpy divide error handling", "None",
          _enum("None", "ignore", "warn", "raise", "call", "print", "log"), used="frontend/config.py (as numpy.seterr_all)"),
    _Flag("numpy.seterr_over", "numpy overflow error handling", "None",
          _enum("None", "ignore", "warn", "raise", "call", "print", "log"), used="frontend/config.py (as numpy.seterr_all)"),
    _Flag("numpy.seterr_under", "numpy underflow error handling", "None",
          _enum("None", "ignore", "warn", "raise", "call", "print", "log"), used="frontend/config.py (as numpy.seterr_all)"),
    _Flag("numpy.seterr_invalid", "numpy invalid-value error handling", "None",
          _enum("None", "ignore", "warn", "raise", "call", "print", "log"), used="frontend/config.py (as numpy.seterr_all)"),
    _Flag("on_shape_error", "a failing infer_shape: warn (and use the run-time shape) or raise", "warn",
          _enum("warn", "raise"), used="frontend/shape_inference.py, passes/shapes.py"),
    # --- old-bug warnings
    _Flag("warn.ignore_bug_before", "warn about bugs fixed after this version", "0.9", _str, ignored=OLD_BUG),
    _Flag("warn.argmax_pushdown_bug", "warn about an old argmax rewrite bug", False, _bool, ignored=OLD_BUG),
    _Flag("warn.gpusum_01_011_0111_bug", "warn about an old GPU sum bug", False, _bool, ignored=OLD_BUG),
    _Flag("warn.sum_sum_bug", "warn about an old sum(sum) rewrite bug", False, _bool, ignored=OLD_BUG),
    _Flag("warn.sum_div_dimshuffle_bug", "warn about an old sum/div rewrite bug", False, _bool, ignored=OLD_BUG),
    _Flag("warn.subtensor_merge_bug", "warn about an old subtensor merge bug", False, _bool, ignored=OLD_BUG),
    _Flag("warn.gpu_set_subtensor1", "warn about an old GPU set_subtensor bug", False, _bool, ignored=OLD_BUG),
    _Flag("warn.vm_gc_bug", "warn about an old VM garbage collection bug", False, _bool, ignored=OLD_BUG),
    _Flag("warn.signal_conv2d_interface", "warn about signal.conv2d's changed interface", False, _bool, ignored=OLD_BUG),
    _Flag("warn.reduce_join", "warn about an old reduce(join) rewrite bug", False, _bool, ignored=OLD_BUG),
    _Flag("warn.inc_set_subtensor1", "warn about an old inc_subtensor bug", False, _bool, ignored=OLD_BUG),
    _Flag("warn.round", "warn that round() changed to half-to-even", False, _bool, ignored=OLD_BUG),
    _Flag("warn.inc_subtensor1_opt", "warn about an old inc_subtensor rewrite bug", True, _bool, ignored=OLD_BUG),
    _Flag("warn.identify_1pexp_bug", "warn about an old is_1pexp bug", False, _bool, ignored=OLD_BUG),
    # --- test values, errors, pickling
    _Flag("compute_test_value", "evaluate test values while building the graph", "off",
          _enum("off", "ignore", "warn", "raise", "pdb"), used="frontend/test_values.py"),
    _Flag("print_test_value", "repr() of a variable also shows its test value", False, _bool,
          used="frontend/graph.py (Variable.__repr__)"),
    _Flag("compute_test_value_opt", "test values during rewrites", "off", _enum("off", "ignore", "warn", "raise", "pdb"),
          used="lowering/function.py"),
    _Flag("unpickle_function", "unpickle compiled functions (else keep them None)", True, _bool,
          ignored="an unpickled function is always rebuilt and usable (Theano gave None when this was False)"),
    _Flag("reoptimize_unpickled_function", "re-run the rewrites on an unpickled function", False, _bool,
          used="lowering/function_copy.py"),
    _Flag("exception_verbosity", "detail in error messages", "low", _enum("low", "high"), used="lowering/function.py"),
    _Flag("traceback.limit", "stack depth kept on variables", 8, _int, used="frontend/graph.py"),
    _Flag("traceback.compile_limit", "stack depth kept while compiling", 0, _int,
          ignored="compile-time stack traces are Python's own"),
    _Flag("openmp", "OpenMP in C code", False, _bool,
          ignored=C_CODE + " (XLA threads its CPU kernels itself; pool and conv ops keep the value as their attribute)"),
    _Flag("openmp_elemwise_minsize", "size above which C elemwise uses OpenMP", 200000, _int, ignored=C_CODE),
    _Flag("unittests.rseed", "seed of the unit-test helpers (theano.tests.unittest_tools)", "666", _str,
          used="theano/tests/unittest_tools.py"),
    # --- NanGuardMode and DebugMode
    _Flag("NanGuardMode.nan_is_error", "NanGuardMode's default: a NaN is an error", True, _bool,
          used="lowering/nanguardmode.py"),
    _Flag("NanGuardMode.inf_is_error", "NanGuardMode's default: an Inf is an error", True, _bool,
          used="lowering/nanguardmode.py"),
    _Flag("NanGuardMode.big_is_error", "NanGuardMode's default: a value above 1e10 in magnitude is an error", True,
          _bool, used="lowering/nanguardmode.py"),
    _Flag("NanGuardMode.action", "what NanGuardMode does on an error: raise, warn (log it) or pdb", "raise",
          _enum("raise", "warn", "pdb"), used="lowering/nanguardmode.py"),
    _Flag("DebugMode.patience", "how many times DebugMode re-runs the rewrites to check they are stable", 10,
          _checked(_int, lambda i: i > 0, "a positive integer"),
          ignored="DebugMode does not re-run the rewrites; it checks their result against the unrewritten graph"),
    _Flag("DebugMode.check_c", "run the C implementations", False, _bool,
          used="lowering/debugmode.py (with check_py False too, DebugMode refuses as Theano); " + C_CODE),
    _Flag("DebugMode.check_py", "run the Python implementations", True, _bool,
          used="lowering/debugmode.py (the op-by-op reference run)"),
    _Flag("DebugMode.check_finite", "complain about NaN/Inf results", True, _bool, used="lowering/debugmode.py"),
    _Flag("DebugMode.check_strides", "compare the strides of C and Python outputs", 0,
          _checked(_int, lambda i: i in (0, 1, 2), "0, 1 or 2"), ignored="XLA arrays have no strides to compare"),
    _Flag("DebugMode.warn_input_not_reused", "warn when an inplace op did not reuse its input", True, _bool,
          ignored=NO_INPLACE),
    _Flag("DebugMode.check_preallocated_output", "run ops with preallocated output storage", "",
          _checked(_str, _prealloc_modes, "':'-separated values among initial, previous, c_contiguous, f_contiguous, "
                   "strided, wrong_size, ALL"), ignored=BUFFERS + " (no op writes into given output storage)"),
    _Flag("DebugMode.check_preallocated_output_ndim", "dimensions tried with strided preallocated outputs", 4,
          _checked(_int, lambda i: i > 0, "a positive integer"), ignored=BUFFERS),
    # --- profiling
    _Flag("profile", "profile every compiled function", False, _bool, used="lowering/profiling.py"),
    _Flag("profile_optimizer", "profile the rewrites", False, _bool,
          ignored="the rewrite phases are not timed; profile=True times compilation as a whole"),
    _Flag("profile_memory", "profile memory use", False, _bool, ignored=BUFFERS),
    _Flag("profiling.time_thunks", "time individual thunks", True, _bool, ignored=ONE_PROGRAM),
    _Flag("profiling.n_apply", "rows of the Apply table in profile summaries", 20,
          _checked(_int, lambda i: i > 0, "a positive integer"), used="lowering/profiling.py"),
    _Flag("profiling.n_ops", "rows of the op-class table in profile summaries", 20,
          _checked(_int, lambda i: i > 0, "a positive integer"), used="lowering/profiling.py"),
    _Flag("profiling.output_line_width", "width of profile summaries", 512, _int,
          ignored="profile summaries are printed at their natural width"),
    _Flag("profiling.min_memory_size", "smallest variable listed in memory profiles", 1024, _int, ignored=BUFFERS),
    _Flag("profiling.min_peak_memory", "print the minimal peak memory", False, _bool, ignored=BUFFERS),
    _Flag("profiling.destination", "where the profiles are printed at exit: stderr, stdout or a file name", "stderr",
          _str, used="lowering/profiling.py"),
    _Flag("profiling.debugprint", "debugprint each profiled function", False, _bool,
          ignored="call theano.printing.debugprint on the function"),
    _Flag("profiling.ignore_first_call", "leave each profiled function's first call (its compile) out of the times",
          False, _bool, used="lowering/profiling.py, lowering/function_profiled.py"),
    # --- C compilation and the module cache
    _Flag("gcc.cxxflags", "extra C++ compiler flags", "", _str, ignored=C_CODE),
    _Flag("cmodule.warn_no_version", "warn about C ops without a cache version", False, _bool, ignored=C_CACHE),
    _Flag("cmodule.remove_gxx_opt", "compile C code without -O3", False, _bool, ignored=C_CACHE),
    _Flag("cmodule.compilation_warning", "print C compiler warnings", False, _bool, ignored=C_CACHE),
    _Flag("cmodule.preload_cache", "load the C module cache at import", False, _bool, ignored=C_CACHE),
    _Flag("cmodule.age_thresh_use", "age after which cached C modules are deleted", 60 * 60 * 24 * 24, _int,
          ignored=C_CACHE),
    _Flag("cmodule.debug", "debug information in compiled C modules", False, _bool, ignored=C_CACHE),
    _Flag("blas.ldflags", "BLAS link flags", "", _str, ignored=C_CODE + " (XLA calls its own BLAS)"),
    _Flag("blas.check_openmp", "check BLAS OpenMP settings", True, _bool, ignored=C_CODE),
    _Flag("scan.allow_gc", "free Scan's inner buffers between iterations", False, _bool, ignored=BUFFERS),
    _Flag("scan.allow_output_prealloc", "preallocate Scan's outputs", True, _bool, ignored=BUFFERS),
    _Flag("scan.debug", "print Scan rewrite debugging information", False, _bool,
          ignored="Scan is lowered to an XLA loop; set optimizer_verbose to see its rewrites"),
    _Flag("compile.wait", "seconds between tries for the compile-directory lock", 5, _int, ignored=C_CACHE),
    _Flag("compile.timeout", "seconds before a compile-directory lock is broken", 120, _int, ignored=C_CACHE),
    _Flag("compiledir_format", "name of the compile directory inside base_compiledir (its %(keys)s: "
          "theano.configdefaults.compiledir_format_dict)", "compiledir_%(short_platform)s-%(processor)s-"
          "%(python_version)s-%(python_bitwidth)s", _str, used="frontend/compiledir.py (config.compiledir's default)"),
    _Flag("base_compiledir", "parent of the compile directory", os.path.join(os.path.expanduser("~"), ".theano"),
          filter_base_compiledir, used="frontend/compiledir.py (config.compiledir's default), theano/cache.py"),
    _Flag("compiledir", "the compile directory: XLA's persistent compilation cache is kept in its xla/ folder",
          DerivedDefault(default_compiledir, "<base_compiledir>/<compiledir_format>"), filter_compiledir,
          used="lowering/compile_cache.py (JAX's persistent compilation cache), theano/cache.py (theano-cache)"),
    _Flag("compile_cache", "keep compiled XLA programs in compiledir across runs (not a Theano 1.0.5 flag)", True,
          _bool, used="lowering/compile_cache.py"),
]

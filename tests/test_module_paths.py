"""Every public name of the Theano 1.0.5 modules issue 10 lists is importable from the same module path here,
and is the real thing, not a PendingFeatureError stand-in (theano/_pending.py).

The (module, names) list is data: tests/module_paths.json, generated from Theano 1.0.5's sources by
tests/generate_module_paths.py (which also records the names left out, with reasons).
"""
from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

import theano
from theano._pending import PendingFeatureError

DATA = json.loads((Path(__file__).resolve().parent / "module_paths.json").read_text())
MODULES: dict[str, list[str]] = DATA["modules"]

# Public names of Theano's that theano-xla deliberately does not provide, with the reason.
_C_CODEGEN = ("Theano's C code generator (code blocks, struct and variable code): theano-xla generates no C code, "
              "every graph is one XLA program (theano.gof.cc.CLinker raises MissingGXX)")
_C_MODULE_CACHE = ("Theano's cache and loader of compiled C modules: theano-xla compiles no C code (the XLA program "
                   "cache is config.compiledir's, managed by theano-cache)")
_VM_THUNKS = ("Theano's VM that ran the graph's thunks one by one: XLA runs the whole program (theano.gof.vm.VM_Linker "
              "is the XLA program)")
_SCAN_OPT_MISSING = ("a Theano scan rewrite or optimizer database our passes do not have (ours: PushOutNonSeqScan, "
                     "PushOutSeqScan, ScanMerge, ScanSaveMem, registered in theano.compile.optdb)")
NOT_PROVIDED: dict[str, str] = {
    "theano.tensor.signal.pool:PoolingMode_t": "a cuDNN enum type of Theano's GPU back-end (no cuDNN here)",
    "theano.tensor.nnet:softmax_simplifier": "a helper of Theano's softmax rewrite (passes/nnet_rewrites.py does it)",
    "theano.tensor.nnet.nnet:softmax_simplifier": "a helper of Theano's softmax rewrite (passes/nnet_rewrites.py "
                                                  "does it)",
    "theano.version:info": "Theano's module deletes it (`del info`) after computing the version strings",
    "theano.tensor.nnet.opt:conv_groupopt": ("Theano's database of C/GPU convolution implementations: abstract "
                                             "convolutions lower to XLA directly (the name raises, saying so)"),
    "theano.scan_module.scan_opt:ScanInplaceOptimizer": "makes scans inplace: no inplace ops (XLA assigns buffers)",
    **{f"theano.scan_module.scan_opt:{n}": _SCAN_OPT_MISSING for n in (
        "PushOutDot1", "PushOutScanOutput", "list_opt_slice", "scan_eqopt1", "scan_eqopt2", "scan_seqopt1")},
    **{f"theano.gof.cc:{n}": _C_CODEGEN for n in (
        "CodeBlock", "HideC", "apply_policy", "code_gen", "failure_code", "failure_code_init", "get_c_cleanup",
        "get_c_declare", "get_c_extract", "get_c_extract_out", "get_c_init", "get_c_sync", "get_nothing",
        "get_persistent_module_cache", "run_cthunk", "struct_gen", "struct_variable_codeblocks")},
    **{f"theano.gof.cmodule:{n}": _C_MODULE_CACHE for n in (
        "DynamicModule", "ExtFunction", "KeyData", "ModuleCache", "debug_counter", "dlimport_workdir",
        "get_module_hash", "get_safe_part", "icc_module_compile_str", "import_time", "is_same_entry",
        "last_access_time", "module_name_from_dir", "try_march_flag")},
    **{f"theano.gof.vm:{n}": _VM_THUNKS for n in ("Loop", "LoopGC", "Stack", "VM", "calculate_reallocate_info")},
}


def _is_stand_in(obj: object) -> bool:
    """A pending_function / pending_class stand-in: calling it raises PendingFeatureError."""
    doc = getattr(obj, "__doc__", None) or ""
    if not doc.startswith("Not implemented yet ("):
        return False
    try:
        obj()  # type: ignore[operator]
    except PendingFeatureError:
        return True
    except Exception:  # noqa: BLE001 - a real callable that wants arguments
        return False
    return False


def _missing(module: str, names: list[str]) -> list[str]:
    try:
        mod = importlib.import_module(module)
    except ImportError as err:
        return [f"(module does not import: {err})"]
    return [n for n in names if not hasattr(mod, n) or _is_stand_in(getattr(mod, n))]


def _names(module: str) -> list[str]:
    """The names of `module` that must be reachable (all but those listed as not provided)."""
    return [n for n in MODULES[module] if f"{module}:{n}" not in NOT_PROVIDED]


def _params() -> list:
    return [pytest.param(module, _names(module), id=module) for module in sorted(MODULES) if _names(module)]


def test_the_list_covers_the_modules_of_issue_10() -> None:
    for module in ("theano.tensor.nnet", "theano.tensor.nnet.nnet", "theano.tensor.nnet.bn",
                   "theano.tensor.nnet.neighbours", "theano.tensor.nnet.abstract_conv", "theano.tensor.nnet.conv",
                   "theano.tensor.signal.pool", "theano.sandbox.rng_mrg", "theano.tensor.shared_randomstreams",
                   "theano.tensor.raw_random", "theano.tensor.nlinalg", "theano.tensor.slinalg",
                   "theano.tensor.extra_ops", "theano.sandbox.softsign"):
        assert MODULES.get(module), module
    assert len(MODULES["theano.tensor.nnet"]) > 40


@pytest.mark.parametrize("module,names", _params())
def test_names_are_reachable(module: str, names: list[str]) -> None:
    assert _missing(module, names) == []


@pytest.mark.parametrize("package,attribute", [("theano.tensor.nnet", "nnet"), ("theano.tensor.extra_ops", "extra_ops")])
def test_attribute_paths_are_the_modules(package: str, attribute: str) -> None:
    """T.nnet.* and T.extra_ops.* reach the same objects as the imports."""
    assert getattr(theano.tensor, attribute) is importlib.import_module(package)


def test_stand_in_detection() -> None:
    from theano._pending import pending_class, pending_function

    assert _is_stand_in(pending_function("a.b", "x")) and _is_stand_in(pending_class("a.B", "x"))
    assert not _is_stand_in(theano.tensor.nnet.softmax) and not _is_stand_in(theano.tensor.nnet.Softmax)

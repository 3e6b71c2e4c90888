#!/usr/bin/env python
"""Regenerate tests/module_paths.json: the public names of Theano 1.0.5's modules that issue 10 lists.

    python tests/generate_module_paths.py /path/to/Theano-1.0.5

Read with `ast` from Theano's sources (nothing is imported). A module contributes the functions, classes and
assigned names it defines at module level, plus, for a package `__init__` (and a module with `__all__`), the
names it re-exports. Left out: names with a leading underscore, imported helper modules (numpy, warnings, ...),
loggers, and graph-rewrite registrations (`local_*` functions and anything decorated with an optimizer
registration), which are optimizer internals rather than API.
"""
from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

MODULES = {
    "theano.tensor.nnet": "theano/tensor/nnet/__init__.py",
    "theano.tensor.nnet.nnet": "theano/tensor/nnet/nnet.py",
    "theano.tensor.nnet.sigm": "theano/tensor/nnet/sigm.py",
    "theano.tensor.nnet.bn": "theano/tensor/nnet/bn.py",
    "theano.tensor.nnet.abstract_conv": "theano/tensor/nnet/abstract_conv.py",
    "theano.tensor.nnet.conv": "theano/tensor/nnet/conv.py",
    "theano.tensor.nnet.neighbours": "theano/tensor/nnet/neighbours.py",
    "theano.tensor.signal.pool": "theano/tensor/signal/pool.py",
    "theano.tensor.signal.downsample": "theano/tensor/signal/downsample.py",
    "theano.sandbox.rng_mrg": "theano/sandbox/rng_mrg.py",
    "theano.tensor.shared_randomstreams": "theano/tensor/shared_randomstreams.py",
    "theano.tensor.raw_random": "theano/tensor/raw_random.py",
    "theano.tensor.nlinalg": "theano/tensor/nlinalg.py",
    "theano.tensor.slinalg": "theano/tensor/slinalg.py",
    "theano.tensor.extra_ops": "theano/tensor/extra_ops.py",
    "theano.sandbox.softsign": "theano/sandbox/softsign.py",
    "theano.sandbox.neighbours": "theano/sandbox/neighbours.py",
    "theano.sandbox.multinomial": "theano/sandbox/multinomial.py",
    "theano.tensor.nnet.blocksparse": "theano/tensor/nnet/blocksparse.py",
    # theano.typed_list
    "theano.typed_list": "theano/typed_list/__init__.py",
    "theano.typed_list.basic": "theano/typed_list/basic.py",
    "theano.typed_list.type": "theano/typed_list/type.py",
    "theano.typed_list.opt": "theano/typed_list/opt.py",
    # legacy module paths: CTC, compile.function, scan's modules, version, nnet.opt, gof's C/VM machinery, odds
    "theano.tensor.nnet.ctc": "theano/tensor/nnet/ctc.py",
    "theano.compile.function": "theano/compile/function.py",
    "theano.scan_module.scan": "theano/scan_module/scan.py",
    "theano.scan_module.scan_opt": "theano/scan_module/scan_opt.py",
    "theano.scan_module.scan_views": "theano/scan_module/scan_views.py",
    "theano.version": "theano/version.py",
    "theano._version": "theano/_version.py",
    "theano.tensor.nnet.opt": "theano/tensor/nnet/opt.py",
    "theano.gof.vm": "theano/gof/vm.py",
    "theano.gof.cc": "theano/gof/cc.py",
    "theano.gof.cmodule": "theano/gof/cmodule.py",
    "theano.gof.compilelock": "theano/gof/compilelock.py",
    "theano.gof.destroyhandler": "theano/gof/destroyhandler.py",
    "theano.gof.unify": "theano/gof/unify.py",
    "theano.raise_op": "theano/raise_op.py",
    "theano.pathparse": "theano/pathparse.py",
}
# modules that are re-export shims in Theano 1.0.5: what they import is their API
REEXPORT_SHIMS = {"theano.sandbox.softsign", "theano.sandbox.neighbours"}
_REWRITE = "a helper of Theano's graph rewrites (our passes do these rewrites; not user API)"
EXCLUDED = {
    "theano.tensor.nnet.sigm": {n: _REWRITE for n in (
        "log1msigm_to_softplus", "log1p_neg_sigmoid", "log1pexp_to_softplus", "logsigm_to_softplus")},
    "theano.tensor.nnet.bn": {"bn_groupopt": "Theano's optimizer database of the batch-norm rewrites (see "
                                             "passes/bn_rewrites.py)"},
    "theano.tensor.nnet.conv": {"gen_conv_code_unroll_batch_kern": "generates ConvOp's C code"},
    "theano.tensor.extra_ops": {"tensor": "the module theano.tensor, imported under another name"},
}
SKIP = {"logger", "_logger", "imported_scipy", "imported_scipy_signal", "division", "print_function",
        "absolute_import"}


def _optimizer_registration(node: ast.AST) -> bool:
    for dec in getattr(node, "decorator_list", []):
        text = ast.unparse(dec)
        if "optimizer" in text or "register_" in text or "local_" in text:
            return True
    return False


def public_names(source: str, package_init: bool, excluded: dict | None = None) -> list[str]:
    tree = ast.parse(source)
    names: list[str] = []
    exported: list[str] | None = None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            if not _optimizer_registration(node):
                names.append(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                for t in ast.walk(target):
                    if isinstance(t, ast.Name):
                        if t.id == "__all__" and isinstance(node.value, (ast.List, ast.Tuple)):
                            exported = [e.value for e in node.value.elts if isinstance(e, ast.Constant)]
                        else:
                            names.append(t.id)
        elif isinstance(node, ast.ImportFrom) and package_init and node.module is not None and node.module != "__future__":
            names.extend(a.asname or a.name for a in node.names)
    if exported is not None:
        names.extend(exported)
    keep = []
    for n in names:
        if n.startswith("_") or n.startswith("local_") or n in SKIP or n in keep or n in (excluded or {}):
            continue
        keep.append(n)
    return sorted(keep)


def main(root: str) -> None:
    base = Path(root)
    # Theano 1.0.5 has no theano/tensor/signal/downsample.py any more (0.9 removed it): it gets no names here
    data = {mod: public_names((base / path).read_text(), path.endswith("__init__.py") or mod in REEXPORT_SHIMS,
                              EXCLUDED.get(mod))
            for mod, path in MODULES.items() if (base / path).exists()}
    # names that are submodules of a package (from . import opt) are modules, not API names
    data["theano.tensor.nnet"] = [n for n in data["theano.tensor.nnet"] if n not in ("opt",)]
    # `from .basic import *` re-exports theano.typed_list.basic's names (listed under that module)
    data["theano.typed_list"] = [n for n in data["theano.typed_list"] if n != "*"] + data["theano.typed_list.basic"]
    data["theano.typed_list"] = sorted(set(data["theano.typed_list"]))
    out = Path(__file__).resolve().parent / "module_paths.json"
    out.write_text(json.dumps({"source": "Theano 1.0.5", "generator": "tests/generate_module_paths.py",
                               "modules": data, "excluded": EXCLUDED}, indent=1, sort_keys=True) + "\n")
    print(f"{out}: {sum(map(len, data.values()))} names in {len(data)} modules")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/th/Theano-1.0.5")

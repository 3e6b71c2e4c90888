"""Legacy module paths: theano.compile.function, scan_module.scan / scan_opt / scan_views, theano.version,
tensor.nnet.opt, gof.vm / cc / cmodule / compilelock / destroyhandler / unify, theano.raise_op, theano.pathparse.
Each gives what a Theano 1.0.5 script meets (values against Theano's, checked with the oracle by hand)."""
from __future__ import annotations

import os

import numpy as np
import pytest

import theano
import theano.tensor as T


def test_compile_function_module_and_attribute():
    from theano.compile.function import function, function_dump
    import theano.compile

    assert theano.compile.function is function is theano.function
    assert callable(function_dump)
    import sys

    assert sys.modules["theano.compile.function"].function is function  # the module, by its full path


def test_scan_module_paths():
    from theano.scan_module.scan import scan
    from theano.scan_module.scan_views import foldl, foldr, map, reduce  # noqa: A004
    import theano.scan_module

    assert theano.scan_module.scan is scan is theano.scan
    x, zero = T.dvector("x"), np.float64(0.0)
    f = theano.function([x], [map(lambda v: v * 2, x)[0], reduce(lambda v, acc: v + acc, x, zero)[0],
                              foldl(lambda v, acc: acc - v, x, zero)[0], foldr(lambda v, acc: acc * 10 + v, x, zero)[0]])
    got = f(np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(got[0], [2, 4, 6])
    assert float(got[1]) == 6.0 and float(got[2]) == -6.0 and float(got[3]) == 321.0


def test_scan_opt_optimizers_run_our_passes():
    from theano.frontend.fgraph import FunctionGraph
    from theano.gof.opt import MergeOptimizer
    from theano.scan_module import scan_opt
    from theano.scan_module.scan_op import Scan

    a, b = T.dvector("a"), T.dvector("b")
    sa, _ = theano.scan(lambda v: v * 2, sequences=a)
    sb, _ = theano.scan(lambda v: v + 1, sequences=a)
    fg = FunctionGraph([a, b], [sa, sb], clone=True)
    assert sum(isinstance(n.op, Scan) for n in fg.apply_nodes) == 2
    MergeOptimizer().optimize(fg)  # the two loops' lengths become one variable, as optdb's merge makes them
    scan_opt.ScanMerge().optimize(fg)
    assert sum(isinstance(n.op, Scan) for n in fg.apply_nodes) == 1
    assert scan_opt.has_duplicates([1, 2, 1]) and not scan_opt.has_duplicates([1, 2])
    assert scan_opt.make_equiv(["o1", "o2", "o1"], ["i1", "i2", "i3"]) == (["i3"], ["o1"])
    for name in ("ScanInplaceOptimizer", "scan_eqopt1"):
        assert not hasattr(scan_opt, name)


def test_version_module():
    import theano._version
    import theano.version as v

    assert theano.version is v and theano.__version__ == v.version == v.full_version == "1.0.5+xla.0.1.0"
    assert v.short_version == "1.0.5" and v.release is True and v.FALLBACK_VERSION == "1.0.5+unknown"
    assert v.git_revision is None and not hasattr(v, "info")
    assert theano._version.get_versions()["version"] == v.full_version


def test_nnet_opt_names_say_why_they_are_absent():
    import theano.tensor.nnet.opt as nopt

    assert nopt.local_inplace_sparse_block_gemv.name == "local_inplace_sparse_block_gemv"  # a real rewrite (misc)
    for name in ("local_abstractconv_gemm", "local_conv2d_cpu", "local_abstractconv_check", "conv_groupopt"):
        with pytest.raises(AttributeError, match=f"{name} is not available in theano-xla: in Theano it"):
            getattr(nopt, name)
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        nopt.nothing


def test_c_machinery_behaves_as_theano_without_a_compiler():
    from theano.gof import cc, cmodule

    assert cmodule.GCC_compiler.try_flags(["-O3"]) is False
    assert cmodule.GCC_compiler.try_compile_tmp("int main(){}") is False
    assert cmodule.gcc_version() == "GCC_NOT_FOUND" and cmodule.gcc_llvm() is False
    with pytest.raises(cmodule.MissingGXX, match="g\\+\\+ not available"):
        cmodule.GCC_compiler.compile_str("m", "")
    with pytest.raises(cmodule.MissingGXX, match="CLinker runs generated C code"):
        cc.CLinker()
    with pytest.raises(cmodule.MissingGXX, match="no cache of compiled C modules"):
        cc.get_module_cache()
    assert cmodule.get_lib_extension() == "so" and cmodule.get_gcc_shared_library_arg() == "-shared"
    assert cc.DualLinker is theano.gof.DualLinker and cc.OpWiseCLinker is theano.gof.OpWiseCLinker


def test_vm_linker_runs_the_xla_program():
    from theano.gof.vm import VM_Linker

    x = T.dvector("x")
    f = theano.function([x], x * 2, mode=theano.Mode(linker=VM_Linker(allow_gc=False, use_cloop=False)))
    np.testing.assert_allclose(f(np.arange(3.0)), [0, 2, 4])
    fg = theano.FunctionGraph([x], [x + 1])
    np.testing.assert_allclose(VM_Linker().accept(fg).make_function()(np.ones(2)), [2, 2])
    with pytest.raises(NotImplementedError, match="MonitorMode"):
        VM_Linker(callback=lambda *a: None)


def test_compilelock(tmp_path):
    from theano.gof import compilelock as cl

    lock_dir = str(tmp_path / "lock_dir")
    with cl.lock_ctx(lock_dir=lock_dir):
        assert os.path.isdir(lock_dir)
        owner = open(os.path.join(lock_dir, "lock")).read().strip()
        assert owner.startswith(f"{os.getpid()}_") and owner.endswith(cl.hostname)
        cl.get_lock(lock_dir=lock_dir)  # reentrant
        cl.release_lock()
        assert os.path.isdir(lock_dir)
    assert not os.path.exists(lock_dir)
    # a lock left by a dead process on this host is broken
    os.mkdir(lock_dir)
    with open(os.path.join(lock_dir, "lock"), "w") as f:
        f.write(f"999999999_0123456789_{cl.hostname}\n")
    cl.lock(lock_dir, min_wait=0.01, max_wait=0.02)
    assert open(os.path.join(lock_dir, "lock")).read().startswith(f"{os.getpid()}_")
    cl.Unlocker(lock_dir).unlock()
    assert not os.path.exists(lock_dir)
    # a live owner that never changes is broken after `timeout` seconds
    os.mkdir(lock_dir)
    with open(os.path.join(lock_dir, "lock"), "w") as f:
        f.write("1_0123456789_otherhost\n")
    cl.lock(lock_dir, timeout=0.05, min_wait=0.01, max_wait=0.02)
    assert open(os.path.join(lock_dir, "lock")).read().startswith(f"{os.getpid()}_")
    cl.Unlocker(lock_dir).unlock(force=True)


def test_destroyhandler():
    from theano.frontend.graph import Apply, Op
    from theano.gof.destroyhandler import DestroyHandler, fast_inplace_check
    from theano.gof.fg import InconsistencyError

    class AddOneInplace(Op):
        __props__ = ()
        destroy_map = {0: [0]}

        def make_node(self, x):
            return Apply(self, [x], [x.type()])

    x, y = T.dvector("x"), T.dvector("y")
    a = AddOneInplace()(x)
    fg = theano.FunctionGraph([x, y], [a, x + y, y], clone=False)
    dh = DestroyHandler()
    fg.attach_feature(dh)
    assert fg.destroyers(x) == [a.owner] and fg.has_destroyers([x]) and not fg.has_destroyers([y])
    assert dh.validate(fg)
    assert dh.orderings(fg) == {a.owner: {fg.outputs[1].owner}}  # x + y reads x before it is destroyed
    assert fast_inplace_check.__doc__
    b = AddOneInplace()(x)
    fg2 = theano.FunctionGraph([x], [a, b], clone=False)
    dh2 = DestroyHandler()
    fg2.attach_feature(dh2)
    with pytest.raises(InconsistencyError, match="Multiple destroyers"):
        dh2.validate(fg2)


def test_unify():
    from theano.gof.unify import NotVariable, OrVariable, Unification, V, VariableInList, unify, unify_merge, unify_walk

    vx, vy, va = NotVariable("x", ["big", "bones"]), OrVariable("y", ["hello", "big"]), V("a_t")
    p1, p2 = dict(hey=vx, ulala=va, a=1), dict(hey=vy, ulala=10, b=2)
    U = unify_walk(p1, p2, Unification())
    assert U[va].value == 10 and U[vx].value == "hello" and U[vy].value == "hello"
    assert unify_merge(p1, p2, U) == {"hey": "hello", "ulala": 10, "a": 1, "b": 2}  # Theano 1.0.5's answer
    assert unify_walk((1, 2), (va, va), Unification()) is False
    assert unify([5, V("A_t"), V("B_t")], [V("A_t"), V("C_t"), 9])[0] == [5, 5, 9]
    assert unify([5, [V("A2_t"), V("B2_t")]], [V("A2_t"), [1, 2]]) == (None, False)
    U = unify_walk(VariableInList(V("z_t")), [1, 2, 3], Unification())
    assert list(U[V("z_t")].options) == [1, 2, 3]


def test_raise_op():
    from theano.ifelse import ifelse
    from theano.raise_op import Raise

    x = T.dscalar("x")
    op = Raise("no way", ValueError)
    assert str(op) == "Raise{<class 'ValueError'>(no way)}" and op == Raise("no way", ValueError)
    f = theano.function([x], op(x) * 2)
    with pytest.raises(ValueError, match="no way"):
        f(1.0)
    c = T.iscalar("c")
    g = theano.function([c, x], ifelse(c, x + 1, Raise("branch ran")(x)))
    assert float(g(1, 2.0)) == 3.0  # the branch not taken raises nothing
    with pytest.raises(NotImplementedError, match="branch ran"):
        g(0, 2.0)


def test_pathparse(monkeypatch):
    from theano.pathparse import PathParser

    monkeypatch.setenv("PATH", os.pathsep.join(["/usr/bin", "/bin"]))
    monkeypatch.setattr(PathParser, "paths", set())
    p = PathParser("/opt/x/../y")
    assert os.environ["PATH"].split(os.pathsep) == ["/bin", "/opt/y", "/usr/bin"]
    p.add("/a")
    assert os.environ["PATH"].split(os.pathsep)[0] == "/a"


def test_gof_package_reaches_the_legacy_submodules():
    """As after `import theano` in Theano 1.0.5: theano.gof.cc / cmodule / compilelock / destroyhandler / unify / vm
    and theano.gof.CLinker / DestroyHandler."""
    import sys

    import theano.gof as gof

    for name in ("cc", "cmodule", "compilelock", "destroyhandler", "unify", "vm"):
        assert getattr(gof, name) is sys.modules[f"theano.gof.{name}"]
    assert gof.CLinker is gof.cc.CLinker and gof.DestroyHandler is gof.destroyhandler.DestroyHandler

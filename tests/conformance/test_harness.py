"""Tests of the conformance harness itself, offline: tiny synthetic test files stand in for the sdists."""
from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import conformance_harness as H  # noqa: E402
import conformance_inventory as I  # noqa: E402
import conformance_ledger as L  # noqa: E402
import run as R  # noqa: E402


def _load_shims(name: str = "conformance_shims") -> types.ModuleType:
    """conformance_shims (or its sibling `name`) without installing anything (importing it has no side effects);
    the shims folder is on the path while it loads, as in a run (conformance_shims imports library_shims)."""
    spec = importlib.util.spec_from_file_location(f"_{name}_under_test", H.SHIMS / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(H.SHIMS))
    try:
        spec.loader.exec_module(mod)
    finally:
        sys.path.remove(str(H.SHIMS))
    return mod


SAMPLE = '''
from __future__ import absolute_import, print_function, division
import unittest
import numpy as np
from nose.tools import assert_equal, raises
from nose.plugins.skip import SkipTest
from nose.plugins.attrib import attr
from numpy.testing import dec
import theano
from theano.tensor import dvector, this_name_is_not_in_theano_xyz
from theano.tensor.tests.test_helper_mod import VALUE


def check(i):
    assert i < 2, i


def test_gen():
    for i in range(3):
        yield check, i


class TestPlain(object):
    def setup(self):
        self.ready = True

    def test_nose_setup_ran(self):
        assert self.ready

    def test_method_gen(self):
        for i in range(2):
            yield check, i


@attr('slow')
def test_numpy_alias_and_cross_import():
    assert np.float is float and np.cast['int8'](3.7) == 3 and VALUE == 42
    assert_equal(dvector().ndim, 1)


def test_uses_missing_name():
    this_name_is_not_in_theano_xyz(1)


def test_skiptest():
    raise SkipTest("nose skip")


@dec.skipif(True, "dec skip")
def test_dec_skipif():
    assert False


@raises(ValueError)
def test_raises():
    raise ValueError()


def test_excluded_inplace():
    assert False, "excluded tests never run"


class TestCOnly(object):
    threshold = theano.config.no_such_c_only_flag_xyz   # defining this class fails: it is dropped

    def test_one(self):
        pass

    def test_two(self):
        pass
'''


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[H.Scratch, H.FileResult]:
    src = tmp_path_factory.mktemp("sdist")
    tests = src / "theano" / "tensor" / "tests"
    tests.mkdir(parents=True)
    (tests / "__init__.py").write_text("raise RuntimeError('their __init__ is never copied')\n")
    (tests / "test_sample.py").write_text(SAMPLE)
    (tests / "test_helper_mod.py").write_text("VALUE = 41\n")   # patched to 42 by the scratch build
    (src / "theano" / "__init__.py").write_text("raise RuntimeError('their theano is never imported')\n")
    own = src / "theano" / "tests"
    own.mkdir()
    (own / "unittest_tools.py").write_text("raise RuntimeError('our unittest_tools is used, not theirs')\n")
    patches = {"theano/tensor/tests/test_helper_mod.py": [{"old": "VALUE = 41", "new": "VALUE = 42", "reason": "r"}]}
    scratch = H.build_scratch(tmp_path_factory.mktemp("scratch") / "s", {"theano": src}, patches)
    exclude = [{"pattern": "test_excluded_*", "reason": "checks an inplace op"}]
    drops = {"theano/tensor/tests/test_sample.py": {"TestCOnly": "reads a C-only flag"}}
    result = H.run_file(scratch, "theano", "theano/tensor/tests/test_sample.py", exclude=exclude, drops=drops,
                        test_timeout=None, file_timeout=300)
    return scratch, result


@pytest.fixture(scope="module")
def synthetic_run(synthetic: tuple[H.Scratch, H.FileResult]) -> H.FileResult:
    return synthetic[1]


def test_scratch_holds_only_their_test_files(synthetic: tuple[H.Scratch, H.FileResult]) -> None:
    scratch, result = synthetic
    copied = sorted(p.relative_to(scratch.roots["theano"]).as_posix()
                    for p in Path(scratch.roots["theano"]).rglob("*") if p.is_file())
    assert copied == ["theano/tensor/tests/test_helper_mod.py", "theano/tensor/tests/test_sample.py"]
    assert result.status == "ran", result.log[-3000:]


def test_counts(synthetic_run: H.FileResult) -> None:
    c = synthetic_run.counts()
    # passed: 2 yielded + nose setup + 2 method-yielded + alias/cross-import + raises = 7
    assert c == {"passed": 7, "failed": 2, "errors": 0, "skipped": 2, "excluded": 3}, synthetic_run.log[-3000:]


def test_yield_test_expands_into_items(synthetic_run: H.FileResult) -> None:
    outcomes = {k.split("::", 1)[1]: v for k, v in synthetic_run.report["outcomes"].items()}
    assert outcomes["test_gen[0]"] == "passed" and outcomes["test_gen[1]"] == "passed"
    assert outcomes["test_gen[2]"] == "failed"
    assert outcomes["TestPlain::test_method_gen[1]"] == "passed"


def test_missing_name_is_a_placeholder_that_fails_its_test(synthetic_run: H.FileResult) -> None:
    assert synthetic_run.report["missing_names"] == ["theano.tensor.this_name_is_not_in_theano_xyz"]
    msg = synthetic_run.report["messages"]["suites/theano/theano/tensor/tests/test_sample.py::test_uses_missing_name"]
    assert "does not provide theano.tensor.this_name_is_not_in_theano_xyz" in msg


def test_exclusion_is_reported_with_reason(synthetic_run: H.FileResult) -> None:
    assert sorted(synthetic_run.report["excluded_tests"].values()) == [
        "checks an inplace op", "reads a C-only flag (definition dropped, 2 tests)"]


def test_import_guard_rewrites_only_library_imports() -> None:
    shims = _load_shims()
    code = shims.transform_source("import os\nfrom theano_missing_pkg_xyz import a, b as c\nimport json\n",
                                  "<t>", "mod_under_test", prefixes=("theano_missing_pkg_xyz",))
    ns: dict = {"__conformance_missing__": shims.missing}
    exec(code, ns)
    assert "os" in ns and "json" in ns
    with pytest.raises(shims.MissingNameError, match="theano_missing_pkg_xyz.a"):
        ns["a"]()
    with pytest.raises(shims.MissingNameError, match=r"theano_missing_pkg_xyz\.b\.anything"):
        ns["c"].anything(1)
    assert not issubclass(shims.MissingNameError, (NotImplementedError, TypeError, ValueError, AttributeError))
    assert shims.MISSING_USED["mod_under_test"] == ["theano_missing_pkg_xyz.a", "theano_missing_pkg_xyz.b"]


def test_import_guard_binds_the_package_of_a_missing_submodule() -> None:
    # `import theano.tensor.inplace` binds `theano`; the file's later `theano.config` must still work
    shims = _load_shims()
    code = shims.transform_source("import json.no_such_submodule_xyz\nok = json.dumps(1)\n",
                                  "<t>", "m3", prefixes=("json",))
    ns: dict = {"__conformance_missing__": shims.missing}
    exec(code, ns)
    assert ns["ok"] == "1"


def test_import_guard_leaves_guarded_try_blocks_alone() -> None:
    shims = _load_shims()
    src = "try:\n    from theano_missing_pkg_xyz import a\nexcept ImportError:\n    a = 'fallback'\n"
    ns: dict = {"__conformance_missing__": shims.missing}
    exec(shims.transform_source(src, "<t>", "m2", prefixes=("theano_missing_pkg_xyz",)), ns)
    assert ns["a"] == "fallback"


def test_numpy_testing_dec_shim() -> None:
    dec = _load_shims("library_shims")._make_numpy_testing_dec()
    assert dec.slow(lambda: None).slow is True
    with pytest.raises(pytest.skip.Exception, match="why"):
        dec.skipif(True, "why")(lambda: None)()
    assert dec.skipif(False)(lambda: 3)() == 3


def test_find_common_type_shim_matches_numpy_1() -> None:
    f = _load_shims("library_shims")._find_common_type()
    assert [str(f(a, s)) for a, s in ((["f4", "f4"], []), (["i8"], ["f8"]), (["f4"], ["f8"]), (["int8", "uint8"], []))] \
        == ["float32", "float64", "float32", "int16"]   # numpy 1.24's answers


def test_mock_shim_reads_an_instance_spec_like_mock_1() -> None:
    import unittest.mock

    class Layer:
        def __init__(self) -> None:
            self.shape = (2, 3)

        @property
        def output_shape(self) -> tuple:
            raise NotImplementedError

    mock_cls = _load_shims("library_shims")._old_spec_mock(unittest.mock.Mock)
    m = mock_cls(Layer())          # unittest.mock.Mock(Layer()) would run the property and raise
    assert isinstance(m, Layer) and m.shape is not None
    with pytest.raises(AttributeError):
        m.not_an_attribute_of_layer


# ------------------------------------------------------------------------------------------- ledger

def test_regressions_only_count_drops_below_the_ledger() -> None:
    baseline = {"a.py": {"passed": 10}, "b.py": {"passed": 5}, "c.py": {"passed": 0}}
    current = {"a.py": {"passed": 12}, "b.py": {"passed": 4}, "c.py": {"passed": 0}, "new.py": {"passed": 1}}
    assert L.regressions(baseline, current) == [("b.py", 5, 4, [])]
    assert L.regressions(baseline, {"a.py": {"passed": 10, "failed": 99}}) == []


def test_regressions_compare_test_identities() -> None:
    """A test that passed in the ledger and fails now is a regression even if another one started passing."""
    baseline = {"a.py": {"passed": 2, "passed_tests": ["a.py::t1", "a.py::t2"]}}
    swapped = {"a.py": {"passed": 2, "passed_tests": ["a.py::t1", "a.py::t3"]}}
    assert L.regressions(baseline, swapped) == [("a.py", 2, 2, ["a.py::t2"])]
    more = {"a.py": {"passed": 3, "passed_tests": ["a.py::t1", "a.py::t2", "a.py::t3"]}}
    assert L.regressions(baseline, more) == []


def test_passed_test_ids_are_stable_across_runs() -> None:
    outcomes = {"f.py::test_x[<function g at 0x7f3a2b>]": "passed", "f.py::test_y": "failed", "f.py::test_z": "passed"}
    assert L.passed_test_ids(outcomes) == ["f.py::test_x[<function g at 0x?>]", "f.py::test_z"]
    entry = L.ledger_entry("theano", "ran", {"passed": 2, "failed": 1, "outcomes": outcomes}, 1.0)
    assert entry["passed_tests"] == ["f.py::test_x[<function g at 0x?>]", "f.py::test_z"]


def test_table_and_docs() -> None:
    entries = {"theano/x/tests/test_a.py": {"suite": "theano", "status": "ran", "passed": 3, "failed": 1,
                                           "errors": 0, "skipped": 0, "excluded": 2, "duration_s": 4}}
    table = L.format_table(entries, {"theano/x/tests/test_a.py": {"passed": 1}})
    assert "+2" in table and "TOTAL" in table.splitlines()[-1]
    md = L.compatibility_markdown({"files": entries}, {"files": {"f.py": "needs the network"},
                                                        "tests": {"theano/x/tests/test_a.py": [
                                                            {"pattern": "*inplace*", "reason": "inplace op"}]}}, "run")
    assert "`theano.x`" in md and "needs the network" in md and "inplace op" in md


def test_data_files_are_consistent() -> None:
    suites = H.load_json(H.SUITES_FILE)
    exclusions = H.load_json(H.EXCLUSIONS_FILE)
    listed = set(suites["theano"]) | set(suites["lasagne"])
    assert set(suites["gate"]) <= listed
    assert set(exclusions["files"]) <= listed and all(exclusions["files"].values())
    for f, rules in exclusions["tests"].items():
        assert f in listed and all(r["pattern"] and r["reason"] for r in rules), f
    for f, defs in exclusions["drop"].items():
        assert f in listed and all(d["name"] and d["reason"] for d in defs), f
    for f, edits in H.load_json(H.PATCHES_FILE).items():
        assert f.startswith("_") or all(e["old"] and e["reason"] for e in edits), f

    ledger = L.load_ledger(HERE / "ledger.json")
    assert set(ledger.get("files", {})) <= listed
    families = [f for members in suites["families"].values() for f in members]
    assert sorted(families) == sorted(listed), "every listed file belongs to exactly one feature family"
    inventory = I.load()
    assert set(inventory) <= listed - set(exclusions["files"])
    assert all(e["tests"] and e["method"] in ("collected", "static") for e in inventory.values())


def test_scope_is_every_theano_test_file() -> None:
    """Every Theano 1.0.5 test file outside the old GPU back-ends is run or excluded as a whole (when the
    sdist is in the cache; the list itself is checked against the committed inventory otherwise)."""
    suites = H.load_json(H.SUITES_FILE)
    exclusions = H.load_json(H.EXCLUSIONS_FILE)
    run_files = set(suites["theano"]) - set(exclusions["files"])
    assert {f for f in I.load() if f.startswith("theano/")} == run_files
    src = H.cache_dir() / "src" / "Theano-1.0.5"
    if not (src / ".unpacked").exists():
        pytest.skip("the Theano 1.0.5 sdist is not in the cache")
    on_disk = {p.relative_to(src).as_posix() for p in (src / "theano").rglob("test*.py")
               if "tests" in p.parts and not any(g in p.as_posix() for g in ("gpuarray", "sandbox/cuda"))}
    assert on_disk == set(suites["theano"])


def test_patch_that_no_longer_applies_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "t.py").write_text("a = 1\n")
    with pytest.raises(H.PatchError, match="found 0 times"):
        H.apply_patches(tmp_path, {"t.py": [{"old": "a = 2", "new": "a = 3", "reason": "r"}]})


def test_cache_is_outside_the_source_tree() -> None:
    assert H.REPO not in H.cache_dir().parents


def test_compatibility_page_is_what_the_ledger_says() -> None:
    """docs/compatibility.md is generated from the ledger by a real run (`run.py` / `--write-docs`); CI fails
    when someone edits either by hand or forgets to regenerate the page."""
    expected = R.render_page(L.load_ledger(HERE / "ledger.json"))
    assert (H.REPO / "docs" / "compatibility.md").read_text() == expected, \
        "docs/compatibility.md disagrees with tests/conformance/ledger.json: run `python tests/conformance/run.py`"


# ---------------------------------------------------------------------------------------- inventory

BROKEN = "import theano\nimport no_such_module_xyz\n\n\ndef test_a():\n    pass\n"
SLEEPING = "import time\n\n\ndef test_a():\n    pass\n\n\ndef test_sleeps():\n    time.sleep(600)\n"
CRASHING = ("import os\n\n\ndef test_a():\n    pass\n\n\ndef test_b():\n    os._exit(3)\n\n\n"
            "class TestC(object):\n    def test_c(self):\n        pass\n")


@pytest.fixture(scope="module")
def fork_server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The runner's fork server (conformance_forkserver.py), started once for this module."""
    from conformance_forkserver import ForkServer

    scratch = H.build_scratch(tmp_path_factory.mktemp("scratch-server") / "s", {}, {})
    server = ForkServer(sys.executable, H.run_environment(scratch, scratch.path / "server.json"))
    yield server
    server.close()


@pytest.fixture(scope="module")
def broken_runs(tmp_path_factory: pytest.TempPathFactory, fork_server: Any) -> dict[str, H.FileResult]:
    """A file that fails to import and one whose process dies half-way, run through the real runner (forked from
    the fork server, as run.py runs them)."""
    src = tmp_path_factory.mktemp("sdist2")
    tests = src / "theano" / "tensor" / "tests"
    tests.mkdir(parents=True)
    (tests / "test_broken.py").write_text(BROKEN)
    (tests / "test_crash.py").write_text(CRASHING)
    (tests / "test_sleep.py").write_text(SLEEPING)
    scratch = H.build_scratch(tmp_path_factory.mktemp("scratch2") / "s", {"theano": src}, {})
    return {name: H.run_file(scratch, "theano", f"theano/tensor/tests/{name}.py", test_timeout=None,
                             file_timeout=3 if name == "test_sleep" else 300, server=fork_server)
            for name in ("test_broken", "test_crash", "test_sleep")}


def test_collection_failure_counts_each_inventory_test(broken_runs: dict[str, H.FileResult]) -> None:
    res = broken_runs["test_broken"]
    assert res.status == "collection-error" and res.counts()["errors"] == 1, res.log[-2000:]
    inventory = {"method": "collected", "tests": ["test_a", "test_b[0]", "test_b[1]", "TestK::test_c", "test_inplace"]}
    acc = I.account(res.report, inventory, [{"pattern": "test_inplace", "reason": "r"}])
    assert (acc["passed"], acc["errors"], acc["excluded"]) == (0, 4, 1)
    entry = L.ledger_entry("theano", res.status, res.report, res.wall_s, acc)
    assert entry["errors"] == 4 and entry["not_reported"] == 4 and entry["inventory"] == "collected"


def test_crashed_file_cannot_shrink_the_count(broken_runs: dict[str, H.FileResult]) -> None:
    res = broken_runs["test_crash"]
    assert res.status == "crashed", res.log[-2000:]
    acc = I.account(res.report, {"method": "static", "tests": ["TestC::test_c", "test_a", "test_b"]}, [])
    # test_a passed before the process died (the partial report says so); the two tests after it are errors
    assert (acc["passed"], acc["errors"]) == (1, 2) and sorted(acc["not_reported"]) == ["TestC::test_c", "test_b"]


def test_test_missing_from_the_report_is_an_error(synthetic_run: H.FileResult) -> None:
    """An inventory test the run neither reports nor excludes is an error; generated ids match by their test;
    excluded and dropped tests stay excluded."""
    rules = [{"pattern": "test_excluded_*", "reason": "r"}]
    inventory = {"method": "collected", "tests": [
        "TestCOnly::test_one", "TestCOnly::test_two", "TestPlain::test_method_gen[0]", "TestPlain::test_method_gen[1]",
        "TestPlain::test_nose_setup_ran", "test_dec_skipif", "test_excluded_inplace", "test_gen[<f at 0x1>]",
        "test_gen[1]", "test_gen[2]", "test_numpy_alias_and_cross_import", "test_raises", "test_skiptest",
        "test_uses_missing_name"]}
    acc = I.account(synthetic_run.report, inventory, rules, {"TestCOnly"})
    assert acc["not_reported"] == [] and acc["errors"] == 0
    acc = I.account(synthetic_run.report, {**inventory, "tests": [*inventory["tests"], "test_vanished", "test_gen[3]"]},
                    rules, {"TestCOnly"})
    assert acc["not_reported"] == ["test_vanished", "test_gen[3]"]
    assert {k: acc[k] for k in L.COUNT_KEYS} == {"passed": 7, "failed": 2, "errors": 2, "skipped": 2, "excluded": 3}
    renamed = [t for t in inventory["tests"] if not t.startswith("test_gen")] + ["test_gen_0_a", "test_gen_1_b", "test_gen_2_c"]
    acc = I.account(synthetic_run.report, {**inventory, "tests": renamed}, rules, {"TestCOnly"})
    assert acc["not_reported"] == [], "renamed generated tests are matched by count within their class/module"
    acc = I.account(synthetic_run.report, {**inventory, "tests": [*renamed, "test_gen_3_d"]}, rules, {"TestCOnly"})
    assert acc["not_reported"] == ["test_gen_3_d"] and acc["errors"] == 1


def test_static_ids_read_collected_classes_and_functions(tmp_path: Path) -> None:
    (tmp_path / "test_s.py").write_text(SAMPLE + "\n\nclass Base(unittest.TestCase):\n    def test_b(self):\n"
                                        "        pass\n\n\nclass Derived(Base):\n    def test_d(self):\n"
                                        "        pass\n\n\nclass Helper(object):\n    def test_no(self):\n"
                                        "        pass\n")
    ids = I.static_ids(tmp_path / "test_s.py")
    assert "Derived::test_b" in ids and "Derived::test_d" in ids and "Base::test_b" in ids
    assert "TestCOnly::test_two" in ids and "test_gen" in ids and not any(i.startswith("Helper") for i in ids)


def test_overall_figure_and_family_table() -> None:
    files = {"theano/a/tests/test_a.py": {"suite": "theano", "passed": 6, "failed": 2, "errors": 1, "skipped": 1,
                                          "excluded": 5},
             "theano/b/tests/test_b.py": {"suite": "theano", "passed": 1, "failed": 0, "errors": 2, "skipped": 0,
                                          "excluded": 0, "inventory": "static"}}
    line = L.overall_line(files)
    assert line.startswith("**7 passed of 13 in scope (53.8%)**") and "5 tests excluded" in line
    families = {"A things": ["theano/a/tests/test_a.py"], "B things": ["theano/b/tests/test_b.py", "gone.py"]}
    assert L.family_rows(files, families) == [("A things", 1, 6, 10), ("B things", 1, 1, 3)]
    known = [{"id": "sum-int8", "what": "sum of int8 keeps int64", "reason": "numpy 2 promotion"}]
    md = L.compatibility_markdown({"files": files}, {"files": {}}, "run", None, families, known)
    assert md.splitlines()[4] == line
    assert "| A things | 1 | 6 | 10 | 60.0% |" in md and "| B things | 1 | 1 | 3 | 33.3% |" in md
    assert "Known differences from Theano 1.0.5 (differential oracle)" in md and "numpy 2 promotion" in md
    assert "`theano/b/tests/test_b.py`" in md.split("## Theano 1.0.5")[0]     # the static-count note
    assert "Known differences" not in L.compatibility_markdown({"files": files}, {"files": {}}, "run")


# ------------------------------------------------------------------------------------- fork server

def test_fork_server_runs_a_file_as_a_fresh_process_does(synthetic: tuple[H.Scratch, H.FileResult],
                                                         fork_server: Any,
                                                         broken_runs: dict[str, H.FileResult]) -> None:
    """A file forked from the server (jax and theano imported once) reports what `python -m pytest` reported:
    the same outcomes, messages, exclusions and missing names; a killed file is a timeout, and the server goes
    on serving after a crash and a kill (broken_runs used it first)."""
    scratch, fresh = synthetic
    exclude = [{"pattern": "test_excluded_*", "reason": "checks an inplace op"}]
    drops = {"theano/tensor/tests/test_sample.py": {"TestCOnly": "reads a C-only flag"}}
    slow = broken_runs["test_sleep"]
    assert slow.status == "timeout" and slow.wall_s < 60, (slow.status, slow.wall_s)
    forked = H.run_file(scratch, "theano", "theano/tensor/tests/test_sample.py", exclude=exclude, drops=drops,
                        test_timeout=None, file_timeout=300, server=fork_server)
    assert forked.status == "ran" and forked.counts() == fresh.counts(), forked.log[-3000:]
    for key in ("outcomes", "messages", "excluded_tests", "missing_names", "collection_errors"):
        assert forked.report[key] == fresh.report[key], key
    assert "passed" in forked.log


def test_copied_test_file_wins_over_an_installed_one(tmp_path: Path) -> None:
    # the real Theano 1.0.5 installs its own tests: the copied (patched) file must still be the one imported,
    # while the installed package's tests/ folders and the helpers the copy lacks stay the installed ones
    copied, installed = tmp_path / "copied", tmp_path / "site"
    for root in (copied, installed):
        (root / "theano" / "tensor" / "tests").mkdir(parents=True)
        (root / "theano" / "tensor" / "tests" / "test_x.py").write_text("X = 1\n")
    (installed / "theano" / "tests").mkdir()
    (installed / "theano" / "tests" / "unittest_tools.py").write_text("")
    finder = _load_shims().SuiteFinder({"theano": str(copied)})
    spec = finder.find_spec("theano.tensor.tests.test_x", [str(installed / "theano" / "tensor" / "tests")])
    assert spec is not None and spec.origin == str(copied / "theano" / "tensor" / "tests" / "test_x.py")
    assert finder.find_spec("theano.tensor.tests", [str(installed / "theano" / "tensor")]) is None
    assert finder.find_spec("theano.tests.unittest_tools", [str(installed / "theano" / "tests")]) is None


def test_flags_option_sets_theano_flags_and_never_writes_the_ledger() -> None:
    args = R._parse(["--flags", "floatX=float32", "--files", "test_basic"])
    env: dict[str, str] = {}
    assert R._apply_flags(args, env) and env == {"THEANO_FLAGS": "floatX=float32"} and args.no_ledger
    assert not R._apply_flags(R._parse(["--gate", "--update-ledger", "--flags", "floatX=float32"]), {})
    plain = R._parse(["--files", "test_basic"])
    env = {}
    assert R._apply_flags(plain, env) and env == {} and not plain.no_ledger
    assert R._slug("floatX=float32,cxx=") == "floatX-float32_cxx-"

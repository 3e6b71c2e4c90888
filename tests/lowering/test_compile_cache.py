"""The persistent compile cache (issue 13): <compiledir>/xla keeps XLA executables across runs.

Every test runs real Python subprocesses with their own compiledir (THEANO_FLAGS), and counts JAX's own
cache events (jax.monitoring: /jax/compilation_cache/cache_hits and cache_misses), never seconds.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from theano.frontend.compiledir import ENTRY_SUFFIX, TMP_PREFIX, default_compiledirname

REPO = Path(__file__).resolve().parents[2]

# A small training step with real XLA work (dot, tanh or sigmoid, the gradient, an update): kind "a" or "b" differ
# only in the activation, so "b" is a changed graph. Prints the cache events and the cost as one JSON line.
SCRIPT = textwrap.dedent("""
    import json, sys
    import jax.monitoring
    events = {}
    jax.monitoring.register_event_listener(lambda name, **kw: events.__setitem__(name, events.get(name, 0) + 1))
    import numpy as np
    import theano
    import theano.tensor as T
    kind = sys.argv[1]
    x = T.matrix("x")
    W = theano.shared(np.linspace(-1, 1, 12).reshape(3, 4).astype(theano.config.floatX), name="W")
    h = T.dot(x, W)
    y = T.tanh(h) if kind == "a" else T.nnet.sigmoid(h)
    cost = T.sum(y ** 2)
    f = theano.function([x], cost, updates=[(W, W - 0.1 * T.grad(cost, W))])
    out = f(np.ones((2, 3), dtype=theano.config.floatX))
    from theano.lowering.compile_cache import cache_state, cache_stats
    print(json.dumps({"hits": events.get("/jax/compilation_cache/cache_hits", 0),
                      "misses": events.get("/jax/compilation_cache/cache_misses", 0),
                      "cost": float(out), "state": cache_state(), "compiledir": theano.config.compiledir,
                      "ours": cache_stats()}))
""")


def _env(flags: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JAX_COMPILATION_CACHE")
           and k != "JAX_ENABLE_COMPILATION_CACHE"}
    env.update(THEANO_FLAGS=flags, THEANORC=os.devnull, PYTHONPATH=str(REPO), JAX_PLATFORMS="cpu")
    env.update(extra)
    return env


def _script(tmp_path: Path) -> Path:
    path = tmp_path / "step.py"
    if not path.exists():
        path.write_text(SCRIPT)
    return path


def run_step(tmp_path: Path, flags: str, kind: str = "a", damaged: bool = False, **env: str) -> dict:
    """Run the training step in a fresh process; its JSON report. Only a `damaged` cache may fail to load."""
    proc = subprocess.run([sys.executable, str(_script(tmp_path)), kind], env=_env(flags, **env), cwd=str(tmp_path),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert ("Error reading persistent compilation cache" in proc.stderr) == damaged, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def entries(compiledir: Path) -> list[str]:
    folder = compiledir / "xla"
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(ENTRY_SUFFIX)) if folder.is_dir() else []


def leftovers(compiledir: Path) -> list[str]:
    folder = compiledir / "xla"
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TMP_PREFIX)) if folder.is_dir() else []


# --- (a) the second run loads the program instead of compiling it

def test_second_run_hits_the_cache(tmp_path):
    cd = tmp_path / "cd"
    first = run_step(tmp_path, f"compiledir={cd}")
    assert first["misses"] >= 1 and first["hits"] == 0
    assert first["state"] == ["theano", str(cd / "xla")]
    written = entries(cd)
    assert len(written) == first["misses"]
    second = run_step(tmp_path, f"compiledir={cd}")
    assert second["hits"] == first["misses"] and second["misses"] == 0
    assert second["cost"] == first["cost"]
    assert entries(cd) == written


def test_a_compiledir_copied_to_another_path_hits(tmp_path):
    # ~/.theano copied or mounted elsewhere (another machine, a container): the same program, versions and device
    # load what the first process compiled. JAX's key held the cache folder's path (its GPU autotuning cache dir
    # in the compile options), so the copy missed.
    a, b = tmp_path / "A", tmp_path / "elsewhere" / "B"
    first = run_step(tmp_path, f"compiledir={a}")
    assert first["misses"] >= 1 and first["ours"] == {"hits": 0, "misses": first["misses"], "writes": first["misses"]}
    b.parent.mkdir()
    shutil.copytree(a, b)
    copied = run_step(tmp_path, f"compiledir={b}")
    assert copied["state"] == ["theano", str(b / "xla")]
    assert copied["ours"] == {"hits": first["misses"], "misses": 0, "writes": 0}  # our cache's own count
    assert copied["hits"] == first["misses"] and copied["misses"] == 0  # and JAX's
    assert copied["cost"] == first["cost"]
    assert entries(b) == entries(a)  # nothing new written beside the copied entries


LENGTHS_SCRIPT = textwrap.dedent("""
    import json, sys
    import numpy as np
    import theano
    import theano.tensor as T
    v, i = T.vector("v"), T.ivector("i")
    f = theano.function([v, i], T.sqr(v[i]).sum())  # an index check per input length (lowering/runtime_checks.py)
    sums = [float(f(np.arange(n, dtype=v.dtype), np.arange(n, dtype="int32")[::-1].copy()))
            for n in map(int, sys.argv[1].split(","))]
    from theano.lowering.compile_cache import cache_stats
    print(json.dumps({"sums": sums, "ours": cache_stats()}))
""")


def test_a_second_run_meeting_the_lengths_in_another_order_compiles_nothing(tmp_path):
    # one program per input length (as rnnslu's sentences); a run that meets them in another order (the data
    # shuffled with another seed) must find each of them: nothing in a program may count what was compiled before
    script = tmp_path / "lengths.py"
    script.write_text(LENGTHS_SCRIPT)
    cd = tmp_path / "cd"

    def run(order: str) -> dict:
        proc = subprocess.run([sys.executable, str(script), order], env=_env(f"compiledir={cd}"), cwd=str(tmp_path),
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-3000:]
        return json.loads(proc.stdout.strip().splitlines()[-1])

    first = run("2,3")
    assert first["ours"] == {"hits": 0, "misses": 2, "writes": 2}
    again = run("3,2")
    assert again["ours"] == {"hits": 2, "misses": 0, "writes": 0}
    assert again["sums"] == first["sums"][::-1] == [5.0, 1.0]


def test_default_compiledir_is_under_base_compiledir_as_in_theano(tmp_path):
    base = tmp_path / "base"
    report = run_step(tmp_path, f"base_compiledir={base}")
    assert report["compiledir"] == str(base / default_compiledirname())
    assert default_compiledirname().startswith("compiledir_") and " " not in default_compiledirname()
    assert report["misses"] >= 1 and len(entries(base / default_compiledirname())) >= 1


@pytest.mark.parametrize("release, plat, short", [  # Theano 1.0.5's own cases (gof/tests/test_compiledir.py)
    ("3.2.0-70-generic", "Linux-3.2.0-70-generic-x86_64-with-debian-wheezy-sid",
     "Linux-3.2--generic-x86_64-with-debian-wheezy-sid"),
    ("3.2.0-70.1.2-generic", "Linux-3.2.0-70.1.2-generic-x86_64-with-debian-wheezy-sid",
     "Linux-3.2--generic-x86_64-with-debian-wheezy-sid"),
    ("2.6.35.14-106.fc14.x86_64", "Linux-2.6.35.14-106.fc14.x86_64-x86_64-with-fedora-14-Laughlin",
     "Linux-2.6-fc14.x86_64-x86_64-with-fedora-14-Laughlin"),
    ("6.1", "Linux-6.1-x86_64", "Linux-6.1-x86_64"),  # another shape of release: left as it is
])
def test_short_platform_as_theano(release, plat, short):
    from theano.configdefaults import short_platform
    assert short_platform(release, plat) == short


def test_compiledir_follows_base_compiledir_and_format_until_set(tmp_path):
    import theano
    from theano import config
    with theano.change_flags(base_compiledir=str(tmp_path / "b")):
        assert config.compiledir == str(tmp_path / "b" / default_compiledirname())
        with theano.change_flags(compiledir_format="cd_%(device)s_%(python_bitwidth)s"):
            # %(device)s is config.device (cuda where THEANO_FLAGS=device=cuda)
            assert config.compiledir == str(tmp_path / "b" / f"cd_{config.device}_64")
    with theano.change_flags(compiledir="~/somewhere/../cd"):  # Theano's filter: ~ expanded, made absolute
        assert config.compiledir == os.path.realpath(os.path.expanduser("~/cd"))
    assert not (tmp_path / "b").exists()  # naming the folder does not make it
    with theano.change_flags(base_compiledir=str(tmp_path / "c")):  # still computed after the blocks above
        assert config.compiledir == str(tmp_path / "c" / default_compiledirname())


# --- (b) whatever changes the program misses; what does not change it still hits

def _changed_flags() -> list[str]:
    from theano import config
    changed = ["floatX=float32", "optimizer=fast_compile", "optimizer_excluding=local_exp_over_1_plus_exp"]
    if "matmul_precision" in config.flag_names():  # issue 13's precision flag, where it is merged
        changed.append("matmul_precision=default")  # the default is highest
    return changed


@pytest.mark.parametrize("flag", _changed_flags())
def test_a_flag_that_changes_the_program_misses(tmp_path, flag):
    cd = tmp_path / "cd"
    base = run_step(tmp_path, f"compiledir={cd}")
    n = len(entries(cd))
    changed = run_step(tmp_path, f"compiledir={cd},{flag}")
    if flag.startswith("optimizer_excluding"):  # a rule this graph never uses: the same program, a hit
        assert changed["hits"] >= 1 and changed["misses"] == 0
        return
    assert changed["hits"] == 0 and changed["misses"] >= 1
    assert len(entries(cd)) == n + changed["misses"]  # beside the first program's entries, not over them
    if flag.startswith("floatX"):
        again = run_step(tmp_path, f"compiledir={cd}")
        assert again["hits"] >= 1 and again["misses"] == 0 and again["cost"] == base["cost"]


def test_a_changed_graph_misses_and_a_host_only_flag_hits(tmp_path):
    cd = tmp_path / "cd"
    run_step(tmp_path, f"compiledir={cd}", "a")
    other = run_step(tmp_path, f"compiledir={cd}", "b")
    assert other["hits"] == 0 and other["misses"] >= 1
    # on_unused_input only acts on the host when the function is built: the same program, a hit
    same = run_step(tmp_path, f"compiledir={cd},on_unused_input=ignore", "a")
    assert same["hits"] >= 1 and same["misses"] == 0


# --- (c) processes sharing the folder at once

def test_two_processes_at_once_then_a_third_hits(tmp_path):
    cd = tmp_path / "cd"
    script = _script(tmp_path)
    procs = [subprocess.Popen([sys.executable, str(script), "a"], env=_env(f"compiledir={cd}"), cwd=str(tmp_path),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err[-3000:]
        assert "Error" not in err, err[-3000:]
    reports = [json.loads(out.strip().splitlines()[-1]) for out, _ in outs]
    assert reports[0]["cost"] == reports[1]["cost"]
    assert leftovers(cd) == []
    third = run_step(tmp_path, f"compiledir={cd}")
    assert third["hits"] >= 1 and third["misses"] == 0 and third["cost"] == reports[0]["cost"]


def test_entries_are_renamed_into_place(tmp_path):
    from theano.lowering.compile_cache import AtomicFileCache

    cache = AtomicFileCache(str(tmp_path))
    assert cache.get("k1") is None
    cache.put("k1", b"abc")
    cache.put("k1", b"other")  # JAX puts again only when the entry failed to load: the new one replaces it
    assert cache.get("k1") == b"other"
    assert sorted(os.listdir(tmp_path)) == ["k1" + ENTRY_SUFFIX]
    with pytest.raises(ValueError):
        cache.put("", b"x")


def test_a_damaged_entry_is_compiled_again_and_replaced(tmp_path):
    cd = tmp_path / "cd"
    first = run_step(tmp_path, f"compiledir={cd}")
    [name] = entries(cd)
    entry = cd / "xla" / name
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])  # half an entry (a write cut short)
    mended = run_step(tmp_path, f"compiledir={cd}", damaged=True)
    assert mended["hits"] == 0 and mended["cost"] == first["cost"]
    after = run_step(tmp_path, f"compiledir={cd}")
    assert after["hits"] == 1 and after["misses"] == 0 and after["cost"] == first["cost"]


# --- when the cache is ours to use, and when it is not

def test_importing_theano_and_building_graphs_touch_no_disk(tmp_path):
    base = tmp_path / "base"
    code = "import theano, theano.tensor as T; x = T.matrix(); (x + 1).sum(); print(theano.config.compiledir)"
    proc = subprocess.run([sys.executable, "-c", code], env=_env(f"base_compiledir={base}"), capture_output=True,
                          text=True, timeout=300, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().startswith(str(base))
    assert not base.exists()


def test_compile_cache_false_switches_it_off(tmp_path):
    cd = tmp_path / "cd"
    report = run_step(tmp_path, f"compiledir={cd},compile_cache=False")
    assert report["state"] == ["off", "config.compile_cache is False"]
    assert report["hits"] == 0 and not cd.exists()


def test_the_users_own_jax_cache_is_left_alone(tmp_path):
    cd, mine = tmp_path / "cd", tmp_path / "jaxcache"
    # its thresholds are the user's too: JAX's default (1 s) would leave this small program out
    report = run_step(tmp_path, f"compiledir={cd}", JAX_COMPILATION_CACHE_DIR=str(mine),
                      JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS="0")
    assert report["state"] == ["user", str(mine)]
    assert not cd.exists()
    assert any(p.name.endswith(ENTRY_SUFFIX) for p in mine.iterdir())


def test_an_unusable_compiledir_warns_and_the_function_still_runs(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    proc = subprocess.run([sys.executable, str(_script(tmp_path)), "a"], env=_env(f"compiledir={blocker / 'cd'}"),
                          capture_output=True, text=True, timeout=300, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["state"][0] == "off" and "cannot make" in report["state"][1]
    assert "compile cache disabled" in proc.stderr and str(blocker / "cd" / "xla") in proc.stderr


def test_jax_enable_compilation_cache_false_is_respected(tmp_path):
    cd = tmp_path / "cd"
    report = run_step(tmp_path, f"compiledir={cd}", JAX_ENABLE_COMPILATION_CACHE="false")
    assert report["state"] == ["off", "jax_enable_compilation_cache is False"]
    assert not cd.exists()


def test_compiledir_set_on_config_is_followed_by_the_next_function(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    code = textwrap.dedent(f"""
        import numpy as np, theano, theano.tensor as T
        theano.config.compiledir = {str(one)!r}
        x = T.matrix()
        theano.function([x], T.tanh(T.dot(x, x.T)).sum())(np.ones((2, 2)))
        theano.config.compiledir = {str(two)!r}
        theano.function([x], T.nnet.sigmoid(T.dot(x.T, x)).sum())(np.ones((2, 2)))
    """)
    proc = subprocess.run([sys.executable, "-c", code], env=_env(""), capture_output=True, text=True, timeout=300,
                          cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert len(entries(one)) == 1 and len(entries(two)) == 1
    assert entries(one) != entries(two)


# --- (d) theano-cache

def _cli(args: list[str], flags: str, script: str | None = None) -> subprocess.CompletedProcess:
    cmd = [script] if script else [sys.executable, "-m", "theano.cache"]
    return subprocess.run(cmd + args, env=_env(flags), capture_output=True, text=True, timeout=300)


def _fake_cache(cd: Path, n: int) -> list[str]:
    """n entries as lowering/compile_cache.py names them (theano-cache only reads names, sizes and dates)."""
    folder = cd / "xla"
    folder.mkdir(parents=True)
    names = [f"jit_program-{k:064x}{ENTRY_SUFFIX}" for k in range(n)]
    for k, name in enumerate(names):
        (folder / name).write_bytes(b"x" * (100 + k))
    return names


@pytest.mark.parametrize("use_script", [False, True], ids=["python -m theano.cache", "theano-cache"])
def test_theano_cache_list_clear_purge(tmp_path, use_script):
    script = None
    if use_script:
        script = shutil.which("theano-cache", path=os.path.dirname(sys.executable)) or shutil.which("theano-cache")
        if script is None:
            pytest.skip("the theano-cache script is not installed (pip install -e .)")
    base = tmp_path / "base"
    flags = f"base_compiledir={base}"
    cd = base / default_compiledirname()
    names = _fake_cache(cd, 3)

    where = _cli([], flags, script)
    assert where.returncode == 0 and where.stdout.strip() == str(cd)
    listed = _cli(["list"], flags, script)
    assert listed.returncode == 0, listed.stderr
    assert f"Theano cache: {cd}" in listed.stdout
    assert "List of 3 compiled XLA programs" in listed.stdout
    for name in names:
        assert name in listed.stdout
    assert "Total: 3 programs" in listed.stdout and "(303 bytes)" in listed.stdout

    base_list = _cli(["basecompiledir", "list"], flags, script)
    assert f"Base compile dir is {base}" in base_list.stdout and cd.name in base_list.stdout
    assert _cli(["basecompiledir"], flags, script).stdout.strip() == str(base)

    inflight = cd / "xla" / f"{TMP_PREFIX}inflight"
    inflight.write_bytes(b"x")  # a write in progress in another process: clear keeps it
    cleared = _cli(["clear"], flags, script)
    assert cleared.returncode == 0 and "Removed 3 cached programs" in cleared.stdout
    assert entries(cd) == [] and inflight.exists()
    assert "List of 0 compiled XLA programs" in _cli(["list"], flags, script).stdout

    assert _cli(["purge"], flags, script).returncode == 0
    assert not cd.exists() and base.exists()
    assert _cli(["basecompiledir", "purge"], flags, script).returncode == 0
    assert not base.exists()


def test_clear_empties_the_cache_that_runs_fill(tmp_path):
    base = tmp_path / "base"
    flags = f"base_compiledir={base}"
    cd = base / default_compiledirname()
    first = run_step(tmp_path, flags, "a")
    listed = _cli(["list"], flags)
    assert f"List of {first['misses']} compiled XLA programs" in listed.stdout
    for name in entries(cd):
        assert name in listed.stdout
    assert _cli(["clear"], flags).returncode == 0 and entries(cd) == []
    again = run_step(tmp_path, flags, "a")
    assert again["hits"] == 0 and again["misses"] == first["misses"]  # cleared: compiled again, and written again
    assert len(entries(cd)) == first["misses"]


def test_theano_cache_help_and_unknown_command(tmp_path):
    helped = _cli(["help"], f"base_compiledir={tmp_path}")
    assert helped.returncode == 0 and 'Type "theano-cache clear" to erase the cache' in helped.stdout
    bad = _cli(["frobnicate"], f"base_compiledir={tmp_path}")
    assert bad.returncode == 1 and "not recognized" in bad.stdout and "theano-cache list" in bad.stdout


def test_theano_cache_does_not_load_jax(tmp_path):
    code = "import sys, theano.cache; theano.cache.main(['theano-cache', 'list']); print('jax' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], env=_env(f"base_compiledir={tmp_path}"),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "False"

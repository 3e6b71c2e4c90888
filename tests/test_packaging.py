"""Packaging invariants: the folder mapping lists every package; frontend never loads jax."""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
MAPPING = {"theano": "theano", "theano.frontend": "frontend", "theano.passes": "passes", "theano.lowering": "lowering"}


def _declared_packages() -> set:
    text = (ROOT / "pyproject.toml").read_text()
    start = text.index("packages = [")
    block = text[start:text.index("]", start)]
    return {p.strip().strip('"') for p in block[len("packages = ["):].replace("\n", " ").split(",") if p.strip()}


def test_every_package_folder_is_declared():
    declared = _declared_packages()
    found = set()
    for prefix, folder in MAPPING.items():
        base = ROOT / folder
        for init in base.rglob("__init__.py"):
            rel = init.parent.relative_to(base)
            found.add(".".join([prefix, *rel.parts]) if rel.parts else prefix)
    assert found == declared, f"missing from pyproject: {found - declared}; stale: {declared - found}"


def test_frontend_does_not_import_jax():
    code = ("import sys, theano.frontend.tensor as T, theano.frontend.gradient, theano.frontend.printing; "
            "x = T.matrix(); y = (x * 2).sum() if hasattr(T, 'sum') else x * 2; "
            "assert 'jax' not in sys.modules, sorted(m for m in sys.modules if m.startswith('jax'))[:5]; print('ok')")
    env = dict(os.environ)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr

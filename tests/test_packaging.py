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


def _run_without_evaluator(body: str) -> None:
    """Run `body` in a fresh interpreter where frontend has no evaluator loader (frontend used alone);
    it must succeed without loading jax or theano.lowering."""
    code = ("import sys, numpy as np, theano.frontend.graph as G\n"
            "G.backend.loader = None\n"
            "import theano.frontend.tensor as T\n" + body +
            "\nassert 'jax' not in sys.modules and 'theano.lowering' not in sys.modules, "
            "sorted(m for m in sys.modules if m.startswith(('jax', 'theano.lowering')))[:5]\nprint('ok')\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr


def test_shared_and_eval_without_evaluator_raise_a_clear_error():
    body = ("from theano.frontend.shared import shared\n"
            "for call in (lambda: shared(np.ones(3)), lambda: (T.dscalar('x') * 2).eval({})):\n"
            "    try:\n"
            "        call()\n"
            "    except G.BackendMissingError as err:\n"
            "        assert 'no evaluator provides' in str(err) and 'import theano' in str(err), err\n"
            "    else:\n"
            "        raise AssertionError('no error')\n")
    _run_without_evaluator(body)


def test_constant_folding_without_evaluator_stays_on_the_host():
    body = ("from theano.frontend.fgraph import FunctionGraph\n"
            "from theano.passes.constant_folding import constant_folding_pass\n"
            "c = T.constant(np.arange(4.0))\n"
            "x = T.dvector('x')\n"
            "fg = FunctionGraph([x], [x + (c * 2 + 1)])\n"
            "constant_folding_pass(fg)\n"
            "folded = [v for n in fg.toposort() for v in n.inputs if isinstance(v, G.Constant) and v.data.shape == (4,)]\n"
            "assert any(np.array_equal(v.data, np.arange(4.0) * 2 + 1) for v in folded), fg.toposort()\n")
    _run_without_evaluator(body)

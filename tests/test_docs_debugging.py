"""docs/debugging.md shows real output: every (python, text) pair on the page is run and compared.

Each ```python block followed by a ```text block is run in a fresh interpreter (in a temporary folder, with no
THEANO_FLAGS or .theanorc) and its stdout+stderr must match the text block. A text line `...` matches any run
of lines and `...` inside a line matches any text (as doctest's ELLIPSIS): the page uses them for what varies
from run to run (file paths, timings). Snippets that draw pictures are skipped without pydot and `dot`.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "debugging.md"
PAIR = re.compile(r"```python\n(.*?)```\n\n```text\n(.*?)```", re.S)
TIMEOUT_S = 180


def extract_pairs(text: str) -> list[tuple[int, str, str]]:
    """The (line number, code, expected output) of each python block directly followed by a text block."""
    return [(text.count("\n", 0, m.start()) + 1, m.group(1), m.group(2)) for m in PAIR.finditer(text)]


def _clean(text: str) -> list[str]:
    """Lines without trailing spaces (Theano's debugprint pads lines), trailing empty lines dropped."""
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def output_matches(expected: str, actual: str) -> bool:
    """Whether `actual` matches `expected`, where a `...` line matches any lines and `...` in a line any text."""
    parts = []
    for line in _clean(expected):
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*?".join(re.escape(piece) for piece in line.split("...")) + r"\n")
    body = "".join(line + "\n" for line in _clean(actual))
    return re.fullmatch("".join(parts), body, re.S) is not None


def run_snippet(code: str, cwd: Path) -> str:
    """Run `code` as a script in a fresh interpreter in `cwd`; its stdout and stderr together."""
    script = cwd / "snippet.py"
    script.write_text(code)
    env = {k: v for k, v in os.environ.items() if not k.startswith("THEANO")}
    empty_rc = cwd / "empty.theanorc"
    empty_rc.write_text("")
    env.update(THEANORC=str(empty_rc), PYTHONUNBUFFERED="1", JAX_PLATFORMS="cpu")
    proc = subprocess.run([sys.executable, script.name], cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT_S)
    script.unlink()
    empty_rc.unlink()
    return proc.stdout


def _needs_graphviz(code: str) -> bool:
    """Whether the snippet draws with pydot and graphviz's dot."""
    return "pydotprint" in code or "d3viz" in code


def _have_graphviz() -> bool:
    """Whether pydot imports and graphviz's dot program is on PATH."""
    return importlib.util.find_spec("pydot") is not None and shutil.which("dot") is not None


PAIRS = extract_pairs(PAGE.read_text())


def test_page_has_the_snippets() -> None:
    """The page exists and shows each tool (a missing pair would silently test nothing)."""
    assert len(PAIRS) >= 20
    codes = "\n".join(code for _, code, _ in PAIRS)
    for tool in ("compute_test_value", "min_informative_str", "debugprint", "printing.pp", "Print(",
                 "exception_verbosity", "NanGuardMode", "MonitorMode", "DebugMode", "profile=True",
                 "pydotprint", "d3viz", "optimizer_verbose", "print_test_value", "warn_float64"):
        assert tool in codes, tool
    assert all("TODO" not in expected for _, _, expected in PAIRS)


@pytest.mark.parametrize("line,code,expected", PAIRS, ids=[f"line{n}" for n, _, _ in PAIRS])
def test_snippet_output(line: int, code: str, expected: str, tmp_path: Path) -> None:
    """Running the snippet prints what the page shows under it."""
    if _needs_graphviz(code) and not _have_graphviz():
        pytest.skip("pydot or graphviz's dot is missing")
    actual = run_snippet(code, tmp_path)
    assert output_matches(expected, actual), f"docs/debugging.md line {line}: the snippet printed\n{actual}"


def test_pydotprint_writes_the_committed_picture_kind(tmp_path: Path) -> None:
    """The committed picture is a PNG and the pydotprint snippet writes one of that name."""
    committed = ROOT / "docs" / "img" / "logreg_step.png"
    assert committed.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "](img/logreg_step.png)" in PAGE.read_text()
    (code,) = [c for _, c, _ in PAIRS if "pydotprint" in c]
    assert "outfile='logreg_step.png'" in code
    if not _have_graphviz():
        pytest.skip("pydot or graphviz's dot is missing")
    run_snippet(code, tmp_path)
    assert (tmp_path / "logreg_step.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_ellipsis_matching() -> None:
    """`...` lines match any run of lines (none included), `...` in a line any text; the rest must be equal."""
    assert output_matches("a\n...\nd", "a\nb\nc\nd\n")
    assert output_matches("a\n...\nd", "a\nd")
    assert output_matches("time 1...s", "time 1.5e-03s")
    assert output_matches("x  \n\n", "x")
    assert not output_matches("a\n...\nd", "a\nb\nc\n")
    assert not output_matches("a\nb", "a\nc")
    assert not output_matches("a", "a\nb")

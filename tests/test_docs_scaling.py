"""docs/scaling.md: the python snippets of the sections written with issue 15's export and JAX interop parts
("## Export (StableHLO)", "## JAX interop") run: each section's snippets in order, in one fresh interpreter
(a temporary folder, no THEANO_FLAGS or .theanorc, CPU only). The snippets assert their own results."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "scaling.md"
SECTIONS = ("Export (StableHLO)", "JAX interop")
TIMEOUT_S = 300


def section(text: str, title: str) -> str:
    """The body of `## title` up to the next `## ` heading."""
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert m is not None, f"docs/scaling.md has no section '## {title}'"
    return m.group(1)


def snippets(body: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", body, re.S)


def test_the_page_has_the_scaling_out_sections() -> None:
    text = PAGE.read_text()
    assert text.startswith("# Scaling out\n")
    for title in ("One device", "Many devices", "Many hosts") + SECTIONS:
        section(text, title)


@pytest.mark.parametrize("title", SECTIONS)
def test_section_snippets_run(title: str, tmp_path: Path) -> None:
    code = snippets(section(PAGE.read_text(), title))
    assert code, f"section '{title}' has no python snippet"
    script = tmp_path / "snippets.py"
    script.write_text("\n\n".join(code))
    env = {k: v for k, v in os.environ.items() if not k.startswith("THEANO")}
    empty_rc = tmp_path / "empty.theanorc"
    empty_rc.write_text("")
    env.update(THEANORC=str(empty_rc), JAX_PLATFORMS="cpu")
    proc = subprocess.run([sys.executable, script.name], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT_S)
    assert proc.returncode == 0, proc.stdout[-4000:]

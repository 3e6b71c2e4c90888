#!/usr/bin/env python
"""CI regression gate: run the fast conformance subset; exit 1 if a file's passes drop below the ledger.

    python tests/conformance/gate.py [run.py options, e.g. --jobs 2 --allow-offline --update-ledger]

Same as `python tests/conformance/run.py --gate ...`; see docs/conformance.md.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["--gate", *sys.argv[1:]]))

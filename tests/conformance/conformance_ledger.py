"""The conformance ledger: per-file pass counts, the regression check, the table and docs/compatibility.md."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable

COUNT_KEYS = ("passed", "failed", "errors", "skipped", "excluded")


def load_ledger(path: Path) -> dict[str, Any]:
    """The committed ledger, or an empty one."""
    if path.exists():
        with open(path) as fh:
            return json.load(fh)
    return {"files": {}}


def save_ledger(path: Path, ledger: dict[str, Any]) -> None:
    """Write the ledger with stable key order (so diffs show only real changes)."""
    ledger["totals"] = totals(ledger["files"].values())
    with open(path, "w") as fh:
        json.dump(ledger, fh, indent=1, sort_keys=True)
        fh.write("\n")


def totals(entries: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Sum of the counts over ledger entries."""
    out = {k: 0 for k in COUNT_KEYS}
    for e in entries:
        for k in COUNT_KEYS:
            out[k] += int(e.get(k, 0))
    return out


def ledger_entry(suite: str, status: str, report: dict[str, Any], wall_s: float,
                 accounted: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the ledger keeps of one file's run (counts, status, what is missing, main failure reasons).

    `accounted` is the run reconciled with the file's inventory (conformance_inventory.account): its counts
    replace the report's, and the inventory tests the run did not report are kept (`not_reported`).
    """
    entry: dict[str, Any] = {"suite": suite, "status": status}
    for k in COUNT_KEYS:
        entry[k] = int((accounted or report).get(k, 0))
    entry["duration_s"] = round(wall_s)
    if accounted is not None and accounted.get("method"):
        entry["inventory"] = accounted["method"]
        if accounted.get("not_reported"):
            entry["not_reported"] = len(accounted["not_reported"])
            entry["not_reported_tests"] = list(accounted["not_reported"][:10])
    if report.get("missing_names"):
        entry["missing_names"] = list(report["missing_names"])
    if report.get("collection_errors"):
        entry["collection_errors"] = dict(sorted(report["collection_errors"].items())[:10])
    if report.get("top_failures"):
        entry["top_failures"] = list(report["top_failures"][:5])
    passed = passed_test_ids(report.get("outcomes", {}))
    if passed:
        entry["passed_tests"] = passed
    return entry


_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


def passed_test_ids(outcomes: dict[str, str]) -> list[str]:
    """The ids of the tests that passed, sorted; memory addresses in generated ids are blanked so that the
    same test has the same id in every run."""
    return sorted({_ADDRESS.sub("0x?", nid) for nid, outcome in outcomes.items() if outcome == "passed"})


def excluded_file_entry(suite: str, reason: str) -> dict[str, Any]:
    """Ledger entry for a whole file that is excluded."""
    entry: dict[str, Any] = {"suite": suite, "status": "excluded-file", "reason": reason}
    entry.update({k: 0 for k in COUNT_KEYS})
    return entry


def regressions(baseline: dict[str, Any], current: dict[str, dict[str, Any]]) -> list[tuple[str, int, int, list[str]]]:
    """Files that lost passes against the ledger: (file, ledger passed, passed now, ids of the tests that passed
    in the ledger and do not pass now).

    Tests are compared by identity where the ledger has them: a test that stops passing is a regression even
    when another test started passing (the count alone would hide it). A file absent from the baseline has
    nothing to regress from; failing tests that failed before are not regressions. This is a ratchet, not a
    requirement that everything passes.
    """
    out = []
    for name, entry in sorted(current.items()):
        before = baseline.get(name)
        if before is None:
            continue
        was, now = int(before.get("passed", 0)), int(entry.get("passed", 0))
        if "passed_tests" in before:
            lost = sorted(set(before["passed_tests"]) - set(entry.get("passed_tests", [])))
            if lost:
                out.append((name, was, now, lost))
        elif now < was:
            out.append((name, was, now, []))
    return out


def format_table(entries: dict[str, dict[str, Any]], baseline: dict[str, Any] | None = None) -> str:
    """A plain-text table of the counts, with the change in passes against the baseline."""
    head = ("file", "pass", "fail", "err", "skip", "excl", "Δpass", "time", "status")
    rows = []
    for name, e in sorted(entries.items()):
        delta = ""
        if baseline is not None and name in baseline:
            d = int(e.get("passed", 0)) - int(baseline[name].get("passed", 0))
            delta = f"{d:+d}" if d else "0"
        rows.append((name, *(str(e.get(k, 0)) for k in COUNT_KEYS), delta,
                     f"{e.get('duration_s', 0)}s", e.get("status", "")))
    tot = totals(entries.values())
    rows.append(("TOTAL", *(str(tot[k]) for k in COUNT_KEYS), "", "", ""))
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = []
    for i, r in enumerate([head, *rows]):
        if i == len(rows):
            lines.append("-" * (sum(widths) + 2 * (len(widths) - 1)))
        lines.append("  ".join(c.ljust(w) if j in (0, 8) else c.rjust(w) for j, (c, w) in enumerate(zip(r, widths))))
    return "\n".join(lines)


def _module_of(file: str) -> str:
    parts = file[:-3].split("/")
    if "tests" in parts:
        parts = parts[:parts.index("tests")]
    return ".".join(parts)


def in_scope(e: dict[str, Any]) -> int:
    """Tests of a ledger entry that are in scope: every test not excluded (passed, failed, errors, skipped)."""
    return sum(int(e.get(k, 0)) for k in ("passed", "failed", "errors", "skipped"))


def _pct(passed: int, scope: int) -> str:
    return f"{100.0 * passed / scope:.1f}%" if scope else "n/a"


def overall_line(files: dict[str, dict[str, Any]]) -> str:
    """The page's headline: passed of all in-scope tests."""
    tot = totals(files.values())
    scope = in_scope(tot)
    return (f"**{tot['passed']} passed of {scope} in scope ({_pct(tot['passed'], scope)})**: "
            f"{tot['failed']} failed, {tot['errors']} errors, {tot['skipped']} skipped; "
            f"{tot['excluded']} tests excluded (not in scope, listed with their reasons below).")


def family_rows(files: dict[str, dict[str, Any]], families: dict[str, list[str]]) -> list[tuple[str, int, int, int]]:
    """(family, files, passed, in scope) for each family of `families` (name -> test files), in declared order."""
    rows = []
    for fam, members in families.items():
        entries = [files[f] for f in members if f in files]
        rows.append((fam, len(entries), sum(int(e.get("passed", 0)) for e in entries),
                     sum(in_scope(e) for e in entries)))
    return rows


def compatibility_markdown(ledger: dict[str, Any], exclusions: dict[str, Any], command: str,
                           patches: dict[str, Any] | None = None, families: dict[str, list[str]] | None = None,
                           known_differences: list[dict[str, str]] | None = None,
                           config_flags: list[tuple[str, str, str]] | None = None) -> str:
    """docs/compatibility.md: the overall figure, per family and per file, what is excluded and why, the
    known differences the differential oracle found, and what each config flag does (name, status, detail)."""
    files = ledger.get("files", {})
    meta = ledger.get("environment", {})
    out = ["# Compatibility with Theano 1.0.5 and Lasagne 0.1", "",
           "Generated from `tests/conformance/ledger.json` by `" + command + " --write-docs`; do not edit by hand.",
           "", overall_line(files), "",
           "theano-xla runs the *original* test files of Theano 1.0.5 and of Lasagne 0.1 (downloaded from PyPI",
           "by exact version) against its own `theano` package. Only the gap between their test runner era and",
           "today is adapted (nose, `yield` tests, removed numpy aliases, ...: see [conformance.md](conformance.md));",
           "expected values are never changed. Every test file of Theano 1.0.5 outside its old GPU back-ends is",
           "run, or excluded as a whole with its reason below (C code generation, C/VM linkers, the C module",
           "cache); within a run file, a test that checks an internal that cannot exist in an XLA design (C code,",
           "inplace ops) is excluded with its reason. In scope means every test that is not excluded: passed,",
           "failed, errors and skipped. The tests of each file are known from an inventory collected with the",
           "real Theano 1.0.5, so a file that fails to import, or crashes, counts each of its tests as an error.",
           ""]
    if meta:
        out += ["Last run: " + ", ".join(f"{k} {v}" for k, v in sorted(meta.items())) + ".", ""]
    if families:
        out += ["## By feature family", "", "| family | files | passed | in scope | % |",
                "| --- | ---: | ---: | ---: | ---: |"]
        for fam, n, passed, scope in family_rows(files, families):
            out.append(f"| {fam} | {n} | {passed} | {scope} | {_pct(passed, scope)} |")
        out.append("")
    tot = totals(files.values())
    out += [f"**Totals**: {tot['passed']} passed, {tot['failed']} failed, {tot['errors']} errors, "
            f"{tot['skipped']} skipped, {tot['excluded']} excluded.", ""]
    static = sorted(n for n, e in files.items() if e.get("inventory") == "static")
    if static:
        out += ["Files whose test count was read from their source (the real Theano 1.0.5 could not collect "
                "them in Python mode): " + ", ".join(f"`{n}`" for n in static) + ".", ""]
    for suite, title in (("theano", "Theano 1.0.5"), ("lasagne", "Lasagne 0.1")):
        sub = {k: v for k, v in files.items() if v.get("suite") == suite}
        if not sub:
            continue
        out += [f"## {title}", "", "| module | test file | passed | failed | errors | skipped | excluded | status |",
                "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
        for name, e in sorted(sub.items()):
            out.append(f"| `{_module_of(name)}` | `{name}` | {e.get('passed', 0)} | {e.get('failed', 0)} | "
                       f"{e.get('errors', 0)} | {e.get('skipped', 0)} | {e.get('excluded', 0)} | {e.get('status', '')} |")
        out.append("")
        missing = sorted({n for e in sub.values() for n in e.get("missing_names", [])})
        if missing:
            out += [f"Names these test files import that theano-xla does not provide yet ({len(missing)}):", "",
                    ", ".join(f"`{n}`" for n in missing), ""]
    out += ["## Excluded", "", "| file | tests | reason |", "| --- | --- | --- |"]
    for name, reason in sorted(exclusions.get("files", {}).items()):
        out.append(f"| `{name}` | whole file | {reason} |")
    for name, rules in sorted(exclusions.get("tests", {}).items()):
        for r in rules:
            out.append(f"| `{name}` | `{r['pattern']}` | {r['reason']} |")
    for name, defs in sorted(exclusions.get("drop", {}).items()):
        for d in defs:
            out.append(f"| `{name}` | `{d['name']}` (whole definition) | {d['reason']} |")
    out.append("")
    if known_differences:
        out += ["## Known differences from Theano 1.0.5 (differential oracle)", "",
                "| id | what | reason |", "| --- | --- | --- |"]
        out += [f"| `{d.get('id', '')}` | {d.get('what', '')} | {d.get('reason', '')} |" for d in known_differences]
        out.append("")
    if config_flags:
        out += config_flags_markdown(config_flags)
    patched = {k: v for k, v in (patches or {}).items() if not k.startswith("_")}
    if patched:
        out += ["## Patched test files", "", "Runner-gap patches applied to the copied files (never to expected values):", "",
                "| file | reason |", "| --- | --- |"]
        for name, edits in sorted(patched.items()):
            for e in edits:
                out.append(f"| `{name}` | {e['reason']} |")
        out.append("")
    return "\n".join(out)


def config_flags_markdown(flags: list[tuple[str, str, str]]) -> list[str]:
    """The "Config flags" section: every flag of theano.config, implemented (where) or ignored (why)."""
    n_used = sum(1 for _, status, _ in flags if status == "implemented")
    out = ["## Config flags", "",
           f"Every flag of Theano 1.0.5's `theano.config` is accepted, validated and stored as Theano did ({len(flags)} "
           f"flags): {n_used} change what theano-xla does, {len(flags) - n_used} are accepted and ignored for the "
           "reason given. Generated from the flag table in `frontend/config_flags.py`.", "",
           "| flag | status | where it is used / why it is ignored |", "| --- | --- | --- |"]
    out += [f"| `{name}` | {status} | {detail.replace('|', '/')} |" for name, status, detail in flags]
    out.append("")
    return out

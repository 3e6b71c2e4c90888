"""Theano's scan optimizer classes (theano.scan_module.scan_opt) over our scan passes.

`PushOutNonSeqScan().optimize(fgraph)` (and the others) runs the whole-graph pass the pipeline runs at that
place (passes/scan_inputs.py, passes/scan_rewrites.py), so code that drives a scan rewrite by hand gets ours.
Theano's helpers `has_duplicates`, `make_equiv`, `info` and `warning` are here with Theano's behaviour.
"""
from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any, Callable, Sequence

from theano.passes.gof_opt import Optimizer
from theano.passes.scan_buffers import scan_unbuffer
from theano.passes.scan_inputs import scan_clean_inputs, scan_pushout_nonseqs, scan_pushout_seqs
from theano.passes.scan_rewrites import _compatible, scan_merge, scan_save_mem

__all__ = ["PushOutNonSeqScan", "PushOutSeqScan", "ScanMerge", "ScanSaveMem", "ScanCleanInputs", "has_duplicates",
           "make_equiv", "info", "warning"]

_logger = logging.getLogger('theano.scan_module.scan_opt')


class _ScanPass(Optimizer):
    """A scan pass of the pipeline as a Theano optimizer: `optimize(fgraph)` rewrites fgraph in place."""

    run: Callable[..., None]

    def apply(self, fgraph: Any) -> None:
        scan_unbuffer(fgraph, None)  # our scan passes work on the loop form the pipeline makes first (position 0.5)
        type(self).run(fgraph, None)


class PushOutNonSeqScan(_ScanPass):
    """Computations of a scan's body that depend only on non-sequences move out of the loop."""

    run = staticmethod(scan_pushout_nonseqs)


class PushOutSeqScan(_ScanPass):
    """Elementwise computations of a scan's body on its sequences move out of the loop, over whole sequences."""

    run = staticmethod(scan_pushout_seqs)


class ScanMerge(_ScanPass):
    """Scans over the same sequences and number of steps become one scan."""

    run = staticmethod(scan_merge)

    def belongs_to_set(self, node: Any, set_nodes: Sequence[Any]) -> bool:
        """Whether scan `node` can run in one loop with every node of `set_nodes` (the same trip count, condition
        and truncate_gradient, neither reading the other), as Theano's ScanMerge.belongs_to_set."""
        return all(_compatible(node, other) for other in set_nodes)


class ScanSaveMem(_ScanPass):
    """A scan keeps only the steps of its outputs that are used (the last one, for a result read at [-1])."""

    run = staticmethod(scan_save_mem)


class ScanCleanInputs(_ScanPass):
    """Constant inputs of a scan go into its body; unused inputs go (Theano's remove_constants_and_unused_inputs)."""

    run = staticmethod(scan_clean_inputs)


def has_duplicates(items: Sequence[Any]) -> bool:
    """Whether `items` holds any duplicates (according to __eq__)."""
    return len(set(items)) < len(items)


def make_equiv(lo: Sequence[Any], li: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """Inner inputs equivalent through their outer inputs: (later inner inputs, the first inner input of the same
    outer input), as Theano's scan merge builds them."""
    seeno: OrderedDict = OrderedDict()
    left: list[Any] = []
    right: list[Any] = []
    for o, i in zip(lo, li):
        if o in seeno:
            left += [i]
            right += [o]
        else:
            seeno[o] = i
    return left, right


def warning(*msg: str) -> None:
    """Log a warning of the scan rewrites (Theano's helper)."""
    _logger.warning('WARNING theano.scan: ' + ' '.join(msg))


def info(*msg: str) -> None:
    """Log an info message of the scan rewrites (Theano's helper)."""
    _logger.info('INFO theano.scan: ' + ' '.join(msg))

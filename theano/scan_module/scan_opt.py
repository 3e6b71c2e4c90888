"""theano.scan_module.scan_opt: Theano's scan optimizers, over our scan passes (re-exports).

Not here (see tests/test_module_paths.py): ScanInplaceOptimizer (XLA assigns buffers; no inplace ops),
PushOutScanOutput and PushOutDot1 (Theano rewrites our passes do not have), and Theano's optimizer databases
scan_eqopt1 / scan_eqopt2 / scan_seqopt1 and list_opt_slice (our scan passes are in theano.compile.optdb).
"""
from theano.passes.scan_optimizers import (  # noqa: F401
    PushOutNonSeqScan, PushOutSeqScan, ScanCleanInputs, ScanMerge, ScanSaveMem, has_duplicates, info, make_equiv,
    warning,
)

__docformat__ = "restructedtext en"

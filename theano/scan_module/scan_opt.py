"""theano.scan_module.scan_opt: the scan rewrites (re-exports; passes/scan_rewrites.py, passes/scan_inputs.py)."""
from theano.passes.scan_rewrites import ScanMerge, scan_merge, scan_save_mem  # noqa: F401
from theano.passes.scan_inputs import scan_clean_inputs, scan_pushout_nonseqs, scan_pushout_seqs  # noqa: F401

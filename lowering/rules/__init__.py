"""Lowering rules, one module per op family (the family names of theano.frontend.ops)."""
import importlib

FAMILIES = ["broadcast", "elemwise", "shape", "compile_ops", "reduce", "max_argmax", "moments", "alloc", "join", "diagonal",
            "extra_ops", "subtensor", "host_check", "advanced_subtensor", "blas", "softmax", "nnet",
            # --- issue 10
            "nlinalg", "slinalg",
            "sort", "sequences", "fill_diagonal", "index_math", "unique",
            "permutation", "choose", "scalar_conversion",
            "neighbours", "bn", "nnet_graphs"]
# --- issue 10: pooling
FAMILIES += ["pool"]
# --- issue 10: convolution
FAMILIES += ["conv", "conv_legacy", "conv_corr"]
# --- issue 11: control flow
FAMILIES += ["scan", "autodiff"]
# --- issue 11: OpFromGraph
FAMILIES += ["builders"]
# --- issue 11: ifelse
FAMILIES += ["ifelse"]
# --- issue 12: theano.printing.Print
FAMILIES += ["print_op"]
# --- issue 14: theano.sparse
FAMILIES += ["sparse"]
FAMILIES += ["sparse_products", "sparse_random"]  # issue 14: after "sparse" (it extends StructuredDot's rule)
FAMILIES += ["sparse_struct"]  # issue 14: sparse structure / pattern ops
# --- issue 15: data-parallel training (BatchShard)
FAMILIES += ["sharding"]
# --- issue 15: jax_op (a JAX function as a Theano op)
FAMILIES += ["jax_op"]
FAMILIES += ["tile_op", "io"]  # Theano's deprecated Tile op; theano.tensor.io
FAMILIES += ["conv3d2d"]  # theano.tensor.nnet.conv3d2d's diagonal stripe
FAMILIES += ["sparse_indexing"]  # issue 14: sparse indexing
FAMILIES += ["multinomial", "blocksparse"]  # nnet leftovers: sandbox.multinomial, nnet.blocksparse
FAMILIES += ["blas_ops"]  # theano.tensor.blas: Gemm, Gemv, Ger, Dot22, Dot22Scalar
FAMILIES += ["typed_list", "type_other"]  # theano.typed_list; MakeSlice
FAMILIES += ["breakpoint"]  # theano.tests.breakpoint.PdbBreakpoint
FAMILIES += ["fft", "alloc_empty", "default"]  # tbasic: theano.tensor.fft / fourier, AllocEmpty
FAMILIES += ["raw_random"]  # theano.tensor.raw_random: numpy RandomState draws (host callback)
FAMILIES += ["ctc", "raise_op"]  # theano.tensor.nnet.ctc, theano.raise_op
FAMILIES += ["mrg"]  # theano.sandbox.rng_mrg: MRG31k3p
FAMILIES += ["flatten_op"]  # theano.tensor.basic.Flatten, which old pickles hold
FAMILIES += ["scan_mitmot"]  # Theano-layout scans with mit_mot outputs, from Theano pickles

for _family in FAMILIES:
    try:
        importlib.import_module(f"theano.lowering.rules.{_family}")
    except ModuleNotFoundError as _err:  # a family not written yet
        if _err.name != f"theano.lowering.rules.{_family}":
            raise

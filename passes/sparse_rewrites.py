"""theano.sparse.opt's rewrites, with Theano 1.0.5's names and registrations.

Registered as in Theano: `local_csm_properties_csm` (specialize) and `local_dense_from_sparse_sparse_from_dense`
(canonicalize with fast_compile, and specialize). `local_usmm` needs BLAS in Theano (config.blas.ldflags) and the
rewrites that insert Theano's C ops (`cxx_only`: local_mul_s_d, local_mul_s_v, local_structured_add_s_v,
local_sampling_dot_csr, local_usmm_csx, local_usmm_csc_dense_inplace, local_addsd_ccode,
local_inplace_addsd_ccode) need a C compiler (config.cxx); theano-xla has neither, as Theano 1.0.5 without them
runs none of these, so they are Rule objects with Theano's names outside the pipeline (their `when` still checks
the flags). local_structured_dot and local_csm_grad_c are not registered either (Theano disabled them).
"""
from __future__ import annotations

from typing import Any

from theano.frontend.config import config
from theano.frontend import sparse as _sp
from theano.frontend.graph import Apply, Variable
from theano.frontend.ops.broadcast import patternbroadcast
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS
from theano.frontend.sparse import opt_ops
from theano.frontend.sparse.basic import (CSM, CSMGrad, CSMProperties, DenseFromSparse, MulSD, SparseFromDense,
                                          StructuredDot, csm_properties)
from theano.frontend.sparse.arith import AddSD
from theano.frontend.sparse.construct import Remove0
from theano.frontend.sparse.products import SparseDot
from theano.frontend.sparse.products2 import SamplingDot, Usmm, usmm
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import Capture, OpP, P

_data, _ind, _ptr, _shp = (Capture(n) for n in ("data", "ind", "ptr", "shp"))
_alpha = Capture("alpha", where=lambda v: all(getattr(v.type, "broadcastable", (False,))))
_x, _y, _z = Capture("x"), Capture("y"), Capture("z")


def _have_cxx() -> bool:
    return bool(config.cxx)


def _have_blas() -> bool:
    return bool(config.blas.ldflags)


def _csm_arguments(node: Apply, data: Variable, ind: Variable, ptr: Variable, shp: Variable) -> list[Variable]:
    """csm_properties(CSM(data, ind, ptr, shp)) -> (data, ind, ptr, shp), with the outputs' broadcast flags."""
    return [patternbroadcast(v, o.broadcastable) for v, o in zip((data, ind, ptr, shp), node.outputs)]


def _usmm(alpha: Variable, x: Variable, y: Variable, z: Variable) -> Variable:
    """z - alpha * dot(x, y) -> usmm(-alpha, x, y, z)."""
    return usmm(ELEMWISE_OPS["neg"](alpha), x, y, z)


def _usmm_csx(node: Apply) -> Variable | None:
    """usmm(alpha, x, y, z), x csc and y dense of the result's float dtype -> usmm_csc_dense."""
    alpha, x, y, z = node.inputs
    if not (_sp._is_sparse_variable(x) and not _sp._is_sparse_variable(y) and x.type.format == "csc"):
        return None
    dtype_out = node.outputs[0].dtype
    if dtype_out not in ("float32", "float64") or y.type.dtype != dtype_out:
        return None
    x_val, x_ind, x_ptr, x_shape = csm_properties(x)
    return opt_ops.usmm_csc_dense(alpha, x_val, x_ind, x_ptr, x_shape[0], y, z)


def _usmm_csc_dense_inplace(node: Apply) -> Variable | None:
    return opt_ops.usmm_csc_dense_inplace(*node.inputs) if not node.op.inplace else None


def _mul_s_d(node: Apply) -> Variable | None:
    """mul_s_d(x, y) of one dtype, y a matrix -> CSx(mul_s_d_csx(data, indices, indptr, y), indices, indptr, shape)."""
    x, y = node.inputs
    if y.type.ndim != 2 or x.type.dtype != y.type.dtype:
        return None
    op = opt_ops.mul_s_d_csc if x.type.format == "csc" else opt_ops.mul_s_d_csr
    data, ind, ptr, shp = csm_properties(x)
    return CSM(x.type.format)(op(data, ind, ptr, y), ind, ptr, shp)


def _s_v_csr(op: Any) -> Any:
    def rewrite(node: Apply) -> Variable | None:
        x, y = node.inputs
        if y.type.ndim != 1 or x.type.format != "csr":
            return None
        data, ind, ptr, shp = csm_properties(x)
        return CSM("csr")(op(data, ind, ptr, y), ind, ptr, shp)
    return rewrite


def _sampling_dot_csr(node: Apply) -> Variable | None:
    x, y, p = node.inputs
    if p.type.format != "csr":
        return None
    p_data, p_ind, p_ptr, p_shape = csm_properties(p)
    z_data, z_ind, z_ptr = opt_ops.sampling_dot_csr(x, y, p_data, p_ind, p_ptr, p_shape[1])
    return CSM("csr")(z_data, z_ind, z_ptr, p_shape)


def _addsd_ccode(inplace: bool) -> Any:
    def rewrite(node: Apply) -> Variable | None:
        x, y = node.inputs
        if inplace and node.outputs[0].dtype != y.type.dtype:
            return None
        return opt_ops.AddSD_ccode(format=x.type.format, inplace=inplace)(x, y)
    return rewrite


def _structured_dot_csx(node: Apply) -> Variable | None:
    a, b = node.inputs
    if getattr(b.type, "is_sparse", False):
        return None
    a_val, a_ind, a_ptr, a_shape = csm_properties(a)
    if a.type.format == "csc":
        return opt_ops.sd_csc(a_val, a_ind, a_ptr, a_shape[0], b)
    return opt_ops.sd_csr(a_val, a_ind, a_ptr, b)


def _csm_grad_c(node: Apply) -> Variable:
    return opt_ops.csm_grad_c(*node.inputs)


local_csm_properties_csm = Rule(OpP(CSMProperties, OpP(CSM, _data, _ind, _ptr, _shp)), _csm_arguments,
                                name="local_csm_properties_csm")
local_dense_from_sparse_sparse_from_dense = Rule(OpP(DenseFromSparse, OpP(SparseFromDense, _x)), _x,
                                                 name="local_dense_from_sparse_sparse_from_dense")
local_usmm = Rule(P.sub(_z, P.mul(_alpha, OpP(SparseDot, _x, _y))), _usmm, name="local_usmm",
                  when=_have_blas)
local_usmm_csx = Rule(OpP(Usmm, ...), _usmm_csx, name="local_usmm_csx", when=_have_cxx)
local_usmm_csc_dense_inplace = Rule(OpP(opt_ops.UsmmCscDense, ...), _usmm_csc_dense_inplace,
                                    name="local_usmm_csc_dense_inplace", when=_have_cxx)
local_mul_s_d = Rule(OpP(MulSD, ...), _mul_s_d, name="local_mul_s_d", when=_have_cxx)
local_sampling_dot_csr = Rule(OpP(SamplingDot, ...), _sampling_dot_csr, name="local_sampling_dot_csr",
                              when=lambda: _have_cxx() and _have_blas())
local_addsd_ccode = Rule(OpP(AddSD, ...), _addsd_ccode(False), name="local_addsd_ccode", when=_have_cxx)
local_inplace_addsd_ccode = Rule(OpP(AddSD, ...), _addsd_ccode(True), name="local_inplace_addsd_ccode",
                                 when=_have_cxx)
# not registered, as in Theano 1.0.5 (disabled there)
local_structured_dot = Rule(OpP(StructuredDot, ...), _structured_dot_csx, name="local_structured_dot")
local_csm_grad_c = Rule(OpP(CSMGrad, ...), _csm_grad_c, name="local_csm_grad_c")


def _struct_rule(class_name: str, op: Any, name: str) -> Rule | None:
    """A rule on an op of the structural family (MulSV, StructuredAddSV, Remove0), when that family exists."""
    cls = getattr(_sp, class_name, None)
    if not isinstance(cls, type):
        return None
    return Rule(OpP(cls, ...), _s_v_csr(op), name=name, when=_have_cxx)


local_mul_s_v = _struct_rule("MulSV", opt_ops.mul_s_v_csr, "local_mul_s_v")
local_structured_add_s_v = _struct_rule("StructuredAddSV", opt_ops.structured_add_s_v_csr, "local_structured_add_s_v")


def _inplace_remove0(node: Apply, fgraph: Any) -> list[Variable] | None:
    """Remove0{}(x) -> Remove0{inplace}(x), unless x is a constant or a graph input not marked mutable (Theano's
    destroy handler refuses those). The lowering is functional either way (XLA assigns the buffers): it changes
    no value, only the compiled graph's printing, as Theano's fast_run shows it."""
    (x,) = node.inputs
    if node.op.inplace or (x.owner is None and x not in getattr(fgraph, "mutable_inputs", ())):
        return None
    return [node.op.__class__(inplace=True)(*node.inputs)]


local_inplace_remove0 = Rule(OpP(Remove0, ...), _inplace_remove0, name="local_inplace_remove0")

# Remove0{}(x) -> Remove0{inplace}(x) (fast_run, inplace; run in the specialize phase)
RULES: list[Rule] = tagged(("fast_run", "inplace"), [local_inplace_remove0])
CANONICALIZE_RULES: list[Rule] = tagged(("canonicalize", "fast_run", "fast_compile"), [
    local_dense_from_sparse_sparse_from_dense,  # dense_from_sparse(csx_from_dense(x)) -> x
])
SPECIALIZE_RULES: list[Rule] = tagged(("specialize", "fast_run"), [
    local_csm_properties_csm,  # csm_properties(CSM(d, i, p, s)) -> (d, i, p, s)
    local_dense_from_sparse_sparse_from_dense,  # dense_from_sparse(csx_from_dense(x)) -> x
])
# Defined with Theano's names and tags but not in the pipeline: Theano runs them only with BLAS (local_usmm:
# z - a * dot(x, y) -> usmm(-a, x, y, z)) or a C compiler (the cxx_only ones), and theano-xla has neither
# (config.blas.ldflags and config.cxx are empty), so Theano 1.0.5 in the same setting does not run them either.
UNREGISTERED_RULES: list[Rule] = tagged(("specialize", "fast_run"), [local_usmm]) + tagged(
    ("specialize", "fast_run", "cxx_only"), [
        local_usmm_csx,  # usmm(a, csc x, y, z) -> usmm_csc_dense(a, x's arrays, y, z)
        local_usmm_csc_dense_inplace,  # usmm_csc_dense -> usmm_csc_dense_inplace
        local_mul_s_d,  # mul_s_d(x, y) -> CSx(mul_s_d_csx(x's arrays, y), ...)
        local_sampling_dot_csr,  # sampling_dot(x, y, csr p) -> CSR(sampling_dot_csr(x, y, p's arrays))
        local_inplace_addsd_ccode,  # add_s_d(x, y) -> AddSD_ccode{inplace}(x, y)
        local_addsd_ccode,  # add_s_d(x, y) -> AddSD_ccode(x, y)
    ] + [r for r in (local_mul_s_v, local_structured_add_s_v) if r is not None]) + [local_structured_dot,
                                                                                    local_csm_grad_c]

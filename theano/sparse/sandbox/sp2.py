"""theano.sparse.sandbox.sp2: the random sparse ops (Poisson, Binomial, Multinomial; theano.frontend.sparse.random_ops)
and the names Theano 1.0.5 re-exports here for compatibility."""
from theano.frontend.sparse.random_ops import (  # noqa: F401
    Binomial, Multinomial, Poisson, csc_dbinomial, csc_fbinomial, csr_dbinomial, csr_fbinomial, multinomial, poisson)
from theano.sparse.basic import (  # noqa: F401
    CSC, CSM, CSR, AddSSData, Cast, CSMProperties, HStack, MulSV, Remove0, SamplingDot, StructuredAddSV, VStack,
    _is_dense_variable, _is_sparse, _is_sparse_variable, add_s_s, add_s_s_data, as_sparse_variable, bcast, ccast,
    csm_data, csm_indices, csm_indptr, csm_properties, csm_shape, dcast, dot, fcast, hstack, icast, lcast, mul_s_d,
    mul_s_s, mul_s_v, neg, remove0, sampling_dot, SparseType, structured_add, structured_add_s_v, structured_exp,
    structured_log, structured_maximum, structured_minimum, structured_monoid, structured_pow, structured_sigmoid,
    vstack, wcast, zcast)
from theano.sparse.opt import (  # noqa: F401
    MulSDCSC, MulSDCSR, MulSVCSR, SamplingDotCSR, StructuredAddSVCSR, local_mul_s_d, local_mul_s_v,
    local_sampling_dot_csr, local_structured_add_s_v, mul_s_d_csc, mul_s_d_csr, mul_s_v_csr, sampling_dot_csr,
    structured_add_s_v_csr)

# aliases Theano keeps for compatibility
EliminateZeros = Remove0
eliminate_zeros = remove0

__all__ = ['AddSSData', 'Binomial', 'CSC', 'CSM', 'CSMProperties', 'CSR', 'Cast', 'EliminateZeros', 'HStack', 'MulSDCSC',
           'MulSDCSR', 'MulSV', 'MulSVCSR', 'Multinomial', 'Poisson', 'Remove0', 'SamplingDot',
           'SamplingDotCSR', 'SparseType', 'StructuredAddSV', 'StructuredAddSVCSR', 'VStack',
           '_is_dense_variable', '_is_sparse', '_is_sparse_variable', 'add_s_s', 'add_s_s_data',
           'as_sparse_variable', 'bcast', 'ccast', 'csc_dbinomial', 'csc_fbinomial', 'csm_data',
           'csm_indices', 'csm_indptr', 'csm_properties', 'csm_shape', 'csr_dbinomial', 'csr_fbinomial',
           'dcast', 'dot', 'eliminate_zeros', 'fcast', 'hstack', 'icast', 'lcast', 'local_mul_s_d',
           'local_mul_s_v', 'local_sampling_dot_csr', 'local_structured_add_s_v', 'mul_s_d', 'mul_s_d_csc',
           'mul_s_d_csr', 'mul_s_s', 'mul_s_v', 'mul_s_v_csr', 'multinomial', 'neg', 'poisson', 'remove0',
           'sampling_dot', 'sampling_dot_csr', 'structured_add', 'structured_add_s_v',
           'structured_add_s_v_csr', 'structured_exp', 'structured_log', 'structured_maximum',
           'structured_minimum', 'structured_monoid', 'structured_pow', 'structured_sigmoid', 'vstack',
           'wcast', 'zcast']

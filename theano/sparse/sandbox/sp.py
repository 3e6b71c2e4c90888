"""theano.sparse.sandbox.sp: convolution and max-pooling through sparse matrices (ConvolutionIndices, convolve,
max_pool) and the names Theano 1.0.5 re-exports here. The convolution helpers are PendingFeatureError stand-ins
until they land; the re-exported names are theano.sparse's."""
from theano._pending import pending_class, pending_function
from theano.sparse.basic import (  # noqa: F401
    ColScaleCSC, Diag, EnsureSortedIndices, Remove0, RowScaleCSC, SpSum, SquareDiagonal, clean, col_scale, diag,
    ensure_sorted_indices, remove0, row_scale, sp_sum, square_diagonal)

ConvolutionIndices = pending_class("theano.sparse.sandbox.sp.ConvolutionIndices", "sparse (14)")
convolution_indices = pending_function("theano.sparse.sandbox.sp.convolution_indices", "sparse (14)")
convolve = pending_function("theano.sparse.sandbox.sp.convolve", "sparse (14)")
max_pool = pending_function("theano.sparse.sandbox.sp.max_pool", "sparse (14)")

__all__ = ['ColScaleCSC', 'ConvolutionIndices', 'Diag', 'EnsureSortedIndices', 'Remove0', 'RowScaleCSC', 'SpSum',
           'SquareDiagonal', 'clean', 'col_scale', 'convolution_indices', 'convolve', 'diag',
           'ensure_sorted_indices', 'max_pool', 'remove0', 'row_scale', 'sp_sum', 'square_diagonal']

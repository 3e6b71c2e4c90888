"""theano.frontend: the graph IR, types, ops (shape, dtype, grad), gradient, shared variables, printing.

Building a graph is pure Python: nothing here imports jax.
"""

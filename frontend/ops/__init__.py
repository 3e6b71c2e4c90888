"""The tensor ops, one module per family; each Op's lowering rule is in theano.lowering.rules.<family>."""

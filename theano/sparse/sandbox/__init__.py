"""theano.sparse.sandbox: Theano 1.0.5's sandbox modules of theano.sparse (sp, sp2, truedot)."""

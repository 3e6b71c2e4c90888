"""theano.tensor.signal: pooling (and Theano 0.x's downsample alias), re-exports."""

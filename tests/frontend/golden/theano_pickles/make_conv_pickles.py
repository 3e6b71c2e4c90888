"""Make the golden Theano 1.0.5 pickles of conv ops from its C back-end (CorrMM, the legacy ConvOp) beside
AbstractConv2d, for tests/frontend/test_theano_pickles_conv.py.

Run with the real Theano 1.0.5 (the oracle), from a directory outside the repository:
    cd /tmp && /tmp/theano-ref/bin/python /path/to/tests/frontend/golden/theano_pickles/make_conv_pickles.py
The oracle has no C compiler, so it builds and pickles these graphs but does not run them; the test compares the
loaded graphs' values with scipy's correlations. Writes conv_ops_p<protocol>.pkl (protocols 2 and the highest).
"""
import os
import pickle

import theano.tensor as T
from theano.tensor.nnet import conv, corr

HERE = os.path.dirname(os.path.abspath(__file__))
x = T.tensor4("x")
w = T.tensor4("w")
outs = [corr.CorrMM(border_mode="valid")(x, w),
        corr.CorrMM(border_mode=(1, 1), subsample=(2, 1))(x, w),
        conv.ConvOp(output_mode="full")(x, w),
        conv.ConvOp(output_mode="valid", dx=1, dy=2)(x, w),
        T.nnet.conv2d(x, w, border_mode="half")]
for proto in (2, pickle.HIGHEST_PROTOCOL):
    with open(os.path.join(HERE, "conv_ops_p%d.pkl" % proto), "wb") as fh:
        pickle.dump(([x, w], outs), fh, proto)
print("wrote 2 pickles")

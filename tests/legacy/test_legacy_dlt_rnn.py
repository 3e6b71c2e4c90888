"""rnnslu.py and rnnrbm.py from the Deep Learning Tutorials run unchanged; numbers from Theano 1.0.5 on the same seeds."""
import warnings

import numpy as np

import dlt_rnn_program


def test_rnnslu_elman_matches_theano():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        out = dlt_rnn_program.run_rnnslu()
    # Theano 1.0.5 warns that softmax pads a vector (the tutorial's s_t is softmax of a vector)
    assert any('Softmax will not automatically pad x' in str(w.message) for w in caught)
    np.testing.assert_allclose(out['costs'], [1.0535830954925434, 1.0738637620979088, 1.0746266938221913,
                                              1.247028873251133, 1.0758371166241822, 1.101255682105218], rtol=1e-10)
    np.testing.assert_allclose(out['emb'], -3.0094466308138386, rtol=1e-10)
    assert out['classified'] == [2, 2, 2, 2]


def test_rnnrbm_matches_theano():
    out = dlt_rnn_program.run_rnnrbm()
    np.testing.assert_allclose(out['monitor'], [-8.319066539018591, -8.31374870677797, -8.329816337401711], rtol=1e-10)
    assert out['generated'] == [[1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0],
                                [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0],
                                [1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
                                [0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0],
                                [1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0],
                                [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0]]

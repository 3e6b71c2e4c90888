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
    np.testing.assert_allclose(out['costs'], [1.0686748596470375, 1.0859985066437772, 1.1353971753360546,
                                              1.168818125198786, 1.1351806887715419, 1.0740426945354944], rtol=1e-10)
    np.testing.assert_allclose(out['emb'], -3.005144917745353, rtol=1e-10)
    assert out['classified'] == [0, 0, 0, 0, 0]


def test_rnnrbm_matches_theano():
    out = dlt_rnn_program.run_rnnrbm()
    np.testing.assert_allclose(out['monitor'], [-8.319066539018591, -8.31374870677797, -8.329816337401711], rtol=1e-10)
    assert out['generated'] == [[1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0],
                                [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0],
                                [1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
                                [0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0],
                                [1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0],
                                [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0]]

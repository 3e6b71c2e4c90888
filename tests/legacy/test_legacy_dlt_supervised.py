"""logistic_sgd.py and mlp.py from the Deep Learning Tutorials run unchanged; numbers from Theano 1.0.5 on the same data."""
import numpy as np

import dlt_supervised_program as program


def test_logistic_sgd_early_stopping_matches_theano():
    out = program.sgd_optimization()
    # printed by real Theano 1.0.5 running dlt_supervised_program.py
    assert out['log'] == ['epoch 1, minibatch 11/11, validation error 80.000000 %',
                          'epoch 2, minibatch 11/11, validation error 80.000000 %',
                          'epoch 3, minibatch 11/11, validation error 78.333333 %',
                          'epoch 4, minibatch 11/11, validation error 73.333333 %',
                          'epoch 5, minibatch 11/11, validation error 75.000000 %']
    np.testing.assert_allclose(out['cost'], 1.3961433446052585, rtol=1e-10)
    assert (out['cost_type'], out['cost_dtype']) == ('ndarray', 'float64')
    np.testing.assert_allclose([out['best'], out['test']], [0.7333333333333334, 0.7166666666666667], rtol=1e-12)
    assert out['predicted'] == [3, 2, 3, 2, 3, 3, 2, 3, 3, 2]
    assert out['predicted_dtype'] == 'int64'


def test_mlp_with_l1_l2_matches_theano():
    out = program.test_mlp()
    np.testing.assert_allclose([out['cost'], out['W_sum']], [1.3847297948957757, 4.9281059507548814], rtol=1e-10)

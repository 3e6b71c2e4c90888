"""dA.py, rbm.py and hmc.py from the Deep Learning Tutorials run unchanged; numbers from Theano 1.0.5 on the same seeds."""
import numpy as np

import dlt_hmc_program
import dlt_unsupervised_program


def test_dA_and_persistent_cd_rbm_match_theano():
    out = dlt_unsupervised_program.run()
    # printed by real Theano 1.0.5 running dlt_unsupervised_program.py (RandomStreams draw from numpy RandomStates)
    np.testing.assert_allclose(out['dA_cost'], 8.601880927934902, rtol=1e-10)
    np.testing.assert_allclose(out['dA_corrupt'], [9.448645683735581, 9.209561092677548, 10.607847839940336,
                                                   9.441378918233859], rtol=1e-10)
    assert out['update_keys'] == ['<RandomStateType>', '<RandomStateType>', '<TensorType(float64, matrix)>', 'W',
                                  'bit_i_idx', 'hbias', 'vbias']
    np.testing.assert_allclose(out['pl_cost'], [-14.251215739835711, -15.531419158051117, -12.410017464527716,
                                                -15.984519655251011], rtol=1e-10)
    assert out['persistent_sum'] == 39.0
    np.testing.assert_allclose([out['W_sum'], out['sample_mean_sum']], [-8.439988371311678, 22.616711490551076],
                               rtol=1e-10)
    assert out['sample'] == [[1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0],
                             [0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0],
                             [1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]]
    assert out['chain_is_sample']


def test_hmc_sampler_matches_theano():
    out = dlt_hmc_program.run()
    np.testing.assert_allclose(out['mean'], [4.468770511211142, 0.625559821998039, -0.19738891282640011,
                                             2.526002908449144, 4.0464665984381725], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose([out['stepsize'], out['acceptance_rate']], [0.051455781743832106, 0.9999999999294491],
                               rtol=1e-10)

"""Lasagne 0.1's mnist.py MLP idioms (its update rules and layer maths inlined) match Theano 1.0.5 on the same seeds.

The real Lasagne 0.1 examples (mnist.py mlp/cnn, recurrent.py) were also run unchanged against this package and real
Theano 1.0.5 (PYTHONPATH=/tmp/conf-cache/src/Lasagne-0.1): identical losses; tests do not import lasagne."""
import numpy as np
import pytest

import lasagne_style_program as program

# printed by real Theano 1.0.5 running lasagne_style_program.py
EXPECTED = {
    'nesterov_momentum': dict(train_losses=[1.1606356700363625, 1.0373410157804699, 0.9678999318530601],
                              val_loss=0.8518494555041493, val_acc=0.8, W_sum=-12.299703407974036),
    'adam': dict(train_losses=[1.2291266595353194, 1.1573553783359465, 1.118245155179835],
                 val_loss=1.0174922326627651, val_acc=0.475, W_sum=-9.168890855361722),
}


@pytest.mark.parametrize('rule', ['nesterov_momentum', 'adam'])  # rmsprop: the same machinery, CI time
def test_lasagne_mlp_with_dropout_matches_theano(rule):
    out = program.run(rule)
    want = EXPECTED[rule]
    np.testing.assert_allclose(out['train_losses'], want['train_losses'], rtol=1e-10)
    np.testing.assert_allclose([out['val_loss'], out['val_acc'], out['W_sum']],
                               [want['val_loss'], want['val_acc'], want['W_sum']], rtol=1e-10)
    assert out['acc_dtype'] == 'float64'

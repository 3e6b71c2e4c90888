"""lstm.py (the IMDB LSTM tutorial) runs unchanged; numbers from Theano 1.0.5 on the same seed and data."""
import numpy as np

import dlt_lstm_program


def test_imdb_lstm_adadelta_dropout_matches_theano():
    out = dlt_lstm_program.run()
    # printed by real Theano 1.0.5 running dlt_lstm_program.py (MRG dropout, seeded numpy shuffles)
    np.testing.assert_allclose(out['costs'], [
        0.6931356699813109, 0.6909198476294809, 0.7022976061903714, 0.6931620320153878, 0.6957546240628758,
        0.6912550420506207, 0.6969390249278435, 0.6968870915790581, 0.6931962205236307, 0.6932019142084972,
        0.6931492571107247, 0.6931329223340192], rtol=1e-10)
    assert out['train_err'] == 0.5
    np.testing.assert_allclose(out['f_cost'], 0.6926092749011145, rtol=1e-10)
    np.testing.assert_allclose(out['prob'], [
        [0.4986113418996181, 0.5013886581003819], [0.4986159042792988, 0.5013840957207013],
        [0.49861924290396115, 0.501380757096039], [0.4986193668563036, 0.5013806331436964],
        [0.4986094192011192, 0.5013905807988807]], rtol=1e-10)
    np.testing.assert_allclose([out['Wemb'], out['U']], [1.1981553223473762, 22.824764513369807], rtol=1e-10)
    assert out['names'] == ('adadelta_f_grad_shared', 'adadelta_f_update')
    assert out['f_grad_name'] == 'f_grad'

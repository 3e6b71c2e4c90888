"""Bag-of-words logistic regression on a sparse document-term matrix, written for Theano 1.0.5 (theano.sparse).

    python examples/sparse_bag_of_words.py

Synthetic documents: a vocabulary of 2,000 words, 1,000 documents of 30 words each, and a label that depends on a
few "positive" and "negative" words. The document-term counts are a scipy csr matrix held in a sparse shared
variable; a minibatch of rows is a csr argument of the training function; the model is
sigmoid(structured_dot(X, w) + b), trained by SGD. Runs unchanged on Theano 1.0.5 and on theano-xla.
"""
from __future__ import print_function

import numpy as np
import scipy.sparse as sp

import theano
import theano.sparse as S
import theano.tensor as T

VOCAB, N_DOCS, WORDS_PER_DOC, BATCH, EPOCHS = 2000, 1000, 30, 100, 8


def make_corpus(seed=0):
    """A csr count matrix (documents x words) and 0/1 labels from a few signal words."""
    rng = np.random.RandomState(seed)
    positive, negative = rng.choice(VOCAB, 20, replace=False), rng.choice(VOCAB, 20, replace=False)
    rows, cols, labels = [], [], []
    for d in range(N_DOCS):
        label = rng.rand() > 0.5
        words = rng.randint(0, VOCAB, WORDS_PER_DOC)
        words[:5] = rng.choice(positive if label else negative, 5)
        rows.extend([d] * WORDS_PER_DOC)
        cols.extend(words)
        labels.append(label)
    counts = sp.csr_matrix((np.ones(len(rows), dtype=theano.config.floatX), (rows, cols)), shape=(N_DOCS, VOCAB))
    counts.sum_duplicates()
    return counts, np.asarray(labels, dtype=theano.config.floatX)


def main():
    counts, labels = make_corpus()
    x = S.csr_matrix("x")
    y = T.vector("y")
    w = theano.shared(np.zeros((VOCAB, 1), dtype=theano.config.floatX), name="w")
    b = theano.shared(np.asarray(0.0, dtype=theano.config.floatX), name="b")
    p = T.nnet.sigmoid(S.structured_dot(x, w)[:, 0] + b)
    cost = T.nnet.binary_crossentropy(p, y).mean()
    gw, gb = T.grad(cost, [w, b])
    lr = np.asarray(0.5, dtype=theano.config.floatX)
    train = theano.function([x, y], cost, updates=[(w, w - lr * gw), (b, b - lr * gb)])
    predict = theano.function([x], p > 0.5)
    n_train = 800
    for epoch in range(EPOCHS):
        costs = [train(counts[i:i + BATCH], labels[i:i + BATCH]) for i in range(0, n_train, BATCH)]
        print("epoch %d, train cost %.4f" % (epoch + 1, float(np.mean(costs))))
    accuracy = np.mean(predict(counts[n_train:]) == labels[n_train:])
    print("test accuracy: %.3f" % accuracy)
    # the sparse shared form: the whole corpus on the device, its column sums through sp_sum
    corpus = theano.shared(counts, name="corpus")
    word_totals = theano.function([], S.sp_sum(corpus, axis=0))()
    print("total words: %d, most frequent word count: %d" % (word_totals.sum(), word_totals.max()))


if __name__ == "__main__":
    main()

"""Names whose feature has not landed yet: importable, and a clear PendingFeatureError when used.

The error is deliberately not a NotImplementedError, so code that expects Theano's own NotImplementedError
(and Theano's tests that check for it) never mistakes a missing feature for that behaviour.
"""
import pytest

import theano._pending as pending


def test_pending_class_raises_a_dedicated_error_naming_the_feature():
    Stub = pending.pending_class("theano.some_module.SomeClass", "example")
    assert Stub.__name__ == "SomeClass" and Stub.__module__ == "theano.some_module"
    with pytest.raises(pending.PendingFeatureError, match="SomeClass .*not implemented in theano-xla yet"):
        Stub(seed=1)


def test_pending_function_raises_a_dedicated_error_naming_the_feature():
    stub = pending.pending_function("theano.some_module.some_function", "example")
    assert stub.__name__ == "some_function" and stub.__module__ == "theano.some_module"
    with pytest.raises(pending.PendingFeatureError, match="comes with the example issue"):
        stub(1, k=2)


def test_pending_error_is_not_an_error_theano_code_expects():
    assert not issubclass(pending.PendingFeatureError, (NotImplementedError, TypeError, ValueError, AttributeError))

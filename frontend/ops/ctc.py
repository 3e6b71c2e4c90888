"""tensor/nnet/ctc.py: the Connectionist Temporal Classification loss (Graves et al. 2006), Theano 1.0.5's API.

Theano wrapped Baidu's warp-ctc C library; here the loss is our own op, lowered to a log-space forward-backward
recursion (lowering/rules/ctc.py), so `ctc_available()` is always True. The conventions are warp-ctc's, as
Theano's wrapper passed them:

- activations: float32 (time, batch, alphabet), un-normalised (a softmax over the alphabet is applied inside);
- labels: int32 (batch, max_label_len); negative entries are padding and are skipped wherever they are;
- input_lengths: int32 (batch,), the number of time steps of each sequence (at most `time`);
- the blank symbol is index 0 of the alphabet;
- output 0 is the per-example cost -log p(labels | activations); with `compute_grad`, output 1 is the
  gradient of each example's cost with respect to its activations (zero past the sequence's length), which
  the op's L_op scales by the cost's output gradient (as Theano's does).

As warp-ctc (which Theano's op called), a labelling that cannot be emitted in the sequence's time steps (more
labels plus repeats than steps, probability 0) costs 0 with a zero gradient, so such an example adds nothing
to a training cost instead of making it infinite.
"""
from __future__ import annotations

from typing import Any

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import grad_undefined
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.type import TensorType

__all__ = ["ConnectionistTemporalClassification", "ctc", "ctc_available", "ctc_present"]


def ctc_present() -> bool:
    """Whether the CTC loss can be computed: always, it is theano-xla's own op (no warp-ctc library)."""
    ctc_present.avail = True
    return True


ctc_present.avail = None  # type: ignore[attr-defined]
ctc_present.msg = None  # type: ignore[attr-defined]
ctc_present.path = None  # type: ignore[attr-defined]


def ctc_available() -> bool:
    """Whether `ctc` can be used: always True here (Theano's answer depended on finding warp-ctc)."""
    return ctc_present()


ctc_available.msg = None  # type: ignore[attr-defined]
ctc_available.path = None  # type: ignore[attr-defined]


class ConnectionistTemporalClassification(Op):
    """CTC loss: outputs the per-example costs and, with `compute_grad`, their gradients w.r.t. the activations.

    `compute_grad` (Theano's parameter) asks for the second output; the canonicalize rewrite
    `local_ctc_no_grad` turns it off when nothing uses the gradient. `openmp` is accepted for
    Theano's signature: XLA parallelises the computation itself.
    """

    __props__ = ('compute_grad',)
    default_output = 0

    def __init__(self, compute_grad: bool = True, openmp: Any = None):
        self.compute_grad = bool(compute_grad)
        self.openmp = openmp

    def make_node(self, activations: Any, labels: Any, input_lengths: Any) -> Apply:
        t_activations = as_tensor_variable(activations)
        t_labels = as_tensor_variable(labels)
        t_input_lengths = as_tensor_variable(input_lengths)
        # Theano's checks and messages, in Theano's order
        if t_activations.type.dtype != 'float32':
            raise TypeError('activations must use the float32 type!')
        if t_activations.ndim != 3:
            raise ValueError('activations must have 3 dimensions.')
        if t_labels.type.dtype != 'int32':
            raise TypeError('labels must use the int32 type!')
        if t_labels.ndim != 2:
            raise ValueError('labels must have 2 dimensions.')
        if t_input_lengths.type.dtype != 'int32':
            raise TypeError('input_lengths must use the int32 type!')
        if t_input_lengths.ndim != 1:
            raise ValueError('input_lengths must have 1 dimension.')
        outputs = [TensorType('float32', (False,))(name="ctc_cost")]
        if self.compute_grad:
            outputs.append(TensorType('float32', (False, False, False))(name="ctc_grad"))
        return Apply(self, [t_activations, t_labels, t_input_lengths], outputs)

    def infer_shape(self, node: Apply, input_shapes: list[tuple]) -> list[tuple]:
        acts = input_shapes[0]
        shapes = [(acts[1],)]
        if self.compute_grad:
            shapes.append(tuple(acts))
        return shapes

    def L_op(self, inputs: list[Variable], outputs: list[Variable], output_grads: list[Any]) -> list[Any]:
        if self.compute_grad and len(outputs) == 2:
            gradients = outputs[1]
        else:  # an op built without its gradient output: the gradient comes from a full op on the same inputs
            gradients = ConnectionistTemporalClassification(compute_grad=True).make_node(*inputs).outputs[1]
        # d(sum_b g[b] * cost[b]) / d acts[t, b, :] = g[b] * grad[t, b, :] (Theano: batched_dot over the batch)
        total_grad = output_grads[0].dimshuffle('x', 0, 'x') * gradients
        return [total_grad,
                grad_undefined(self, 1, inputs[1]),
                grad_undefined(self, 2, inputs[2])]


def ctc(activations: Any, labels: Any, input_lengths: Any) -> Variable:
    """The CTC loss of each example of a minibatch (Theano's `theano.tensor.nnet.ctc.ctc`).

    activations: float32 (t, m, p) un-normalised scores over the alphabet (blank = 0); labels: int32 (m, l),
    negative entries are padding; input_lengths: int32 (m,), time steps of each sequence. Returns the (m,) costs.
    """
    return ConnectionistTemporalClassification()(activations, labels, input_lengths)

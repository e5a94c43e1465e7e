"""The stories the recurrent lessons tell hold, on the settings the lessons use (issue 12):

1. an RNN forgets: through a vanilla tanh RNN the gradient shrinks by about lambda_1 * gamma per time step, so at
   T = 50 with lambda_1 < 1 hardly any of it reaches the first step; with lambda_1 well above 1 it grows instead;
2. the LSTM's cell carries the gradient: on "remember the first symbol" at T = 50 an LSTM whose forget gate starts
   near 1 passes a hundred thousand times more of the gradient to the first step than the RNN, and learns the task
   (the RNN's accuracy is not claimed: with Adam it depends on the seed and on BLAS rounding, see below);
3. exploding gradients in time and clipping: with lambda_1 = 3 the gradient grows back through time; plain SGD
   then gets nowhere, and the same run with clipping by norm learns the task.

The settings below are what the lessons use; the seeds are the ones the window and ``bpviz run`` use by default
and a few more, so the stories do not hang on one lucky draw.
"""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.config import ExperimentConfig
from bpviz.engine.recurrent_trainer import RecurrentTrainer

# 1 and 2: the same task and RNN
FORGETS = {"recurrent.cell": "rnn_tanh", "recurrent.hidden_size": 32, "recurrent.seq_len": 50,
           "recurrent.spectral_radius": 0.9, "recurrent.task": "first_symbol", "recurrent.symbols": 4,
           "data.samples": 2000, "train.batch_size": 64}
LSTM_REMEDY = {"recurrent.cell": "lstm", "recurrent.forget_bias": 4.0}
# 3: a shorter sequence, so that the clipped run learns it in a few hundred steps
EXPLODES = {"recurrent.cell": "rnn_tanh", "recurrent.hidden_size": 32, "recurrent.seq_len": 20,
            "recurrent.spectral_radius": 3.0, "recurrent.task": "first_symbol", "recurrent.symbols": 4,
            "data.samples": 2000, "train.batch_size": 64, "train.optimizer": "sgd", "train.learning_rate": 0.1,
            "train.clip_mode": "off"}
CLIPPED = {"train.clip_mode": "norm", "train.clip_threshold": 1.0}


def trainer(settings: dict, seed: int = 0, **more) -> RecurrentTrainer:
    config = ExperimentConfig(name="lesson", model="recurrent").replace(**{**settings, **more, "train.seed": seed})
    return RecurrentTrainer(config)


# ---------------------------------------------------------------- 1. an RNN forgets

@pytest.mark.parametrize("seed", range(5))
def test_below_one_the_gradient_through_time_vanishes_by_about_lambda_gamma_per_step(seed):
    untrained = trainer(FORGETS, seed)
    stats = untrained.initial_stats()
    assert stats.gradient_ratio_first_last < 1e-3  # ||dL/dh_1|| / ||dL/dh_50||
    signal = stats.time_signal_grad_norm
    assert (np.diff(np.log(signal)) > 0).mean() > 0.9  # it grows almost every step towards the loss
    jacobians = untrained.snapshot(histograms=False, jacobians=True).jacobians
    assert jacobians.spectral_radius == pytest.approx([0.9])
    measured = float(np.exp(np.mean(np.log(jacobians.measured_factor))))  # geometric mean per step
    predicted = float(np.mean(jacobians.predicted_factor))                  # lambda_1 * mean tanh'
    assert measured == pytest.approx(predicted, rel=0.1)
    assert predicted < 0.9


@pytest.mark.parametrize("seed", range(5))
def test_well_above_one_the_gradient_through_time_grows(seed):
    stats = trainer(FORGETS, seed, **{"recurrent.spectral_radius": 3.0}).initial_stats()
    assert stats.gradient_ratio_first_last > 1e2


# ---------------------------------------------------------------- 2. the LSTM's cell carries the gradient

@pytest.mark.parametrize("seed", range(5))
def test_an_lstm_with_its_forget_gate_near_one_carries_the_gradient_to_the_first_step(seed):
    rnn = trainer(FORGETS, seed).initial_stats()
    lstm = trainer(FORGETS, seed, **LSTM_REMEDY)
    stats = lstm.initial_stats()
    assert stats.gradient_ratio_first_last > 1e-2 > 1e2 * rnn.gradient_ratio_first_last
    assert (stats.time_gate_mean > 0.95).all()  # sigmoid(4) = 0.982: the cell keeps 0.98 a step, 0.4 over 50
    plain = trainer(FORGETS, seed, **{"recurrent.cell": "lstm", "recurrent.forget_bias": 1.0}).initial_stats()
    assert plain.gradient_ratio_first_last < 1e-2  # with Jozefowicz's 1.0, f ~ 0.73: 0.73^49 ~ 2e-7 of the cell path


def test_on_remember_the_first_symbol_the_lstm_learns_from_a_gradient_the_rnn_does_not_get():
    """Seed 0, the lessons' seed: 300 steps of Adam (lr 0.01). The claim is about the gradient, not about the RNN's
    accuracy: Adam divides every parameter's gradient by its own running RMS, so even a 1e-7 gradient takes
    lr-sized steps, and the RNN's accuracy after 300 steps was luck (measured on 2026-12-02 over seeds 0-4: 0.25 to
    0.79, and 0.77 vs 0.25 for seed 0 depending on the BLAS build; with SGD or momentum neither network learned in
    400 steps). What does not depend on rounding: before training, the LSTM passes 1e-2 or more of the gradient
    to the first symbol while the RNN passes less than 1e-5 (all seeds, in the tests above), and the LSTM learns
    the task (seed 0 reached 1.00 by step 150 in every run, with 1 and 2 BLAS threads)."""
    settings = {**FORGETS, "train.optimizer": "adam", "train.learning_rate": 0.01}
    rnn = trainer(settings, 0).initial_stats()
    lstm = trainer(settings, 0, **LSTM_REMEDY)
    assert lstm.initial_stats().gradient_ratio_first_last > 1e-2 > 1e3 * rnn.gradient_ratio_first_last
    lstm.run(300)
    assert lstm.test_accuracy() >= 0.95
    assert lstm.last_stats.gradient_ratio_first_last > 1e-3

# ---------------------------------------------------------------- 3. exploding gradients in time and clipping

@pytest.mark.parametrize("seed", [0, 2])
def test_above_one_plain_sgd_gets_nowhere_and_clipping_learns(seed):
    exploding = trainer(EXPLODES, seed)
    start = exploding.initial_stats()
    assert start.gradient_ratio_first_last > 50  # ||dL/dh_1|| is far larger than ||dL/dh_20||
    exploding.run(300)
    history = exploding.history.view()
    assert history.scalar("grad_norm_before_clip").max() > 10  # SGD steps of lr x that throw the weights about
    assert exploding.test_accuracy() <= 0.6  # chance is 0.25 (numpy 1.26's rounding takes seed 2 to 0.5)
    clipped = trainer(EXPLODES, seed, **CLIPPED)
    clipped.run(300)
    clipped_history = clipped.history.view()
    assert clipped_history.scalar("grad_norm_before_clip").max() > 10  # the gradients still explode ...
    assert np.allclose(clipped_history.scalar("grad_norm_after_clip").max(), 1.0, rtol=1e-5)  # ... clipped to 1
    assert clipped.test_accuracy() >= 0.9

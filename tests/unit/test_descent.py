"""calc_core.descent against closed forms: SGD on quadratics, Newton in one step, divergence as NaN."""

import jax.numpy as jnp
import numpy as np
import pytest

from calc_core import article, descent, surfaces
from calc_core.expr import as_vector_function, parse_function


def quadratic_1d(p):
    return (p[0] - 3.0) ** 2 + 1.0


def test_article_50_steps_reach_three_and_match_the_python_loop():
    xs = np.asarray(descent.run(quadratic_1d, [article.DESCENT_X0], "sgd", article.DESCENT_LR,
                                article.DESCENT_STEPS))
    assert xs.shape == (article.DESCENT_STEPS + 1, 1)
    # closed form: x_k = 3 - 3 (1 - 2 lr)^k
    k = np.arange(article.DESCENT_STEPS + 1)
    np.testing.assert_allclose(xs[:, 0], 3.0 - 3.0 * 0.8**k, atol=1e-5)
    assert abs(xs[-1, 0] - article.DESCENT_MINIMUM) < 1e-3


def test_typed_function_runs_and_reuses_the_same_callable():
    f = as_vector_function(parse_function(article.DESCENT_FORMULA), 1)
    assert f is as_vector_function(parse_function(article.DESCENT_FORMULA), 1)
    xs = np.asarray(descent.run(f, [0.0], "sgd", 0.1, 50))
    assert abs(xs[-1, 0] - 3.0) < 1e-3


def test_new_learning_rate_does_not_recompile():
    descent.run(surfaces.bowl, [1.0, 1.0], "momentum", 0.1, 20)
    before = descent.compile_count()
    for lr in (0.01, 0.05, 0.2):
        descent.run(surfaces.bowl, [2.0, -1.0], "momentum", lr, 20, beta=0.5)
    assert descent.compile_count() == before


@pytest.mark.parametrize("f,point", [(surfaces.bowl, (2.5, -1.0)), (surfaces.valley, (-2.0, 1.0)),
                                     (article.scalar_fn, (1.0, 2.0))])
def test_newton_jumps_to_the_critical_point_of_a_quadratic_in_one_step(f, point):
    if f is article.scalar_fn:  # a cubic: one Newton step equals the analytic x - H^-1 g
        h = np.array(article.HESSIAN_AT_POINT)
        g = np.array([3 + 4, 4 + 12.0])  # (3x² + y², 2xy + 3y²) at (1, 2)
        expected = np.array(point) - np.linalg.solve(h, g)
    else:
        expected = np.zeros(2)
    xs = np.asarray(descent.run(f, point, "newton", 1.0, 1))
    np.testing.assert_allclose(xs[1], expected, atol=1e-5)


def test_newton_on_the_saddle_lands_on_the_saddle():
    xs = np.asarray(descent.run(surfaces.saddle, (2.0, 1.6), "newton", 1.0, 3))
    np.testing.assert_allclose(xs[1:], 0.0, atol=1e-5)
    assert surfaces.classify_critical_point(surfaces.saddle, xs[-1]) == "saddle"


def test_sgd_on_the_saddle_runs_away_along_one_minus_one():
    xs = np.asarray(descent.run(surfaces.saddle, (0.5, 0.3), "sgd", 0.05, 200))
    end = xs[-1]
    assert np.linalg.norm(end) > 10 * np.linalg.norm(xs[0])
    direction = end / np.linalg.norm(end)
    assert abs(abs(direction @ np.array([1.0, -1.0]) / np.sqrt(2)) - 1.0) < 1e-3
    assert float(surfaces.saddle(jnp.asarray(end))) < -10  # f decreases without bound


def test_divergence_gives_nan_rows_from_the_first_bad_step():
    # 1-D quadratic, lr = 1.2 > 2/λ = 1: |x - 3| grows by 1.4 per step and passes 1e6 at step 38
    xs = np.asarray(descent.run(quadratic_1d, [0.0], "sgd", 1.2, 60))
    step = descent.first_diverged_step(xs)
    expected = int(np.argmax(3.0 * 1.4 ** np.arange(61) >= descent.ITERATE_BOUND - 3.0))
    assert step == expected
    assert np.all(np.isfinite(xs[:step])) and np.all(np.isnan(xs[step:]))
    assert descent.first_diverged_step(descent.run(quadratic_1d, [0.0], "sgd", 0.1, 60)) is None


def test_non_finite_loss_counts_as_diverged():
    f = as_vector_function(parse_function("log(x)"), 1)
    xs = np.asarray(descent.run(f, [0.5], "sgd", 1.0, 5))  # 0.5 - 1/0.5 < 0: log is NaN
    assert descent.first_diverged_step(xs) == 1


def test_oscillation_between_one_and_two_over_lambda():
    xs = np.asarray(descent.run(quadratic_1d, [0.0], "sgd", 0.8, 30))[:, 0]
    errors = xs - 3.0
    assert np.all(np.sign(errors[1:]) == -np.sign(errors[:-1]))  # overshoots every step
    assert abs(errors[-1]) < 1e-5


@pytest.mark.parametrize("name", sorted(surfaces.PRESETS))
@pytest.mark.parametrize("optimizer", ["adam", "momentum"])
def test_adam_and_momentum_stay_finite_on_every_preset_at_page_defaults(name, optimizer):
    s = surfaces.PRESETS[name]
    lr = s.adam_lr if optimizer == "adam" else s.lr
    xs = descent.run(s.f, s.start, optimizer, lr, s.steps)
    assert descent.first_diverged_step(xs) is None


def test_losses_match_f_rowwise():
    xs = descent.run(surfaces.himmelblau, (0.0, 0.5), "sgd", 0.01, 100)
    np.testing.assert_allclose(np.asarray(descent.losses(surfaces.himmelblau, xs)),
                               [float(surfaces.himmelblau(x)) for x in xs], rtol=1e-5, atol=1e-5)
    assert np.allclose(xs[-1], (3.0, 2.0), atol=1e-3)  # the nearest of Himmelblau's minima


@pytest.mark.parametrize("lr,curvature,regime", [(0.1, 2.0, "converges"), (0.8, 2.0, "oscillates"),
                                                 (1.2, 2.0, "diverges"), (1.0, 2.0, "cycles"),
                                                 (0.1, -1.0, "escapes"), (0.1, 0.0, "drifts")])
def test_plain_descent_regime(lr, curvature, regime):
    assert descent.plain_descent_regime(lr, curvature) == regime


def test_bad_names_are_refused():
    with pytest.raises(ValueError, match="unknown optimizer"):
        descent.run(surfaces.bowl, (1.0, 1.0), "lbfgs", 0.1, 5)
    with pytest.raises(ValueError, match="sgd takes no beta"):
        descent.run(surfaces.bowl, (1.0, 1.0), "sgd", 0.1, 5, beta=0.9)


def test_step_counts_up_to_512_share_one_compiled_run():
    from calc_core.descent import compiled_length

    def bowl(p):
        return jnp.sum(p**2)

    descent.run(bowl, jnp.array([1.0, 1.0]), "momentum", 0.1, 10)
    compiled = descent.compile_count()
    short, long = (descent.run(bowl, jnp.array([1.0, 1.0]), "momentum", 0.1, n) for n in (25, 500))
    assert descent.compile_count() == compiled
    assert short.shape == (26, 2) and long.shape == (501, 2)
    np.testing.assert_allclose(long[:26], short)
    assert [compiled_length(n) for n in (1, 512, 513, 2000)] == [512, 512, 1024, 2048]


def test_losses_of_paths_of_any_length_share_one_compile():
    def bowl(p):
        return jnp.sum(p**2)

    path = descent.run(bowl, jnp.array([1.0, 1.0]), "sgd", 0.1, 40)
    descent.losses(bowl, path)
    compiled = descent.compile_count()
    for n in (3, 17, 41):
        np.testing.assert_allclose(descent.losses(bowl, path[:n]), np.sum(np.asarray(path[:n]) ** 2, axis=1),
                                   rtol=1e-6)
    assert descent.compile_count() == compiled


def test_compile_count_counts_one_program_per_new_objective_and_none_per_new_value():
    def shifted_bowl(p):
        return jnp.sum((p - 1.0) ** 2)

    before = descent.compile_count()
    descent.run(shifted_bowl, [0.0, 0.0], "adam", 0.1, 30)
    assert descent.compile_count() == before + 1
    descent.run(shifted_bowl, [3.0, -2.0], "adam", 0.02, 300, b1=0.5)
    descent.losses(shifted_bowl, np.zeros((5, 2)))
    assert descent.compile_count() == before + 2  # the loss evaluation is a program of its own

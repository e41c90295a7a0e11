"""The source article's data, example functions and the answers it prints (or should have printed).

Pages use these as defaults and tests as oracles. Three of the article's claims are wrong; the
correct facts are here too (see ``SADDLE_*``, ``PROCUREMENT_*`` and ``REGRESSION_REUSED_KEY_*``).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

__all__ = [
    "f_multi", "layer1", "layer2", "composed", "vector_fn", "scalar_fn", "descent_loss", "DISTANCE_FORMULA",
    "DISTANCE_RANGE", "SIN_POINT", "SIN_DERIVATIVES_AT_POINT", "CHAIN_X", "CHAIN_VALUE", "CHAIN_DERIVATIVE",
    "MULTI_FORMULA", "MULTI_POINT", "MULTI_GRADIENT", "SADDLE_HESSIAN", "SADDLE_EIGENVALUES",
    "SADDLE_ESCAPE_DIRECTION", "JH_POINT", "VECTOR_FORMULAS", "SCALAR_FORMULA", "JACOBIAN_AT_POINT",
    "HESSIAN_AT_POINT", "DESCENT_FORMULA", "DESCENT_X0", "DESCENT_LR", "DESCENT_STEPS", "DESCENT_MINIMUM",
    "REGRESSION_SEED", "REGRESSION_SIZE", "REGRESSION_TRUE_W", "REGRESSION_TRUE_B", "REGRESSION_NOISE",
    "REGRESSION_LR", "REGRESSION_STEPS", "REGRESSION_REUSED_KEY_W", "REGRESSION_REUSED_KEY_B", "MLP_SEED",
    "MLP_LAYER_SIZES", "MLP_LR", "MLP_EPOCHS", "MLP_POINTS", "MLP_X_RANGE", "MLP_ARTICLE_LOSS",
    "MLP_LOSS_BELOW", "PRICES_A", "PRICES_B", "PROCUREMENT_UNCONSTRAINED_OMEGA",
    "PROCUREMENT_OPTIMUM_OMEGA", "PROCUREMENT_GRID_SIZE",
]

# --- Derivatives ---------------------------------------------------------------------------------
#: A distance–time curve like the article's figure: steep between t = 0 and 2, flat between 3 and 5.
DISTANCE_FORMULA = "100*tanh(0.6*x)"
DISTANCE_RANGE = (0.0, 5.0)

#: Higher-order derivatives of sin at π/4: sin, cos, −sin, −cos.
SIN_POINT = float(jnp.pi / 4)
SIN_DERIVATIVES_AT_POINT = (0.7071, 0.7071, -0.7071, -0.7071)

# --- Chain rule: tanh, then square --------------------------------------------------------------
CHAIN_X = 2.0


def layer1(x: jax.Array) -> jax.Array:
    return jnp.tanh(x)


def layer2(x: jax.Array) -> jax.Array:
    return x**2


def composed(x: jax.Array) -> jax.Array:
    """``tanh(x)**2``; its derivative is ``2 tanh(x) sech²(x)``."""
    return layer2(layer1(x))


CHAIN_VALUE = 0.9293  # tanh(2)² (4 decimals, as printed)
CHAIN_DERIVATIVE = 0.1362  # 2·tanh(2)·sech²(2)

# --- Partial derivatives: f(x, y) = x² + 3xy + y² -----------------------------------------------
MULTI_FORMULA = "x^2 + 3*x*y + y^2"
MULTI_POINT = (1.0, 2.0)
MULTI_GRADIENT = (8.0, 7.0)
#: The article says the arrows "all point toward the minimum". They don't: the Hessian [[2, 3], [3, 2]]
#: has eigenvalues 5 and −1, so (0, 0) is a saddle and descent runs away along (1, −1).
SADDLE_HESSIAN = ((2.0, 3.0), (3.0, 2.0))
SADDLE_EIGENVALUES = (-1.0, 5.0)
SADDLE_ESCAPE_DIRECTION = (1.0, -1.0)


def f_multi(params: jax.Array) -> jax.Array:
    """``x² + 3xy + y²`` for ``params`` of shape ``(2,)``."""
    x, y = params[0], params[1]
    return x**2 + 3 * x * y + y**2


# --- Jacobian and Hessian ------------------------------------------------------------------------
JH_POINT = (1.0, 2.0)
VECTOR_FORMULAS = ("x^2 + y", "x*y^3")
SCALAR_FORMULA = "x^3 + x*y^2 + y^3"
JACOBIAN_AT_POINT = ((2.0, 1.0), (8.0, 12.0))
HESSIAN_AT_POINT = ((6.0, 4.0), (4.0, 14.0))


def vector_fn(x: jax.Array) -> jax.Array:
    """``[x0² + x1, x0·x1³]`` for ``x`` of shape ``(2,)``; returns shape ``(2,)``."""
    return jnp.stack([x[0] ** 2 + x[1], x[0] * x[1] ** 3])


def scalar_fn(x: jax.Array) -> jax.Array:
    """``x0³ + x0·x1² + x1³`` for ``x`` of shape ``(2,)``."""
    return x[0] ** 3 + x[0] * x[1] ** 2 + x[1] ** 3


# --- Gradient descent in 1-D ---------------------------------------------------------------------
DESCENT_FORMULA = "(x - 3)^2 + 1"
DESCENT_X0 = 0.0
DESCENT_LR = 0.1
DESCENT_STEPS = 50
DESCENT_MINIMUM = 3.0


def descent_loss(x: jax.Array) -> jax.Array:
    return (x - 3.0) ** 2 + 1.0


# --- Linear regression ---------------------------------------------------------------------------
REGRESSION_SEED = 42
REGRESSION_SIZE = 100
REGRESSION_TRUE_W = 2.0
REGRESSION_TRUE_B = 1.0
REGRESSION_NOISE = 0.1
REGRESSION_LR = 0.1
REGRESSION_STEPS = 200
#: The article draws x and the noise from the same key, so noise = x and y = 2.1x + 1 exactly.
REGRESSION_REUSED_KEY_W = 2.1
REGRESSION_REUSED_KEY_B = 1.0

# --- Neural network on sin(x) --------------------------------------------------------------------
MLP_SEED = 0
MLP_LAYER_SIZES = (1, 32, 32, 1)
MLP_LR = 0.01
MLP_EPOCHS = 2000
MLP_POINTS = 200
MLP_X_RANGE = (-3.0, 3.0)
#: Measured with jax 0.12 here: the article's exact setting ends at loss 0.047 after 2,000 epochs (not 0.0088);
#: it falls below MLP_LOSS_BELOW = 0.02 by 3,000 epochs and reaches ~0.003 by 5,000.
MLP_ARTICLE_LOSS = 0.047
MLP_LOSS_BELOW = 0.02

# --- Procurement ---------------------------------------------------------------------------------
PRICES_A = (1408.0, 1500.0, 2000.0, 1800.0, 1600.0, 1900.0, 1700.0, 1550.0, 1450.0, 1650.0)
PRICES_B = (750.0, 4000.0, 1500.0, 3500.0, 800.0, 3800.0, 1200.0, 3600.0, 900.0, 3700.0)
#: Unconstrained minimiser of the blend's variance: outside [0, 1], so on [0, 1] the optimum is the
#: boundary ω = 1 and the gradient there is not zero (the article's "gradient ≈ 0" claim is wrong).
PROCUREMENT_UNCONSTRAINED_OMEGA = 1.012
PROCUREMENT_OPTIMUM_OMEGA = 1.0
PROCUREMENT_GRID_SIZE = 1001

"""Home: what Calculus Lab is, a card per page, and how to use it in class.

It presents the page list, so it stands beside the router, above :mod:`dashboard.registry`, which declares
its spec (``HOME``).
"""

import streamlit as st

from dashboard import registry

JAX_API = "https://jax.readthedocs.io/en/latest/_autosummary/"
#: The JAX transformations the pages use, each with its page in the JAX documentation.
READ_MORE = (
    ("jax.grad", JAX_API + "jax.grad.html", "the derivative of a scalar function (every slope and gradient here)"),
    ("jax.jit", JAX_API + "jax.jit.html", "compile a function with XLA (the training loops and scans)"),
    ("jax.vmap", JAX_API + "jax.vmap.html", "vectorise a function over a batch (per-example gradients)"),
    ("jax.jacfwd", JAX_API + "jax.jacfwd.html", "the Jacobian by forward mode (tall or square Jacobians)"),
    ("jax.jacrev", JAX_API + "jax.jacrev.html", "the Jacobian by reverse mode (wide Jacobians, gradients)"),
    ("jax.hessian", JAX_API + "jax.hessian.html", "second derivatives: jacfwd of jacrev"),
    ("The autodiff cookbook", "https://jax.readthedocs.io/en/latest/notebooks/autodiff_cookbook.html",
     "how these fit together, with examples"),
)
TIPS = """
- **Share a link.** Every student can open the address in your browser's bar, and it carries the page's
  settings: the function you typed, the sliders, the learning rates. Each browser then keeps its own
  controls and training runs, so one server serves the whole room.
- **Presenter mode** (sidebar) enlarges the text for a projector, and stays on in links you share.
- **Animations play in the browser**: press ▶ Play or drag the slider under a chart; nothing waits on the
  server, so it stays smooth on a busy network.
- **Type your own functions** in the formula boxes: `x^3 - 2*x`, `sin(x)*exp(-x/4)`, `log(1 + x^2)`.
  A typo gets a message in words; the last good chart stays on screen.
- **Start with the article's example**, then change one control at a time and ask the class to predict.
"""


def page_cards() -> None:
    """A card per page, grouped as the sidebar is."""
    for group, specs in registry.GROUPS.items():
        st.subheader(group)
        columns = st.columns(3)
        for i, spec in enumerate(specs):
            with columns[i % 3].container(border=True, height="stretch"):
                st.page_link(spec.file, label=f"**{spec.title}**", icon=f":material/{spec.icon}:")
                st.caption(spec.blurb)


def render() -> None:
    """What Calculus Lab is, a card per page, tips for class and further reading."""
    st.title("Calculus Lab")
    st.markdown(
        "The calculus behind machine learning, live in your browser and computed by **JAX**: derivatives, "
        "gradients, the chain rule, gradient descent and training, each on a page with controls you can move. "
        "Every number is computed as you watch, and every chart says where the classic examples mislead: "
        "$x^2 + 3xy + y^2$ is a saddle, not a bowl; the article's supplier split sits on the boundary "
        "$\\omega = 1$; reusing one random key turns the noise into a copy of $x$."
    )
    page_cards()
    st.subheader("Using it in class")
    st.markdown(TIPS)
    st.subheader("Read more")
    st.markdown("The JAX documentation for the transformations behind every page:\n"
                + "\n".join(f"- [`{name}`]({url}): {what}" if name.startswith("jax.") else f"- [{name}]({url}): {what}"
                            for name, url, what in READ_MORE))
    st.caption("Run it yourself: `make run` (or `make run HOST=0.0.0.0` to serve a classroom network).")


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()

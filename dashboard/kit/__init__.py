"""The page kit: what every page uses (inputs, links, the error guard, predict-and-reveal, chrome, live, state)."""

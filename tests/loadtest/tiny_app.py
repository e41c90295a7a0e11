"""A tiny app for the load generator's protocol tests: every widget kind a student moves, echoed back."""

import time

import streamlit as st

ss = st.session_state
x = st.slider("x", 0, 10, 3, key="x")
ratio = st.slider("ratio", 0.0, 1.0, 0.25, 0.05, key="ratio")
pick = st.selectbox("pick", ["a", "b", "c"], key="pick")
level = st.select_slider("level", options=["low", "mid", "high"], value="mid", key="level")
n = st.number_input("n", 0, 100, 7, key="n")
flag = st.checkbox("flag", key="flag")
live = st.toggle("live", key="live")
if st.button("boom", key="boom"):
    raise ValueError("boom pressed")
if st.button("slow", key="slow"):
    time.sleep(3)
st.markdown(f"echo x={x} ratio={ratio:g} pick={pick} level={level} n={n} flag={flag}")
ss.ticks = ss.get("ticks", 0)


@st.fragment(run_every=0.2 if live else None)
def ticker():
    ss.ticks += 1
    st.markdown(f"ticks={ss.ticks}")


ticker()

"""The clock both bench/ (sync Playwright) and loadtest/ (async) put in the page: key press -> charts redrawn.

The clock runs inside the page (``performance.now()``), so Playwright's round trips are not counted:
it starts at the ``keydown`` of the key press (or ``window.__bench.mark()``) and stops at the latest of
(a) the last WebSocket message of the rerun, (b) the moment the app is idle again (script state notRunning,
no stale element, no status widget, every fresh chart drawn) and (c) the last change to any chart's DOM, seen
by a MutationObserver. Streamlit 1.67 re-creates the Plotly div of every chart whose figure changed (a full
newPlot, not Plotly.react), so ``plotly_afterplot`` listeners put on the charts before the key press
never fire; watching the DOM catches both a redraw in place and a new chart drawn. The end is only
accepted after a quiet spell (QUIET_MS) with no message and no chart change; the spell is not counted.
"""

# Added before every page load (page.add_init_script): time stamps of WebSocket messages and chart DOM
# changes, and the key press. The script-state attribute alone is no start signal: a fast rerun can go
# rerunRequested -> running -> notRunning inside one React batch, so the DOM never shows it.
INIT_JS = """(() => {
  const b = window.__bench = {press: null, lastMsg: null, messages: 0, lastChart: 0, ready: null};
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { b.lastMsg = performance.now(); b.messages += 1; });
    }
  };
  const chartOf = n => (n && n.nodeType === 1 ? n : n && n.parentElement)?.closest?.(
      '[data-testid="stPlotlyChart"]');
  b.observer = new MutationObserver(records => {
    if (records.some(r => chartOf(r.target))) b.lastChart = performance.now();
  });
  b.observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  b.mark = () => Object.assign(b, {press: performance.now(), lastMsg: null, messages: 0, lastChart: 0,
                                   ready: null});
  window.addEventListener('keydown', b.mark, true);
})()"""

# Resolves once the app is idle and nothing (message, chart change) happened for `quiet` ms, with the
# times from the key press: the first server message and the end (last message, chart change or idle).
WAIT_JS = """([quiet, timeout]) => new Promise((resolve, reject) => {
  const b = window.__bench;
  const press = b.press;
  let first = null;
  const idle = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-stale="true"], [data-testid="stStatusWidget"]')) return false;
    const charts = document.querySelectorAll(
        '[data-testid="stElementContainer"]:not([data-stale="true"]) [data-testid="stPlotlyChart"]');
    return Array.from(charts).every(c => c.querySelector('.js-plotly-plot .main-svg'));
  };
  const tick = () => {
    const now = performance.now();
    if (press === null || b.press !== press) return reject(new Error('the action never reached the page'));
    if (now - press > timeout) return reject(new Error(
        b.lastMsg === null ? 'no answer from the server' : 'the page did not settle in time'));
    if (b.lastMsg !== null && first === null) first = b.lastMsg;
    if (b.lastMsg !== null && idle()) { if (b.ready === null) b.ready = now; } else b.ready = null;
    if (b.ready !== null) {
      const end = Math.max(b.ready, b.lastMsg, b.lastChart);
      if (now - end >= quiet) return resolve({ms: end - press, answer: first - press,
          last_message: b.lastMsg - press, chart: b.lastChart ? b.lastChart - press : null,
          idle: b.ready - press, messages: b.messages});
    }
    setTimeout(tick, 5);
  };
  tick();
})"""

QUIET_MS = 150  # chart DOM changes come in bursts well under this apart; long JS tasks delay the check too

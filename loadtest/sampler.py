"""Sample a server's CPU and memory while a load runs (its processes and their children, every second)."""

from __future__ import annotations

import threading
import time
from contextlib import suppress
from dataclasses import dataclass

import psutil


def listening_pids(port: int) -> list[int]:
    """Pids listening on ``port`` on this machine (empty if psutil may not see them)."""
    try:
        return sorted({c.pid for c in psutil.net_connections("tcp")
                       if c.laddr and c.laddr.port == port and c.status == psutil.CONN_LISTEN and c.pid})
    except (psutil.AccessDenied, PermissionError):
        return []


@dataclass
class Sample:
    t: float  # seconds since the sampler started
    cores: float  # CPU seconds per second of the sampled processes (2.0 = both cores busy)
    rss_mb: float
    client_cores: float  # the load generator's own CPU (it shares the machine)


def cpu_seconds(processes) -> float:
    """User + system CPU seconds of ``processes`` so far (ones that have exited count 0)."""
    total = 0.0
    for p in processes:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


class Sampler:
    """Every ``interval`` s, the CPU cores used and resident MB of some processes (and their children)."""

    def __init__(self, pids: list[int], interval: float = 1.0):
        self.processes = [psutil.Process(pid) for pid in pids]
        self.me = psutil.Process()
        self.interval = interval
        self.samples: list[Sample] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="loadtest-sampler")
        self.t0 = time.monotonic()

    def _tree(self) -> list[psutil.Process]:
        tree = []
        for p in self.processes:
            with suppress(psutil.NoSuchProcess):
                tree += [p, *p.children(recursive=True)]
        return tree

    def _cpu_seconds(self, processes) -> float:
        return cpu_seconds(processes)

    def _rss_mb(self) -> float:
        total = 0
        for p in self._tree():
            with suppress(psutil.NoSuchProcess):
                total += p.memory_info().rss
        return total / 2**20

    def _run(self) -> None:
        last_t, last_cpu, last_me = time.monotonic(), self._cpu_seconds(self._tree()), self._cpu_seconds([self.me])
        while not self._stop.wait(self.interval):
            now, cpu, me = time.monotonic(), self._cpu_seconds(self._tree()), self._cpu_seconds([self.me])
            dt = now - last_t
            self.samples.append(Sample(now - self.t0, (cpu - last_cpu) / dt, self._rss_mb(), (me - last_me) / dt))
            last_t, last_cpu, last_me = now, cpu, me

    def now(self) -> float:
        return time.monotonic() - self.t0

    def cpu_now(self) -> float:
        """CPU seconds the sampled processes have used so far (NaN when nothing is sampled)."""
        return self._cpu_seconds(self._tree()) if self.processes else float("nan")

    def rss_now(self) -> float:
        return self._rss_mb() if self.processes else float("nan")

    def between(self, t0: float, t1: float) -> list[Sample]:
        return [s for s in self.samples if t0 <= s.t <= t1]

    def __enter__(self) -> Sampler:
        if self.processes:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

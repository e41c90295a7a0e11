"""Serve Calculus Lab as N `streamlit run` replicas behind nginx: ``make run REPLICAS=N``.

One Streamlit process runs its script reruns under one GIL; N processes use N cores. nginx (Debian's package,
see scripts/ensure-nginx) runs in the foreground as our child with its config, pid, logs and temp files in a
runtime directory; the config comes from deploy/nginx/nginx.conf.template (sticky cookie, WebSocket upgrade,
passive health checks: the reasons are written there). The replicas share one ``server.cookieSecret``,
generated once into a file outside the repository, and JAX's persistent compilation cache, so a replica that
starts after another loads compiled programs instead of compiling them again. Ctrl-C or SIGTERM stops all.

    python scripts/run_replicas.py --replicas 2 --host 127.0.0.1 --port 8501
    python scripts/run_replicas.py --replicas 2 --check     # write the config and run `nginx -t` only
"""

from __future__ import annotations

import argparse
import contextlib
import grp
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx" / "nginx.conf.template"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
COOKIE = "calclab_replica"
DEFAULT_RUNTIME = ROOT / ".run" / "replicas"
DEFAULT_SECRET = Path.home() / ".config" / "calculus-lab" / "cookie-secret"
FAIL_TIMEOUT_S = 10
MAX_FAILS = 3
TEMP_DIRS = ("body", "proxy", "fastcgi", "uwsgi", "scgi")


@dataclass(frozen=True)
class Replica:
    """Replica number ``index`` (1-based) listening on 127.0.0.1:``port``."""

    index: int
    port: int

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port the OS says is free on ``host`` now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def port_in_use(host: str, port: int) -> bool:
    """True when something already listens on ``host:port`` (nginx could not bind it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return True
    return False


def max_upload_mb(config: Path = STREAMLIT_CONFIG) -> int:
    """``server.maxUploadSize`` (MB) from the project's Streamlit config; Streamlit's default is 200."""
    with config.open("rb") as f:
        return int(tomllib.load(f).get("server", {}).get("maxUploadSize", 200))


def cookie_secret(path: Path) -> str:
    """The shared ``server.cookieSecret``: read from ``path``, or generated once there (mode 600)."""
    if path.exists():
        secret = path.read_text().strip()
        if secret:
            return secret
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secret + "\n")
    return secret


def listen_address(host: str, port: int) -> str:
    """nginx's ``listen`` argument: IPv6 addresses in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def worker_user() -> str:
    """nginx's ``user`` line: as root the workers drop to nobody; otherwise nginx ignores it, so none."""
    if os.geteuid() != 0:
        return ""
    entry = pwd.getpwnam("nobody")
    return f"user nobody {grp.getgrgid(entry.pw_gid).gr_name};"


def server_line(replica: Replica, backup: bool = False) -> str:
    """One ``server`` line of an upstream block, with the passive health check."""
    flag = " backup" if backup else ""
    return f"        server {replica.address}{flag} max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT_S}s;"


def replica_upstream(replica: Replica, replicas: list[Replica]) -> str:
    """The upstream of one replica: itself, then the others as backups (used when it is down)."""
    lines = [f"\n    upstream calclab_r{replica.index} {{", server_line(replica)]
    lines += [server_line(other, backup=True) for other in replicas if other != replica]
    lines += ["        keepalive 8;", "    }"]
    lines += [f"\n    upstream calclab_r{replica.index}_only {{", f"        server {replica.address};",
              "        keepalive 4;", "    }"]
    return "\n".join(lines)


def render_config(replicas: list[Replica], listen: str, runtime: Path, upload_mb: int, user: str = "") -> str:
    """The nginx config for ``replicas`` behind ``listen``, with all its files under ``runtime``."""
    fills = {
        "USER": user,
        "RUNTIME": str(runtime),
        "COOKIE": COOKIE,
        "LISTEN": listen,
        "MAX_UPLOAD_MB": str(upload_mb),
        "BODY_MB": str(upload_mb + 1),
        "SERVED_BY": "\n".join(f'        "~:{r.port}$" {r.index};' for r in replicas),
        "ROUTES": "\n".join(f'        "{r.index}" calclab_r{r.index};' for r in replicas),
        "UPLOAD_ROUTES": "\n".join(f'        "{r.index}" calclab_r{r.index}_only;' for r in replicas),
        "ANY_SERVERS": "\n".join(server_line(r) for r in replicas),
        "REPLICA_UPSTREAMS": "".join(replica_upstream(r, replicas) for r in replicas),
    }
    text = TEMPLATE.read_text()
    for name, value in fills.items():
        text = text.replace(f"@@{name}@@", value)
    return text


def nginx_binary() -> str:
    """Path of the nginx binary (``NGINX_PATH``, PATH, or Debian's /usr/sbin/nginx)."""
    for candidate in (os.environ.get("NGINX_PATH"), shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise SystemExit("nginx not found: run `make nginx` (Debian, as root) or set NGINX_PATH")


def write_config(replicas: list[Replica], host: str, port: int, runtime: Path) -> Path:
    """Create the runtime directory and its temp dirs, write nginx.conf there; its path."""
    runtime = runtime.resolve()
    user = worker_user()
    for name in TEMP_DIRS:
        (runtime / "tmp" / name).mkdir(parents=True, exist_ok=True)
        if user:  # the workers (nobody) write request bodies and big responses here
            entry = pwd.getpwnam("nobody")
            os.chown(runtime / "tmp" / name, entry.pw_uid, entry.pw_gid)
    conf = runtime / "nginx.conf"
    conf.write_text(render_config(replicas, listen_address(host, port), runtime, max_upload_mb(), user))
    return conf


def check_config(conf: Path) -> subprocess.CompletedProcess:
    """``nginx -t`` on ``conf`` (prefix = its directory, errors on stderr)."""
    return subprocess.run([nginx_binary(), "-t", "-q", "-p", str(conf.parent), "-e", "stderr", "-c", str(conf)],
                          capture_output=True, text=True)


def replica_env(index: int, secret: str, jax_cache: str) -> dict[str, str]:
    """Environment of replica ``index``: the shared cookie secret and compile cache, and its number."""
    return os.environ | {
        "STREAMLIT_SERVER_COOKIE_SECRET": secret,  # an env var, not argv: `ps` shows argv to every user
        "CALCULUS_LAB_REPLICA": str(index),
        "CALCULUS_LAB_JAX_CACHE": jax_cache,
    }


def start_replica(replica: Replica, secret: str, jax_cache: str, log_dir: Path) -> subprocess.Popen:
    """`streamlit run dashboard/app.py` on 127.0.0.1:port from the repository root (its config applies)."""
    log = open(log_dir / f"replica-{replica.index}.log", "w")  # noqa: SIM115 - open for the process's life
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.address", "127.0.0.1",
         "--server.port", str(replica.port), "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=replica_env(replica.index, secret, jax_cache), stdout=log, stderr=subprocess.STDOUT)


def healthy(url: str) -> bool:
    """True when ``url``/_stcore/health answers ok."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        return opener.open(url + "/_stcore/health", timeout=1).read().strip() == b"ok"
    except OSError:
        return False


def wait_healthy(url: str, proc: subprocess.Popen, timeout_s: float = 120) -> None:
    """Wait until ``url`` is healthy; raise if ``proc`` exits or the time runs out."""
    deadline = time.monotonic() + timeout_s
    while not healthy(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not become healthy (exit code {proc.poll()})")
        time.sleep(0.2)


def write_state(runtime: Path, replicas: list[Replica], procs: dict[int, subprocess.Popen]) -> None:
    """``replicas.json`` in the runtime dir: each replica's port and pid (for tests and for an operator)."""
    state = {str(r.index): {"port": r.port, "pid": procs[r.index].pid} for r in replicas}
    (runtime / "replicas.json").write_text(json.dumps(state, indent=1))


def stop(procs: list[subprocess.Popen]) -> None:
    """TERM every process, then KILL what has not exited after 10 s."""
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + 10
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def supervise(nginx: subprocess.Popen, replicas: dict[int, subprocess.Popen], error_log: Path) -> int:
    """Run until nginx or every replica exits; a replica that dies is reported and routed around."""
    reported: set[int] = set()
    while nginx.poll() is None:
        for index, proc in replicas.items():
            if proc.poll() is not None and index not in reported:
                reported.add(index)
                print(f"replica {index} exited with code {proc.returncode}; nginx routes around it", flush=True)
        if len(reported) == len(replicas):
            return 1
        time.sleep(0.5)
    if nginx.returncode:  # e.g. the port is taken: nginx says so in its error log
        tail = error_log.read_text().splitlines()[-3:] if error_log.exists() else []
        print(f"nginx exited with code {nginx.returncode}:", *tail, sep="\n  ", file=sys.stderr, flush=True)
    return 1


def interrupt(signum, frame) -> None:
    """SIGTERM (e.g. from a test or systemd) stops everything the way Ctrl-C does."""
    raise KeyboardInterrupt


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--host", default="127.0.0.1", help="address nginx listens on (0.0.0.0: a classroom)")
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--runtime-dir", type=Path, default=DEFAULT_RUNTIME)
    parser.add_argument("--secret-file", type=Path,
                        default=Path(os.environ.get("CALCULUS_LAB_COOKIE_SECRET_FILE", DEFAULT_SECRET)))
    parser.add_argument("--check", action="store_true", help="write the config, run `nginx -t`, exit")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.replicas < 1:
        raise SystemExit("--replicas must be at least 1")
    if not args.check and port_in_use(args.host, args.port):
        print(f"Port {args.port} on {args.host} is in use: stop what serves it, or pick another (PORT=...).",
              file=sys.stderr)
        return 1
    replicas = [Replica(i, free_port()) for i in range(1, args.replicas + 1)]
    conf = write_config(replicas, args.host, args.port, args.runtime_dir)
    checked = check_config(conf)
    if checked.returncode != 0:
        print(checked.stderr, file=sys.stderr)
        return 1
    if args.check:
        print(f"{conf}: nginx -t ok")
        return 0
    secret = cookie_secret(args.secret_file.expanduser())
    jax_cache = os.environ.get("CALCULUS_LAB_JAX_CACHE") or str(Path.home() / ".cache" / "calculus-lab" / "jax")
    procs: dict[int, subprocess.Popen] = {}
    nginx: subprocess.Popen | None = None
    signal.signal(signal.SIGTERM, interrupt)
    try:
        for replica in replicas:
            procs[replica.index] = start_replica(replica, secret, jax_cache, conf.parent)
        for replica in replicas:
            wait_healthy(f"http://{replica.address}", procs[replica.index])
        write_state(conf.parent, replicas, procs)
        nginx = subprocess.Popen([nginx_binary(), "-p", str(conf.parent), "-e", str(conf.parent / "error.log"),
                                  "-c", str(conf), "-g", "daemon off;"])
        shown = f"[{args.host}]" if ":" in args.host else args.host
        print(f"Calculus Lab: {len(replicas)} replicas behind nginx at http://{shown}:{args.port} "
              f"(replica ports {', '.join(str(r.port) for r in replicas)}; logs in {conf.parent}). "
              "Ctrl-C stops all.", flush=True)
        return supervise(nginx, procs, conf.parent / "error.log")
    except KeyboardInterrupt:
        return 0
    finally:
        with contextlib.suppress(KeyboardInterrupt):
            stop(([nginx] if nginx else []) + list(procs.values()))


if __name__ == "__main__":
    sys.exit(main())

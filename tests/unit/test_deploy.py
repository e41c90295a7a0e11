"""Offline checks of deploy/: the Kubernetes manifests, the Dockerfile and the replicas' nginx config.

No cluster and no docker engine: every YAML document is parsed, and what must agree (ports, probe paths,
selectors and labels, the Secret, the HPA target, the upload limit) is checked against the app's own settings.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import stat
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from scripts import run_replicas as rr

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
HEALTH = "/_stcore/health"  # Streamlit's health endpoint
REQUIRED = {  # kind -> dotted paths every document of that kind must have
    "Deployment": ["spec.selector.matchLabels", "spec.template.metadata.labels", "spec.template.spec.containers"],
    "Service": ["spec.selector", "spec.ports"],
    "Ingress": ["spec.rules", "metadata.annotations"],
    "HorizontalPodAutoscaler": ["spec.scaleTargetRef", "spec.minReplicas", "spec.maxReplicas", "spec.metrics"],
}


def documents() -> list[dict]:
    """Every YAML document under deploy/k8s (kustomization.yaml included)."""
    docs = []
    for path in sorted(K8S.glob("*.yaml")):
        docs += [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]
    return docs


def one(kind: str) -> dict:
    found = [doc for doc in documents() if doc.get("kind") == kind]
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]


def dig(doc: dict, dotted: str):
    for part in dotted.split("."):
        doc = doc[part]
    return doc


def container() -> dict:
    return one("Deployment")["spec"]["template"]["spec"]["containers"][0]


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs of the Dockerfile, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def instructions(name: str) -> list[str]:
    return [args for inst, args in dockerfile() if inst == name]


def app_port() -> int:
    """The port the image's CMD serves on (--server.port=N)."""
    (cmd,) = instructions("CMD")
    return int(re.search(r"--server\.port=(\d+)", cmd).group(1))


def upload_limit_mb() -> int:
    with (ROOT / ".streamlit" / "config.toml").open("rb") as f:
        return tomllib.load(f)["server"]["maxUploadSize"]


def mb(size: str) -> float:
    """An nginx size ("6m", "512k", "1g") in MB."""
    number, unit = re.fullmatch(r"(\d+)([kmg]?)", size.lower()).groups()
    return int(number) * {"k": 1 / 1024, "m": 1, "g": 1024, "": 1 / 2**20}[unit]


# --- the manifests -------------------------------------------------------------------------------------------

def test_every_document_parses_and_has_the_basics():
    docs = documents()
    kinds = {doc["kind"] for doc in docs}
    assert {"Kustomization", "Deployment", "Service", "Ingress", "HorizontalPodAutoscaler"} <= kinds
    for doc in docs:
        assert doc.get("apiVersion") and doc.get("kind"), doc
        if doc["kind"] != "Kustomization":
            assert doc["metadata"]["name"]
        for path in REQUIRED.get(doc["kind"], []):
            assert dig(doc, path), f"{doc['kind']} lacks {path}"


def test_kustomization_lists_every_manifest():
    kustomization = one("Kustomization")
    listed = set(kustomization["resources"])
    present = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == present


def test_selectors_match_the_pod_labels():
    deployment, service = one("Deployment"), one("Service")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    for selector in (deployment["spec"]["selector"]["matchLabels"], service["spec"]["selector"]):
        assert selector and selector.items() <= labels.items()


def test_probes_hit_the_health_endpoint_on_the_app_port():
    ports = {p["name"]: p["containerPort"] for p in container()["ports"]}
    assert app_port() in ports.values()
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        get = container()[probe]["httpGet"]
        assert get["path"] == HEALTH
        assert ports.get(get["port"], get["port"]) == app_port()


def test_resources_request_about_a_core_and_limit_memory():
    resources = container()["resources"]
    cpu = resources["requests"]["cpu"]
    cores = int(cpu[:-1]) / 1000 if cpu.endswith("m") else float(cpu)
    assert 0.5 <= cores <= 2
    gib = {"Mi": 1 / 1024, "Gi": 1}
    request, limit = (float(v[:-2]) * gib[v[-2:]] for v in (resources["requests"]["memory"],
                                                           resources["limits"]["memory"]))
    assert 0.5 <= request <= limit  # measured RSS is ~0.5 GB per process (deploy/README.md, Sizing)


def test_the_cookie_secret_is_a_secret_the_kustomization_makes():
    env = {e["name"]: e for e in container()["env"]}
    ref = env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]["secretKeyRef"]
    generators = {g["name"]: g for g in one("Kustomization")["secretGenerator"]}
    assert ref["name"] in generators
    keys = [entry.split("=", 1)[0] for entry in generators[ref["name"]]["files"]]
    assert ref["key"] in keys
    secret_file = generators[ref["name"]]["files"][keys.index(ref["key"])].split("=", 1)[1]
    ignored = subprocess.run(["git", "check-ignore", "-q", f"deploy/k8s/{secret_file}"], cwd=ROOT)
    assert ignored.returncode == 0, "the cookie secret file must stay out of the repository"


def test_service_and_ingress_reach_the_app_port():
    service, ingress = one("Service"), one("Ingress")
    ports = {p["name"]: p["containerPort"] for p in container()["ports"]}
    (svc_port,) = service["spec"]["ports"]
    assert ports[svc_port["targetPort"]] == app_port()
    backends = [p["backend"]["service"] for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]]
    assert backends and all(b["name"] == service["metadata"]["name"] for b in backends)
    assert all(b["port"].get("name") == svc_port["name"] or b["port"].get("number") == svc_port["port"]
               for b in backends)


def test_ingress_has_cookie_affinity_long_socket_timeouts_and_the_upload_limit():
    notes = one("Ingress")["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert notes[prefix + "affinity"] == "cookie"
    assert notes[prefix + "affinity-mode"] == "persistent"
    assert notes[prefix + "session-cookie-name"]
    for timeout in ("proxy-read-timeout", "proxy-send-timeout"):
        assert int(notes[prefix + timeout]) >= 600  # seconds: an idle WebSocket outlives a quiet exercise
    assert mb(notes[prefix + "proxy-body-size"]) > upload_limit_mb()


def test_hpa_scales_the_deployment_on_cpu():
    hpa, deployment = one("HorizontalPodAutoscaler"), one("Deployment")
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    assert [m["resource"]["name"] for m in hpa["spec"]["metrics"] if m["type"] == "Resource"] == ["cpu"]
    assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]


# --- the Dockerfile ------------------------------------------------------------------------------------------

def test_dockerfile_is_slim_non_root_with_healthcheck_and_cache_volume():
    (base,) = instructions("FROM")
    assert re.fullmatch(r"python:3\.\d+-slim", base)
    user = instructions("USER")[-1]
    assert user not in ("root", "0") and not user.startswith("0:")
    assert int(user) == container_user()
    (healthcheck,) = instructions("HEALTHCHECK")
    assert f"127.0.0.1:{app_port()}{HEALTH}" in healthcheck
    assert [int(p) for p in instructions("EXPOSE")] == [app_port()]
    cache = re.search(r"CALCULUS_LAB_JAX_CACHE=(\S+)", " ".join(instructions("ENV"))).group(1)
    volumes = [v.strip('[]" ') for v in " ".join(instructions("VOLUME")).split(",")]
    assert any(cache.startswith(v) for v in volumes)


def container_user() -> int:
    return one("Deployment")["spec"]["template"]["spec"]["securityContext"]["runAsUser"]


# --- the nginx config for `make run REPLICAS=N` -------------------------------------------------------------

def rendered(tmp_path: Path, n: int = 3) -> tuple[str, list[rr.Replica]]:
    replicas = [rr.Replica(i, 9100 + i) for i in range(1, n + 1)]
    return rr.render_config(replicas, "127.0.0.1:8600", tmp_path, rr.max_upload_mb()), replicas


def test_rendered_config_is_sticky_with_a_backup_for_each_replica(tmp_path):
    text, replicas = rendered(tmp_path)
    assert "@@" not in text
    for r in replicas:
        block = re.search(rf"upstream calclab_r{r.index} \{{(.*?)\}}", text, re.S).group(1)
        servers = re.findall(r"server (\S+)( backup)?", block)
        assert servers[0] == (r.address, "")  # its own replica first
        assert sorted(addr for addr, backup in servers[1:] if backup) == sorted(
            o.address for o in replicas if o != r)
        assert f'"{r.index}" calclab_r{r.index};' in text  # cookie value -> its upstream
        assert f'"~:{r.port}$" {r.index};' in text  # served-by map -> cookie value
        only = re.search(rf"upstream calclab_r{r.index}_only \{{(.*?)\}}", text, re.S).group(1)
        assert re.findall(r"server (\S+);", only) == [r.address]  # uploads: the session's replica, no backup
        assert f'"{r.index}" calclab_r{r.index}_only;' in text
    assert f"map $cookie_{rr.COOKIE} $calclab_upstream" in text
    assert f"Set-Cookie \"{rr.COOKIE}=$calclab_served_by" in text  # the WebSocket handshake's
    assert f'""      "{rr.COOKIE}=$calclab_served_by;' in text  # a first visit's (no cookie yet)


def test_rendered_config_upgrades_websockets_and_lets_uploads_through(tmp_path):
    text, _ = rendered(tmp_path)
    assert "proxy_http_version 1.1;" in text
    stream = re.search(r"location /_stcore/stream \{(.*?)\}", text, re.S).group(1)
    assert "proxy_set_header Upgrade $http_upgrade;" in stream
    assert "proxy_set_header Connection $calclab_connection;" in stream
    assert re.search(r"proxy_read_timeout (\d+)h;", stream)
    assert mb(re.search(r"client_max_body_size (\S+);", text).group(1)) >= upload_limit_mb()
    upload = re.search(r"location /_stcore/upload_file \{(.*?)\}", text, re.S).group(1)
    assert "proxy_pass http://$calclab_upload_upstream;" in upload
    assert "Set-Cookie" not in upload  # only the page (first visit) and the WebSocket set the cookie
    assert "Set-Cookie" in stream
    assert "max_fails=3 fail_timeout=" in text
    assert "proxy_max_temp_file_size 0;" in text  # no spooling to disk, where nobody may not write


def test_listen_address_brackets_ipv6():
    assert rr.listen_address("::1", 8501) == "[::1]:8501"
    assert rr.listen_address("0.0.0.0", 80) == "0.0.0.0:80"


def test_cookie_secret_is_made_once_and_private(tmp_path):
    path = tmp_path / "conf" / "cookie-secret"
    first = rr.cookie_secret(path)
    assert len(first) >= 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert rr.cookie_secret(path) == first
    assert rr.cookie_secret(tmp_path / "other") != first


@pytest.mark.skipif(not (os.environ.get("NGINX_PATH") or shutil.which("nginx") or Path("/usr/sbin/nginx").exists()),
                    reason="nginx is not installed (make nginx)")
def test_generated_config_passes_nginx_t(tmp_path):
    replicas = [rr.Replica(1, rr.free_port()), rr.Replica(2, rr.free_port())]
    conf = rr.write_config(replicas, "127.0.0.1", rr.free_port(), tmp_path / "runtime")
    checked = rr.check_config(conf)
    assert checked.returncode == 0, checked.stderr


def test_a_taken_port_is_refused_before_anything_starts(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert rr.port_in_use("127.0.0.1", port)
        code = rr.main(["--replicas", "2", "--port", str(port), "--runtime-dir", str(tmp_path / "run"),
                        "--secret-file", str(tmp_path / "secret")])
        assert code == 1 and not (tmp_path / "secret").exists()  # refused before any replica started
    assert not rr.port_in_use("127.0.0.1", rr.free_port())

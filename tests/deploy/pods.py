"""The chart's pods as local processes, started the way the kubelet starts their
containers — enough Kubernetes for the chart's boot test, nothing more:

- env in order, each value from ``value`` (with ``$(VAR)`` expanded against the
  variables before it), a Secret or ConfigMap key (``optional`` honoured), the
  downward API (``fieldRef``: the pod's name, namespace, node and IP;
  ``resourceFieldRef``: the container's limits);
- ``$(VAR)`` in command and args expanded against the container's env;
- the image's own ENV underneath (the offkai image's from the Dockerfile);
- each volume a folder here: emptyDir and claims empty, a ConfigMap's keys as files
  (other kinds fail the test until emulated);
  paths under a mount point (in env, args and the ConfigMap files) are rewritten to
  that folder, as the container would see them at the mount point;
- cluster addresses (``<service>[.<namespace>[.svc[.cluster.local]]]:<port>``)
  pointed at the local process serving that Service.

Each pod gets a loopback address of its own (127.0.0.x) as its pod IP; what binds
``0.0.0.0`` in a pod binds that address here.
"""

from __future__ import annotations

import math
import os
import re
import shlex
import signal
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from offkai_kit.process import end_with_parent

REPO = Path(__file__).resolve().parents[2]
_VAR = re.compile(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")
_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}
_DECIMAL = {"k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "m": 10**-3, "": 1}


class PodFailed(AssertionError):
    """The pod could not start as rendered (a missing Secret key, an unknown field)."""


def expand(text: str, env: Mapping[str, str]) -> str:
    """Kubernetes' ``$(VAR)`` expansion: defined variables are replaced, ``$$``
    escapes, anything else stays as written."""

    def one(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        return env.get(match.group(1), match.group(0))

    return _VAR.sub(one, text)


def quantity(value: str | int | float) -> float:
    """A Kubernetes quantity (``512Mi``, ``1``, ``250m``) as a number."""
    text = str(value)
    for suffix, factor in _BINARY.items():
        if text.endswith(suffix):
            return float(text[: -len(suffix)]) * factor
    match = re.fullmatch(r"([0-9.]+)([kMGTm]?)", text)
    if not match:
        raise PodFailed(f"not a quantity: {value!r}")
    return float(match.group(1)) * _DECIMAL[match.group(2)]


def image_env() -> dict[str, str]:
    """The offkai image's ENV (the Dockerfile's final stage), with its PATH pointing
    at this checkout's virtualenv instead of /opt/offkai."""
    stages = (REPO / "Dockerfile").read_text().split("\nFROM ")
    text = stages[-1].replace("\\\n", " ")
    env: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("ENV "):
            for pair in shlex.split(line[4:]):
                key, _, value = pair.partition("=")
                env[key] = value
    env["PATH"] = env.get("PATH", "$PATH").replace("/opt/offkai/bin", str(Path(sys.executable).parent))
    env["PATH"] = env["PATH"].replace("$PATH", os.environ.get("PATH", "/usr/bin:/bin"))
    return env


@dataclass
class Cluster:
    """What the pods can reach: Secrets and ConfigMaps by name, and where each
    cluster address (``host:port``) is served here."""

    namespace: str
    secrets: dict[str, dict[str, str]] = field(default_factory=dict)
    config_maps: dict[str, dict[str, str]] = field(default_factory=dict)
    addresses: dict[str, str] = field(default_factory=dict)
    node_name: str = "node-a"

    def serve(self, service: str, port: int, local: str) -> None:
        """Calls to Service ``service`` on ``port`` reach ``local`` (ip:port)."""
        for host in (service, f"{service}.{self.namespace}", f"{service}.{self.namespace}.svc",
                     f"{service}.{self.namespace}.svc.cluster.local"):
            self.addresses[f"{host}:{port}"] = local

    def point(self, text: str) -> str:
        return _replace_all(text, self.addresses, before=r"[\w.-]", after=r"(?![\w.-])")


@dataclass
class Pod:
    """One pod of a workload, its volumes as folders under ``root``."""

    name: str
    ip: str
    spec: dict[str, Any]
    root: Path
    cluster: Cluster
    claims: tuple[str, ...] = ()
    mounts: dict[str, dict[str, Path]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        volumes = {v["name"]: v for v in self.spec.get("volumes", [])}
        for claim in self.claims:
            volumes[claim] = {"name": claim, "emptyDir": {}}
        for container in self.spec["containers"]:
            mounts = {}
            for mount in container.get("volumeMounts", []):
                folder = self.root / "volumes" / mount["name"]
                folder.mkdir(parents=True, exist_ok=True)
                mounts[mount["mountPath"]] = folder
            self.mounts[container["name"]] = mounts
        # ConfigMap files are written once every mount point is known (they may
        # name paths under the others).
        for container in self.spec["containers"]:
            for mount in container.get("volumeMounts", []):
                source = volumes.get(mount["name"])
                if source is None:
                    raise PodFailed(f"{self.name}: no volume {mount['name']!r}")
                if "configMap" in source:
                    data = self.cluster.config_maps.get(source["configMap"]["name"])
                    if data is None:
                        raise PodFailed(f"{self.name}: no ConfigMap {source['configMap']['name']!r}")
                    for key, text in data.items():
                        (self.root / "volumes" / mount["name"] / key).write_text(self.local_paths(container, text))
                elif "emptyDir" not in source:
                    raise PodFailed(f"{self.name}: volume kind of {mount['name']!r} not emulated")

    def container(self, name: str | None = None) -> dict[str, Any]:
        containers = self.spec["containers"]
        return containers[0] if name is None else next(c for c in containers if c["name"] == name)

    def local_paths(self, container: dict[str, Any], text: str) -> str:
        """``text`` with paths under the container's mount points made local."""
        folders = {path: str(folder) for path, folder in self.mounts[container["name"]].items()}
        return _replace_all(text, folders, before=r"[\w/.-]", after=r"(?![\w.-])")

    def env(self, container: dict[str, Any]) -> dict[str, str]:
        """The container's environment as the kubelet builds it."""
        env: dict[str, str] = {}
        for var in container.get("env", []):
            value = self._value(container, var, env)
            if value is not None:
                env[var["name"]] = value
        return env

    def _value(self, container: dict[str, Any], var: dict[str, Any], env: dict[str, str]) -> str | None:
        if "valueFrom" not in var:
            return expand(var.get("value", ""), env)
        source = var["valueFrom"]
        if "secretKeyRef" in source or "configMapKeyRef" in source:
            kind = "secretKeyRef" if "secretKeyRef" in source else "configMapKeyRef"
            ref = source[kind]
            store = self.cluster.secrets if kind == "secretKeyRef" else self.cluster.config_maps
            value = store.get(ref["name"], {}).get(ref["key"])
            if value is None and not ref.get("optional"):
                what = "Secret" if kind == "secretKeyRef" else "ConfigMap"
                raise PodFailed(f"{self.name}: {var['name']} needs {what} {ref['name']!r} key {ref['key']!r}")
            return value
        if "fieldRef" in source:
            fields = {"metadata.name": self.name, "metadata.namespace": self.cluster.namespace,
                      "spec.nodeName": self.cluster.node_name, "status.podIP": self.ip,
                      "spec.serviceAccountName": self.spec.get("serviceAccountName", "default")}
            path = source["fieldRef"]["fieldPath"]
            if path not in fields:
                raise PodFailed(f"{self.name}: {var['name']}: fieldRef {path} not emulated")
            return fields[path]
        if "resourceFieldRef" in source:
            resource = source["resourceFieldRef"]["resource"]
            kind, _, name = resource.partition(".")
            amount = quantity(container["resources"][kind][name])
            return str(math.ceil(amount))
        raise PodFailed(f"{self.name}: {var['name']}: unknown valueFrom {source}")

    def argv(self, container: dict[str, Any], env: Mapping[str, str], entrypoint: list[str]) -> list[str]:
        """Command and args with ``$(VAR)`` expanded, local paths and addresses;
        ``entrypoint`` stands for the image's when the container names no command."""
        command = container.get("command") or entrypoint
        argv = [expand(a, env) for a in [*command, *container.get("args", [])]]
        return [self.cluster.point(self.local_paths(container, a)) for a in argv]

    def localize(self, container: dict[str, Any], env: Mapping[str, str]) -> dict[str, str]:
        return {k: self.cluster.point(self.local_paths(container, v)) for k, v in env.items()}


def _replace_all(text: str, table: Mapping[str, str], *, before: str, after: str) -> str:
    """Each key of ``table`` found in ``text`` (not preceded by ``before``, followed
    by ``after``) replaced by its value, in one pass so nothing is replaced twice."""
    if not table:
        return text
    keys = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return re.sub(rf"(?<!{before})(?:{keys}){after}", lambda m: table[m.group(0)], text)


class Process:
    """A container's process: its output in ``log``, SIGTERM to stop it (and to any
    left when the test process dies)."""

    def __init__(self, argv: list[str], env: Mapping[str, str], cwd: Path, log: Path):
        self.log = log
        self.argv = argv
        with open(log, "ab") as out:
            self.proc = subprocess.Popen(argv, env=dict(env), cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                         start_new_session=True, preexec_fn=end_with_parent(signal.SIGTERM))

    def stop(self, timeout: float = 30.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

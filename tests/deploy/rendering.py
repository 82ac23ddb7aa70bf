"""Rendering the chart in deploy/helm/offkai offline, with Helm's own Go SDK
(helm-python-sdk: no helm binary, no cluster), for the chart's tests."""

from __future__ import annotations

import atexit
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# Helm's Go runtime copies the environment when the shared library loads, so its
# home directories must point somewhere disposable before the import below. Rendering
# does not write there today; lint and future SDK versions might.
_helm_home = tempfile.TemporaryDirectory(prefix="offkai-helm-")
atexit.register(_helm_home.cleanup)
for _var in ("HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME"):
    os.environ[_var] = os.path.join(_helm_home.name, _var.lower())

import helm_python as helm  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CHART_DIR = REPO / "deploy" / "helm" / "offkai"
PRODUCTION_VALUES = CHART_DIR / "ci" / "production-values.yaml"
RELEASE = "offkai"
NAMESPACE = "offkai"
KUBERNETES_VERSION = "1.33.0"


@dataclass
class Rendered:
    """One render of the chart: its objects (NOTES.txt aside) and the NOTES text."""

    objects: list[dict[str, Any]]
    notes: str

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [o for o in self.objects if o["kind"] == kind]

    def get(self, kind: str, name: str) -> dict[str, Any]:
        found = [o for o in self.of_kind(kind) if o["metadata"]["name"] == name]
        assert len(found) == 1, f"expected one {kind}/{name}, found {len(found)}"
        return found[0]


def render(chart: helm.Chart, values: dict[str, Any] | None = None) -> Rendered:
    """The chart rendered for release `offkai` in namespace `offkai`."""
    manifests = chart.render(values, name=RELEASE, namespace=NAMESPACE)
    objects: list[dict[str, Any]] = []
    notes = ""
    for path, text in sorted(manifests.items()):
        if path.endswith("NOTES.txt"):
            notes = text
            continue
        objects.extend(doc for doc in yaml.safe_load_all(text) if doc)
    return Rendered(objects, notes)

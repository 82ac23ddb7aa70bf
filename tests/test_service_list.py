"""The list of services lives in ``offkai_services``; every copy that cannot import
it (the Helm chart, the Dockerfile, pyproject.toml, the README, the folders under
services/, each service's settings and spec) must say the same, or this fails."""

from __future__ import annotations

import importlib
import json
import re
import tomllib
from pathlib import Path

import yaml

from offkai_services import SERVICES

ROOT = Path(__file__).resolve().parent.parent
NAMES = {s.name for s in SERVICES}


def test_each_service_has_its_folder_and_package():
    folders = {p.name for p in (ROOT / "services").iterdir() if p.is_dir() and not p.name.startswith((".", "_"))}
    assert folders == NAMES
    for s in SERVICES:
        assert (ROOT / "services" / s.name / s.module / "__main__.py").exists(), s


def test_pyproject_packages_every_service():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    where = set(config["tool"]["setuptools"]["packages"]["find"]["where"])
    assert {w for w in where if w.startswith("services/")} == {f"services/{n}" for n in NAMES}
    first_party = set(config["tool"]["ruff"]["lint"]["isort"]["known-first-party"])
    assert {s.module for s in SERVICES} <= first_party


def test_each_spec_and_settings_agree_with_the_list():
    for s in SERVICES:
        bootstrap = importlib.import_module(f"{s.module}.bootstrap")
        spec = bootstrap.SPEC
        assert spec.name == s.name
        assert spec.migrations == f"{s.module}.migrations"
        assert list(spec.health_services) == list(s.grpc_services)
        assert spec.settings.model_fields["grpc_port"].default == s.default_port


def test_default_ports_are_distinct():
    ports = [s.default_port for s in SERVICES]
    assert len(set(ports)) == len(ports)


def test_the_chart_knows_the_same_services():
    helpers = (ROOT / "deploy/helm/offkai/templates/_helpers.tpl").read_text()
    block = re.search(r'define "offkai.catalog" -}}\n(.*?)\{\{- end }}', helpers, re.S)
    assert block, "_helpers.tpl lost its offkai.catalog block"
    catalog = yaml.safe_load(block.group(1))
    assert set(catalog) == NAMES
    for s in SERVICES:
        assert catalog[s.name]["module"] == s.module
        assert catalog[s.name]["grpcService"] == (s.grpc_services[0] if s.grpc_services else "")
    values = yaml.safe_load((ROOT / "deploy/helm/offkai/values.yaml").read_text())
    schema = json.loads((ROOT / "deploy/helm/offkai/values.schema.json").read_text())
    for name in NAMES:
        assert name in values, f"values.yaml has no block for {name}"
        assert name in schema["properties"], f"values.schema.json has no block for {name}"


def test_the_image_names_every_entry_point():
    dockerfile = (ROOT / "Dockerfile").read_text()
    usage = re.findall(r"python -m ((?:offkai_\w+ ?\| ?)*offkai_\w+)", dockerfile)
    assert len(usage) >= 2, "the Dockerfile's header comment or usage line is gone"
    for line in usage:
        assert {m.strip() for m in line.split("|")} == {s.module for s in SERVICES}, line


def test_the_readme_lists_every_service():
    readme = (ROOT / "README.md").read_text()
    for name in NAMES:
        assert f"`services/{name}/`" in readme, name

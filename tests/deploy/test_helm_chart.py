"""The Helm chart in deploy/helm/offkai, rendered offline and checked as an operator
would want it: valid Kubernetes objects (kubernetes-validate, strict, 1.33 schemas),
hardened pods, native gRPC probes, default-deny NetworkPolicies that still let the
needed traffic through, secrets only by reference, PDB/HPA per service, migrations as
hook Jobs, and values.schema.json rejecting bad input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.deploy.rendering import (
    CHART_DIR,
    KUBERNETES_VERSION,
    NAMESPACE,
    PRODUCTION_VALUES,
    RELEASE,
    REPO,
    Rendered,
    helm,
)
from tests.deploy.rendering import render as render_chart


@pytest.fixture(scope="module")
def chart():
    with helm.Chart.load(CHART_DIR) as loaded:
        yield loaded


@pytest.fixture(scope="module")
def render(chart):
    """render(values) -> Rendered, for release `offkai` in namespace `offkai`."""

    def _render(values: dict[str, Any] | None = None) -> Rendered:
        return render_chart(chart, values)

    return _render


def production_values() -> dict[str, Any]:
    return yaml.safe_load(PRODUCTION_VALUES.read_text())


@pytest.fixture(scope="module")
def default_render(render) -> Rendered:
    return render(None)


@pytest.fixture(scope="module")
def production_render(render) -> Rendered:
    return render(production_values())


UID = 10001

SERVICES = {
    "events": ("offkai_events", "offkai.events.v1.MeetupsService"),
    "members": ("offkai_members", "offkai.members.v1.MembersService"),
    "notify": ("offkai_notify", "offkai.notify.v1.ChannelsService"),
}
SECRET_ENV = {"OFFKAI_DATABASE_URL", "OFFKAI_JWT_SECRET", "OFFKAI_SMTP_PASSWORD", "OFFKAI_NATS_PASSWORD",
              "OFFKAI_NOTIFY_SECRET_KEYS"}
STANDARD_LABELS = {
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/part-of",
    "app.kubernetes.io/managed-by",
    "helm.sh/chart",
}

# Value sets every structural test runs against, beyond the defaults.
SCENARIOS: dict[str, dict[str, Any] | None] = {
    "default": None,
    "production": production_values(),
    "nats-cluster": {"nats": {"replicas": 3}, "stream": {"replicas": 3}},
    "nats-external": {"nats": {"enabled": False, "url": "nats://nats.messaging:4222"}},
    "hs256-and-rs256": {
        "jwt": {"algorithms": ["HS256", "RS256"], "publicKey": {"existingSecret": "idp-key"}},
        "otel": {"endpoint": "http://collector:4317"},
        "nats": {"persistence": {"enabled": False}},
    },
    "workers": {
        "events": {"worker": {"enabled": True, "replicas": 2}, "autoscaling": {"enabled": True}},
        "members": {"worker": {"enabled": True}},
        "notify": {"worker": {"enabled": True}},
    },
}


@pytest.fixture(scope="module", params=sorted(SCENARIOS))
def scenario(request, render) -> Rendered:
    return render(SCENARIOS[request.param])


# --- helpers ---------------------------------------------------------------------


def name(component: str) -> str:
    return f"{RELEASE}-{component}"


def pod_templates(rendered: Rendered) -> Iterator[tuple[dict, dict]]:
    """(workload, pod template) for every object that creates pods (a bare Pod, such
    as a helm test hook, is its own template)."""
    for obj in rendered.objects:
        if obj["kind"] in ("Deployment", "StatefulSet", "Job"):
            yield obj, obj["spec"]["template"]
        elif obj["kind"] == "Pod":
            yield obj, obj


def containers(pod_spec: dict) -> list[dict]:
    return pod_spec.get("initContainers", []) + pod_spec["containers"]


def env_of(container: dict) -> dict[str, dict]:
    names = [e["name"] for e in container.get("env", [])]
    assert len(names) == len(set(names)), f"duplicate env names in {container['name']}: {names}"
    return {e["name"]: e for e in container.get("env", [])}


def selects(selector: dict, labels: dict[str, str]) -> bool:
    """metav1.LabelSelector semantics (an empty selector selects everything)."""
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr["key"], expr["operator"], expr.get("values", [])
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and labels.get(key) in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def policies_for(rendered: Rendered, labels: dict[str, str]) -> list[dict]:
    return [p for p in rendered.of_kind("NetworkPolicy") if selects(p["spec"]["podSelector"], labels)]


def egress_ports(policies: list[dict]) -> set[int | str]:
    return {
        port["port"]
        for policy in policies
        for rule in policy["spec"].get("egress", [])
        for port in rule.get("ports", [])
    }


def render_error(render, values: dict) -> str:
    with pytest.raises(helm.HelmError) as caught:
        render(values)
    return str(caught.value)


# --- the manifests are valid Kubernetes ----------------------------------------


def test_every_manifest_validates_strictly_against_kubernetes_schemas(scenario: Rendered):
    assert scenario.objects
    for obj in scenario.objects:
        where = f"{obj['kind']}/{obj['metadata']['name']}"
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            path = ".".join(str(p) for p in error.path)
            pytest.fail(f"{where} is not a valid {KUBERNETES_VERSION} object: {path}: {error.message}")
        except kubernetes_validate.SchemaNotFoundError as error:
            pytest.fail(f"{where}: {error.message}")


@pytest.mark.parametrize("values", [None, "production"])
def test_helm_lint_finds_no_warnings_or_errors(values):
    report = helm.lint(
        CHART_DIR,
        production_values() if values else None,
        strict=True,
        namespace=NAMESPACE,
        kube_version=f"v{KUBERNETES_VERSION}",
    )
    problems = [m for m in report["messages"] if m["severity"] >= 2]
    assert not problems and not report["errors"], problems or report["errors"]


def test_every_object_carries_the_standard_labels(scenario: Rendered):
    for obj in scenario.objects:
        labels = obj["metadata"].get("labels", {})
        missing = STANDARD_LABELS - labels.keys()
        assert not missing, f"{obj['kind']}/{obj['metadata']['name']} lacks {missing}"
        assert labels["app.kubernetes.io/instance"] == RELEASE
        assert labels["app.kubernetes.io/part-of"] == "offkai"
    for _, template in pod_templates(scenario):
        labels = template["metadata"]["labels"]
        assert STANDARD_LABELS | {"app.kubernetes.io/component"} <= labels.keys()


# --- hardened pods -----------------------------------------------------------------


def test_every_pod_and_container_is_hardened(scenario: Rendered):
    templates = list(pod_templates(scenario))
    assert templates
    for workload, template in templates:
        spec = template["spec"]
        where = f"{workload['kind']}/{workload['metadata']['name']}"
        assert spec["automountServiceAccountToken"] is False, where
        assert spec["enableServiceLinks"] is False, where
        assert spec["serviceAccountName"], where
        pod_sc = spec["securityContext"]
        assert pod_sc["runAsNonRoot"] is True and pod_sc["runAsUser"] == UID, where
        assert pod_sc["seccompProfile"] == {"type": "RuntimeDefault"}, where
        for container in containers(spec):
            sc = container["securityContext"]
            at = f"{where} container {container['name']}"
            assert sc["runAsNonRoot"] is True and sc["runAsUser"] == UID, at
            assert sc["readOnlyRootFilesystem"] is True, at
            assert sc["allowPrivilegeEscalation"] is False, at
            assert sc.get("privileged", False) is False, at
            assert sc["capabilities"] == {"drop": ["ALL"]}, at
            assert sc["seccompProfile"] == {"type": "RuntimeDefault"}, at


def test_service_pods_write_only_to_an_emptydir_tmp(default_render: Rendered):
    for workload, template in pod_templates(default_render):
        if workload["kind"] in ("StatefulSet", "Pod"):
            continue
        spec = template["spec"]
        volumes = {v["name"]: v for v in spec["volumes"]}
        (container,) = spec["containers"]
        mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
        assert mounts == {"/tmp": "tmp"}
        assert "emptyDir" in volumes["tmp"]
        assert env_of(container)["OFFKAI_DATA_DIR"]["value"].startswith("/tmp/")


def test_service_accounts_exist_and_mount_no_token(default_render: Rendered):
    accounts = {sa["metadata"]["name"]: sa for sa in default_render.of_kind("ServiceAccount")}
    assert set(accounts) == {RELEASE, name("migrations")}
    assert all(sa["automountServiceAccountToken"] is False for sa in accounts.values())
    for _workload, template in pod_templates(default_render):
        assert template["spec"]["serviceAccountName"] in accounts


def test_every_container_sets_cpu_and_memory_requests_and_limits(scenario: Rendered):
    for workload, template in pod_templates(scenario):
        for container in containers(template["spec"]):
            resources = container["resources"]
            at = f"{workload['metadata']['name']}/{container['name']}"
            for kind in ("requests", "limits"):
                assert {"cpu", "memory"} <= resources.get(kind, {}).keys(), f"{at} lacks {kind}"


# --- services, probes, shutdown ---------------------------------------------------------


def service_deployment(rendered: Rendered, service: str) -> tuple[dict, dict]:
    deployment = rendered.get("Deployment", name(service))
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return deployment, container


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_service_runs_its_module_with_native_grpc_probes(scenario: Rendered, service: str):
    module, grpc_service = SERVICES[service]
    _, container = service_deployment(scenario, service)
    assert container["command"] == ["python", "-m", module]
    assert container["args"] == ["serve"]
    (port,) = container["ports"]
    assert port["name"] == "grpc" and port["containerPort"] == 50051
    env = env_of(container)
    assert env["OFFKAI_GRPC_HOST"]["value"] == "0.0.0.0"
    assert env["OFFKAI_GRPC_PORT"]["value"] == "50051"
    assert env["OFFKAI_MIGRATE_ON_START"]["value"] == "false"
    assert env["OTEL_SERVICE_NAME"]["value"] == service  # the kit's own default name
    assert env["OTEL_RESOURCE_ATTRIBUTES"]["value"] == (
        "service.namespace=offkai,service.instance.id=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE),"
        "k8s.pod.name=$(POD_NAME),k8s.node.name=$(NODE_NAME)"
    )
    downward = {"POD_NAME": "metadata.name", "POD_NAMESPACE": "metadata.namespace", "NODE_NAME": "spec.nodeName"}
    for var, field in downward.items():
        assert env[var]["valueFrom"] == {"fieldRef": {"fieldPath": field}}, var
    assert env["OFFKAI_INSTANCE_ID"]["value"] == "$(POD_NAME)"
    names = list(env)
    for var in names:
        for used in re.findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", env[var].get("value", "")):
            assert used in names[: names.index(var)], f"$({used}) in {var} expands only if defined earlier"
    assert json.loads(env["OFFKAI_JWT_ALGORITHMS"]["value"])
    expected = {"readinessProbe": grpc_service, "livenessProbe": "", "startupProbe": ""}
    for probe_name, health_service in expected.items():
        probe = container[probe_name]
        assert set(probe) & {"grpc", "httpGet", "tcpSocket", "exec"} == {"grpc"}, probe_name
        assert probe["grpc"] == {"port": 50051, "service": health_service}, probe_name


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_termination_grace_outlasts_prestop_and_app_shutdown_grace(default_render: Rendered, service):
    deployment, container = service_deployment(default_render, service)
    grace = deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    app_grace = float(env_of(container)["OFFKAI_GRPC_SHUTDOWN_GRACE_SECONDS"]["value"])
    pre_stop = int(container["lifecycle"]["preStop"]["exec"]["command"][1])
    assert app_grace == 10
    assert grace > app_grace + pre_stop


def test_too_short_termination_grace_fails_the_render(render):
    message = render_error(render, {"members": {"terminationGracePeriodSeconds": 12}})
    assert "members.terminationGracePeriodSeconds (12) must exceed" in message


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_service_is_clusterip_grpc_and_selects_only_the_service_pods(default_render: Rendered, service):
    svc = default_render.get("Service", name(service))
    assert svc["spec"]["type"] == "ClusterIP"
    (port,) = svc["spec"]["ports"]
    assert port == {"name": "grpc", "port": 50051, "targetPort": "grpc", "protocol": "TCP", "appProtocol": "grpc"}
    selected = [
        w["metadata"]["name"]
        for w, template in pod_templates(default_render)
        if selects({"matchLabels": svc["spec"]["selector"]}, template["metadata"]["labels"])
    ]
    assert selected == [name(service)], "the Service must not route to migration Jobs or other services"


def test_default_topology_spread_over_zones_and_nodes(default_render: Rendered):
    for service in SERVICES:
        deployment, _ = service_deployment(default_render, service)
        pod = deployment["spec"]["template"]
        constraints = pod["spec"]["topologySpreadConstraints"]
        assert {c["topologyKey"] for c in constraints} == {"topology.kubernetes.io/zone", "kubernetes.io/hostname"}
        for constraint in constraints:
            assert selects(constraint["labelSelector"], pod["metadata"]["labels"])


def test_per_service_block_overrides_image_scheduling_and_env(render):
    rendered = render(
        {
            "config": {"extraEnv": [{"name": "OFFKAI_LOG_LEVEL", "value": "WARNING"}]},
            "members": {
                "image": {"repository": "registry.example/offkai", "digest": "sha256:" + "a" * 64},
                "env": [{"name": "OFFKAI_LOG_LEVEL", "value": "DEBUG"}, {"name": "EXTRA", "value": "1"}],
                "nodeSelector": {"pool": "offkai"},
                "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "offkai", "effect": "NoSchedule"}],
                "podAnnotations": {"example.org/team": "community"},
                "topologySpreadConstraints": [
                    {"maxSkew": 2, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "DoNotSchedule",
                     "labelSelector": {"matchLabels": {"app.kubernetes.io/component": "members"}}}
                ],
            },
        }
    )
    members, members_container = service_deployment(rendered, "members")
    _, events_container = service_deployment(rendered, "events")
    pod = members["spec"]["template"]
    assert members_container["image"] == "registry.example/offkai@sha256:" + "a" * 64
    assert events_container["image"] == "ghcr.io/offkai/offkai:0.1.0"
    assert pod["spec"]["nodeSelector"] == {"pool": "offkai"}
    assert pod["spec"]["tolerations"][0]["key"] == "dedicated"
    assert pod["metadata"]["annotations"]["example.org/team"] == "community"
    assert pod["spec"]["topologySpreadConstraints"][0]["maxSkew"] == 2
    # One entry per name (env_of asserts it); the service block wins over extraEnv.
    assert env_of(members_container)["OFFKAI_LOG_LEVEL"]["value"] == "DEBUG"
    assert env_of(members_container)["EXTRA"]["value"] == "1"
    assert env_of(events_container)["OFFKAI_LOG_LEVEL"]["value"] == "WARNING"
    # The migration Job of a service runs with the service's own image and env.
    job = rendered.get("Job", name("members-migrate"))
    (job_container,) = job["spec"]["template"]["spec"]["containers"]
    assert job_container["image"] == members_container["image"]
    assert env_of(job_container)["OFFKAI_LOG_LEVEL"]["value"] == "DEBUG"


# --- secrets -------------------------------------------------------------------------


def test_secrets_are_only_referenced_never_inlined(scenario: Rendered):
    assert not scenario.of_kind("Secret"), "the chart must not carry secret material"
    credentials_in_url = re.compile(r"://[^/\s]*:[^/\s]*@")
    for workload, template in pod_templates(scenario):
        for container in containers(template["spec"]):
            for var in container.get("env", []):
                at = f"{workload['metadata']['name']}/{container['name']} {var['name']}"
                if var["name"] in SECRET_ENV:
                    assert "value" not in var and "secretKeyRef" in var["valueFrom"], at
                assert not credentials_in_url.search(var.get("value", "")), at


@pytest.mark.parametrize(
    ("values", "service", "secret"),
    [
        (None, "events", "offkai-events-database"),
        (None, "notify", "offkai-notify-database"),
        ("production", "members", "offkai-members-db"),
    ],
)
def test_database_url_comes_from_the_service_secret(render, values, service, secret):
    rendered = render(production_values() if values else None)
    for workload in (rendered.get("Deployment", name(service)), rendered.get("Job", name(f"{service}-migrate"))):
        (container,) = workload["spec"]["template"]["spec"]["containers"]
        ref = env_of(container)["OFFKAI_DATABASE_URL"]["valueFrom"]["secretKeyRef"]
        assert ref == {"name": secret, "key": "url"}


def test_notify_alone_gets_smtp_settings_from_its_secret(production_render: Rendered):
    _, notify = service_deployment(production_render, "notify")
    env = env_of(notify)
    for field in ("HOST", "PORT", "USERNAME", "PASSWORD", "FROM"):
        assert env[f"OFFKAI_SMTP_{field}"]["valueFrom"]["secretKeyRef"]["name"] == "offkai-smtp"
    for service in ("events", "members"):
        _, container = service_deployment(production_render, service)
        assert not [n for n in env_of(container) if n.startswith("OFFKAI_SMTP_")]


def test_every_notify_replica_reads_the_same_secret_keys(render):
    for values, secret in ((None, "offkai-notify-keys"), (production_values(), "offkai-notify-keys"),
                           ({"notify": {"secretKeys": {"existingSecret": "keys-v2", "key": "k"}}}, "keys-v2")):
        _, notify = service_deployment(render(values), "notify")
        ref = env_of(notify)["OFFKAI_NOTIFY_SECRET_KEYS"]["valueFrom"]["secretKeyRef"]
        assert ref["name"] == secret and not ref.get("optional", False)


def test_inline_secret_through_env_extras_is_refused(render):
    message = render_error(render, {"events": {"env": [{"name": "OFFKAI_DATABASE_URL", "value": "postgresql+asyncpg://u:p@db/x"}]}})
    assert "OFFKAI_DATABASE_URL must come from a Secret" in message


def test_schema_has_no_place_for_an_inline_database_url(render):
    message = render_error(render, {"events": {"database": {"url": "postgresql+asyncpg://u:p@db/x"}}})
    assert "/events/database" in message and "'url' not allowed" in message


def test_hs256_reads_the_jwt_secret_and_rs256_the_public_key(default_render, production_render):
    _, default_events = service_deployment(default_render, "events")
    assert env_of(default_events)["OFFKAI_JWT_SECRET"]["valueFrom"]["secretKeyRef"] == {"name": "offkai-jwt", "key": "jwt-secret"}
    assert "OFFKAI_JWT_PUBLIC_KEY" not in env_of(default_events)
    _, prod_events = service_deployment(production_render, "events")
    env = env_of(prod_events)
    assert json.loads(env["OFFKAI_JWT_ALGORITHMS"]["value"]) == ["RS256"]
    assert env["OFFKAI_JWT_PUBLIC_KEY"]["valueFrom"]["configMapKeyRef"] == {"name": "offkai-jwt-public-key", "key": "public-key.pem"}
    assert "OFFKAI_JWT_SECRET" not in env


def test_rs256_without_a_public_key_fails_with_a_clear_message(render):
    message = render_error(render, {"jwt": {"algorithms": ["RS256"]}})
    assert "needs a public key" in message and "jwt.publicKey.existingSecret" in message


# --- NetworkPolicies -----------------------------------------------------------------


def test_default_deny_exists_and_every_pod_is_selected(scenario: Rendered):
    denies = [
        p for p in scenario.of_kind("NetworkPolicy")
        if set(p["spec"]["policyTypes"]) == {"Ingress", "Egress"}
        and not p["spec"].get("ingress") and not p["spec"].get("egress")
    ]
    assert len(denies) == 1, "exactly one default-deny policy"
    deny = denies[0]
    for workload, template in pod_templates(scenario):
        labels = template["metadata"]["labels"]
        assert selects(deny["spec"]["podSelector"], labels), f"{workload['metadata']['name']} escapes the default-deny"
        allows = [p for p in policies_for(scenario, labels) if p is not deny]
        assert allows, f"{workload['metadata']['name']} has no allow policy"
        # Every pod can resolve names, nothing else is implied.
        assert 53 in egress_ports(allows)
    # The default-deny is scoped to this release, not the namespace.
    assert deny["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/instance"] == RELEASE


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_service_policy_allows_grpc_in_and_nats_postgres_out(default_render: Rendered, service):
    policy = default_render.get("NetworkPolicy", name(service))
    (rule,) = policy["spec"]["ingress"]
    assert rule["ports"] == [{"protocol": "TCP", "port": "grpc"}]
    assert rule["from"] == [{"podSelector": {}}], "clients in the release's namespace"
    nats_pod = default_render.get("StatefulSet", name("nats"))["spec"]["template"]["metadata"]["labels"]
    to_nats = [r for r in policy["spec"]["egress"] if {"protocol": "TCP", "port": 4222} in r["ports"]]
    assert to_nats and all(selects(peer["podSelector"], nats_pod) for peer in to_nats[0]["to"])
    ports = egress_ports([policy])
    assert 5432 in ports
    assert ({443, 587} <= ports) == (service == "notify"), "only notify reaches SMTP and webhooks"


def test_webhook_egress_skips_private_and_metadata_addresses(default_render: Rendered):
    policy = default_render.get("NetworkPolicy", name("notify"))
    (https,) = [r for r in policy["spec"]["egress"] if r["ports"] == [{"protocol": "TCP", "port": 443}]]
    ipv4 = next(p["ipBlock"] for p in https["to"] if p["ipBlock"]["cidr"] == "0.0.0.0/0")
    assert {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"} <= set(ipv4["except"])


def test_ingress_from_a_configured_namespace(production_render: Rendered):
    policy = production_render.get("NetworkPolicy", name("events"))
    (rule,) = policy["spec"]["ingress"]
    assert {"podSelector": {}} in rule["from"]
    assert {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}} in rule["from"]
    # External NATS and OTLP are reached through the peers the values name.
    egress = policy["spec"]["egress"]
    nats_rule = next(r for r in egress if r["ports"] == [{"protocol": "TCP", "port": 4222}])
    assert nats_rule["to"][0]["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "messaging"}
    assert 4317 in egress_ports([policy])


def test_no_allowed_clients_means_ingress_stays_denied(render):
    rendered = render({"networkPolicy": {"ingress": {"fromSameNamespace": False}}, "tests": {"enabled": False}})
    for service in SERVICES:
        assert rendered.get("NetworkPolicy", name(service))["spec"]["ingress"] == []
    # With helm tests on, a service admits its own test pod and nothing else.
    rendered = render({"networkPolicy": {"ingress": {"fromSameNamespace": False}}})
    for service in SERVICES:
        (rule,) = rendered.get("NetworkPolicy", name(service))["spec"]["ingress"]
        test_pod = rendered.get("Pod", name(f"{service}-test-health"))["metadata"]["labels"]
        assert [selects(peer["podSelector"], test_pod) for peer in rule["from"]] == [True]
        other = rendered.get("Deployment", name("events" if service != "events" else "members"))
        assert not any(selects(peer["podSelector"], other["spec"]["template"]["metadata"]["labels"])
                       for peer in rule["from"])


def test_migration_jobs_may_reach_postgres_only(default_render: Rendered):
    for service in SERVICES:
        job = default_render.get("Job", name(f"{service}-migrate"))
        labels = job["spec"]["template"]["metadata"]["labels"]
        allows = [p for p in policies_for(default_render, labels) if p["spec"].get("egress") or p["spec"].get("ingress")]
        assert {p["metadata"]["name"] for p in allows} == {name("allow-dns"), name("migrations")}
        assert egress_ports(allows) == {53, 5432}


def test_bundled_nats_accepts_only_offkai_services_and_its_peers(default_render: Rendered):
    policy = default_render.get("NetworkPolicy", name("nats"))
    client_rule, route_rule = policy["spec"]["ingress"]
    assert client_rule["ports"] == [{"protocol": "TCP", "port": 4222}]
    for service in SERVICES:
        labels = service_deployment(default_render, service)[0]["spec"]["template"]["metadata"]["labels"]
        assert any(selects(peer["podSelector"], labels) for peer in client_rule["from"])
    job_labels = default_render.get("Job", name("events-migrate"))["spec"]["template"]["metadata"]["labels"]
    assert not any(selects(peer["podSelector"], job_labels) for peer in client_rule["from"])
    assert route_rule["ports"] == [{"protocol": "TCP", "port": 6222}]


def test_network_policies_can_be_turned_off(render):
    rendered = render({"networkPolicy": {"enabled": False}})
    assert not rendered.of_kind("NetworkPolicy")


# --- PDB / HPA -------------------------------------------------------------------------


def test_one_pdb_per_deployment_selecting_its_pods(scenario: Rendered):
    pdbs = scenario.of_kind("PodDisruptionBudget")
    deployments = scenario.of_kind("Deployment")
    assert {name(service) for service in SERVICES} <= {d["metadata"]["name"] for d in deployments}
    for deployment in deployments:
        pdb = scenario.get("PodDisruptionBudget", deployment["metadata"]["name"])
        assert pdb["spec"]["maxUnavailable"] == 1
        assert pdb["spec"]["selector"] == deployment["spec"]["selector"]
        others = [d for d in deployments if d is not deployment]
        assert not any(selects(pdb["spec"]["selector"], d["spec"]["template"]["metadata"]["labels"]) for d in others)
    nats = scenario.of_kind("StatefulSet")
    expected_nats_pdb = bool(nats) and nats[0]["spec"]["replicas"] > 1
    assert len(pdbs) == len(deployments) + expected_nats_pdb


def test_hpa_per_service_when_enabled(production_render: Rendered, default_render: Rendered):
    assert not default_render.of_kind("HorizontalPodAutoscaler")
    for service in SERVICES:
        hpa = production_render.get("HorizontalPodAutoscaler", name(service))
        assert hpa["apiVersion"] == "autoscaling/v2"
        assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name(service)}
        assert hpa["spec"]["minReplicas"] == 3
        deployment, _ = service_deployment(production_render, service)
        assert "replicas" not in deployment["spec"], "the HPA owns the replica count"


def test_replicas_come_from_the_service_block(render):
    rendered = render({"events": {"replicas": 3}})
    assert service_deployment(rendered, "events")[0]["spec"]["replicas"] == 3
    assert service_deployment(rendered, "notify")[0]["spec"]["replicas"] == 1


# --- migrations --------------------------------------------------------------------------


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_migration_hook_job_per_service(default_render: Rendered, service):
    module, _ = SERVICES[service]
    job = default_render.get("Job", name(f"{service}-migrate"))
    annotations = job["metadata"]["annotations"]
    assert annotations["helm.sh/hook"] == "pre-install,pre-upgrade"
    assert annotations["helm.sh/hook-delete-policy"] == "before-hook-creation,hook-succeeded"
    spec = job["spec"]["template"]["spec"]
    assert spec["restartPolicy"] == "Never"
    (container,) = spec["containers"]
    assert container["command"] == ["python", "-m", module] and container["args"] == ["migrate"]
    assert "readinessProbe" not in container and "ports" not in container
    # Hooks run before the release's regular objects exist: the Job's ServiceAccount
    # must be a hook too, created earlier (lower weight).
    account = default_render.get("ServiceAccount", spec["serviceAccountName"])
    account_annotations = account["metadata"]["annotations"]
    assert account_annotations["helm.sh/hook"] == "pre-install,pre-upgrade"
    assert int(account_annotations["helm.sh/hook-weight"]) < int(annotations["helm.sh/hook-weight"])


def test_migrations_can_be_turned_off(render):
    rendered = render({"migrations": {"enabled": False}})
    assert not rendered.of_kind("Job")
    hooks = [o["metadata"]["annotations"]["helm.sh/hook"] for o in rendered.objects
             if "helm.sh/hook" in o["metadata"].get("annotations", {})]
    assert set(hooks) <= {"test"}, "no install or upgrade hooks are left"
    assert "migrate" in rendered.notes


# --- NATS --------------------------------------------------------------------------------


def test_bundled_nats_runs_jetstream_on_file_storage(default_render: Rendered):
    sts = default_render.get("StatefulSet", name("nats"))
    (claim,) = sts["spec"]["volumeClaimTemplates"]
    assert claim["spec"]["resources"]["requests"]["storage"] == "10Gi"
    (container,) = sts["spec"]["template"]["spec"]["containers"]
    assert {m["mountPath"]: m["name"] for m in container["volumeMounts"]}["/data"] == claim["metadata"]["name"]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/healthz?js-enabled-only=true", "port": "monitor"}
    conf = default_render.get("ConfigMap", name("nats"))["data"]["nats.conf"]
    assert re.search(r"jetstream \{[^}]*store_dir: /data", conf)
    assert "sync_interval: always" in conf
    assert "cluster {" not in conf, "a single server has no routes"
    # The services connect to the bundled server's Service.
    assert default_render.get("Service", name("nats"))["spec"]["ports"][0]["port"] == 4222
    for service in SERVICES:
        env = env_of(service_deployment(default_render, service)[1])
        assert env["OFFKAI_NATS_URL"]["value"] == f"nats://{name('nats')}:4222"


def test_nats_cluster_routes_every_peer(render):
    rendered = render({"nats": {"replicas": 3}, "stream": {"replicas": 3}})
    conf = rendered.get("ConfigMap", name("nats"))["data"]["nats.conf"]
    routes = re.findall(r"nats://(offkai-nats-\d)\.offkai-nats-headless\.offkai\.svc:6222", conf)
    assert routes == ["offkai-nats-0", "offkai-nats-1", "offkai-nats-2"]
    assert rendered.get("StatefulSet", name("nats"))["spec"]["podManagementPolicy"] == "Parallel"
    env = env_of(service_deployment(rendered, "events")[1])
    assert env["OFFKAI_STREAM_REPLICAS"]["value"] == "3"


def test_stream_replicas_cannot_exceed_the_bundled_nats(render):
    message = render_error(render, {"stream": {"replicas": 3}})
    assert "stream.replicas (3) cannot exceed nats.replicas (1)" in message


def test_nats_disabled_removes_the_statefulset_and_uses_nats_url(render):
    url = "nats://nats.messaging.svc:4222"
    rendered = render({"nats": {"enabled": False, "url": url}})
    assert not rendered.of_kind("StatefulSet")
    nats_objects = [o for o in rendered.objects if o["metadata"]["labels"].get("app.kubernetes.io/component") == "nats"]
    assert not nats_objects
    for service in SERVICES:
        assert env_of(service_deployment(rendered, service)[1])["OFFKAI_NATS_URL"]["value"] == url
        egress = rendered.get("NetworkPolicy", name(service))["spec"]["egress"]
        assert {"ports": [{"protocol": "TCP", "port": 4222}]} in egress


def test_nats_disabled_without_a_url_is_rejected(render):
    message = render_error(render, {"nats": {"enabled": False}})
    assert "/nats/url" in message


# --- values.schema.json ------------------------------------------------------------------


def test_schema_rejects_a_wrong_type_with_a_clear_error(chart, render):
    bad = {"events": {"replicas": "three"}}
    with pytest.raises(helm.HelmValuesError) as caught:
        render(bad)
    message = str(caught.value)
    assert "at '/events/replicas'" in message and "got string, want integer" in message
    with pytest.raises(helm.HelmValuesError):
        chart.validate_schema(chart.merge_values(bad))


@pytest.mark.parametrize(
    ("values", "where"),
    [
        ({"notify": {"pdb": {"enabled": "yes"}}}, "/notify/pdb/enabled"),
        ({"config": {"logLevel": "LOUD"}}, "/config/logLevel"),
        ({"jwt": {"algorithms": ["none"]}}, "/jwt/algorithms/0"),
        ({"nats": {"replicas": 2}}, "/nats/replicas"),
        ({"members": {"resources": {"limits": None}}}, "/members/resources"),  # null deletes a default
        ({"events": {"replica": 2}}, "/events"),
        ({"grpc": {"port": 70000}}, "/grpc/port"),
        ({"events": {"worker": {"enabled": "yes"}}}, "/events/worker/enabled"),
        ({"members": {"worker": {"enabled": True, "replicas": 0}}}, "/members/worker/replicas"),
        ({"notify": {"worker": {"replica": 2}}}, "/notify/worker"),
        ({"events": {"worker": {"resources": {"requests": {"memory": None}}}}}, "/events/worker/resources/requests"),
        ({"members": {"worker": None}}, "/members"),  # null deletes the block
    ],
)
def test_schema_rejects_bad_values(render, values, where):
    with pytest.raises(helm.HelmValuesError) as caught:
        render(values)
    assert f"at '{where}'" in str(caught.value)


def test_schema_accepts_the_shipped_values(chart):
    chart.validate_schema(chart.values)
    chart.validate_schema(chart.merge_values(production_values()))


# --- NOTES, image, production values ------------------------------------------------------


def test_notes_name_the_secrets_to_create(default_render: Rendered):
    notes = default_render.notes
    for service in SERVICES:
        assert f"offkai-{service}-database" in notes
        assert f"offkai-{service}.{NAMESPACE}.svc:50051" in notes
    assert "offkai-jwt" in notes and "offkai-notify-smtp" in notes and "offkai-notify-keys" in notes


def test_dockerfile_builds_the_image_the_chart_expects():
    dockerfile = (REPO / "Dockerfile").read_text()
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.11-slim$", dockerfile, re.M)
    assert re.search(rf"^USER {UID}:{UID}$", dockerfile, re.M)
    assert "pip install ." in dockerfile
    assert re.search(rf"useradd .*--uid {UID}", dockerfile)
    ignored = (REPO / ".dockerignore").read_text().splitlines()
    assert ignored[ignored.index("*")] == "*" and "!pyproject.toml" in ignored


def test_production_values_are_production_like():
    values = production_values()
    assert values["nats"]["enabled"] is False and values["nats"]["url"].startswith("nats://")
    assert values["jwt"]["algorithms"] == ["RS256"]
    for service in SERVICES:
        assert values[service]["replicas"] == 3
        assert values[service]["autoscaling"]["enabled"] is True
    assert yaml.safe_load((CHART_DIR / "values.yaml").read_text())["nats"]["enabled"] is True


# --- NATS users --------------------------------------------------------------------------

_NATS_USER = re.compile(r"^\s*\{user: (\"[^\"]+\"), password: \$(\w+)(?:, permissions: (\{.*\}))?\}$", re.M)


def bundled_nats_users(rendered: Rendered) -> dict[str, tuple[str, dict | None]]:
    """user -> (the variable its password comes from, its permissions) in nats.conf."""
    conf = rendered.get("ConfigMap", name("nats"))["data"]["nats.conf"]
    return {json.loads(user): (var, json.loads(perms) if perms else None) for user, var, perms in _NATS_USER.findall(conf)}


def test_bundled_nats_gives_each_service_the_kits_permissions(default_render: Rendered):
    from offkai_kit.nats_auth import service_permissions
    from offkai_services import durables

    users = bundled_nats_users(default_render)
    assert set(users) == set(SERVICES), "one user per service, no admin unless asked for"
    sts = default_render.get("StatefulSet", name("nats"))
    (container,) = sts["spec"]["template"]["spec"]["containers"]
    env = env_of(container)
    names = list(env)
    for service, (var, permissions) in users.items():
        assert permissions == service_permissions(service, durables(), "OFFKAI"), service
        # The password from the service's own Secret, quoted for nats.conf.
        raw = env[f"{var}_RAW"]["valueFrom"]["secretKeyRef"]
        assert raw == {"name": name(f"{service}-nats"), "key": "password"}
        assert env[var]["value"] == f'"$({var}_RAW)"'
        assert names.index(f"{var}_RAW") < names.index(var)


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_each_service_connects_as_its_own_nats_user(default_render: Rendered, service):
    _, container = service_deployment(default_render, service)
    env = env_of(container)
    assert env["OFFKAI_NATS_USER"]["value"] == service
    assert env["OFFKAI_NATS_PASSWORD"]["valueFrom"]["secretKeyRef"] == {"name": name(f"{service}-nats"), "key": "password"}
    assert env["OFFKAI_STREAM_NAME"]["value"] == "OFFKAI"
    job = default_render.get("Job", name(f"{service}-migrate"))
    (migrate,) = job["spec"]["template"]["spec"]["containers"]
    assert not {"OFFKAI_NATS_USER", "OFFKAI_NATS_PASSWORD"} & env_of(migrate).keys(), "migrations never use NATS"


def test_external_nats_takes_the_users_from_existing_secrets(production_render: Rendered):
    for service in SERVICES:
        env = env_of(service_deployment(production_render, service)[1])
        assert env["OFFKAI_NATS_USER"]["value"] == f"offkai-{service}"
        ref = env["OFFKAI_NATS_PASSWORD"]["valueFrom"]["secretKeyRef"]
        assert ref == {"name": f"offkai-{service}-nats-user", "key": "password"}
    assert "offkai-events-nats-user" in production_render.notes


def test_nats_auth_off_means_no_users_and_no_credentials(render):
    rendered = render({"nats": {"auth": {"enabled": False}}})
    assert "authorization" not in rendered.get("ConfigMap", name("nats"))["data"]["nats.conf"]
    for service in SERVICES:
        env = env_of(service_deployment(rendered, service)[1])
        assert not {"OFFKAI_NATS_USER", "OFFKAI_NATS_PASSWORD"} & env.keys()
    (container,) = rendered.get("StatefulSet", name("nats"))["spec"]["template"]["spec"]["containers"]
    assert not [n for n in env_of(container) if n.startswith("NATS_PASSWORD_")]


def test_an_admin_user_only_when_its_secret_is_named(render):
    rendered = render({"nats": {"auth": {"admin": {"existingSecret": "nats-admin", "key": "pw"}}},
                       "stream": {"name": "MEETUPS"}})
    users = bundled_nats_users(rendered)
    var, permissions = users["admin"]
    assert permissions is None, "the admin user is unrestricted"
    (container,) = rendered.get("StatefulSet", name("nats"))["spec"]["template"]["spec"]["containers"]
    assert env_of(container)[f"{var}_RAW"]["valueFrom"]["secretKeyRef"] == {"name": "nats-admin", "key": "pw"}
    # The stream's name reaches the services and their permissions.
    assert "$JS.API.STREAM.INFO.MEETUPS" in users["events"][1]["publish"]["allow"]
    assert env_of(service_deployment(rendered, "events")[1])["OFFKAI_STREAM_NAME"]["value"] == "MEETUPS"


def test_an_inline_nats_password_is_refused(render):
    message = render_error(render, {"notify": {"env": [{"name": "OFFKAI_NATS_PASSWORD", "value": "hunter2"}]}})
    assert "OFFKAI_NATS_PASSWORD must come from a Secret" in message


# --- rollouts and helm test ---------------------------------------------------------------


def config_checksums(rendered: Rendered) -> dict[str, str]:
    return {s: service_deployment(rendered, s)[0]["spec"]["template"]["metadata"]["annotations"]["checksum/config"]
            for s in SERVICES}


def test_a_config_change_changes_the_pods_checksum(render, default_render):
    before = config_checksums(default_render)
    assert all(re.fullmatch(r"[0-9a-f]{64}", c) for c in before.values())
    assert config_checksums(render(None)) == before, "the same values give the same checksum"
    louder = config_checksums(render({"config": {"logLevel": "DEBUG"}}))
    assert all(louder[s] != before[s] for s in SERVICES), "a shared setting rolls every service"
    own = config_checksums(render({"members": {"env": [{"name": "EXTRA", "value": "1"}]}}))
    assert own["members"] != before["members"]
    assert {s: own[s] for s in ("events", "notify")} == {s: before[s] for s in ("events", "notify")}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_helm_test_checks_each_services_health_through_its_service(default_render: Rendered, service):
    module, grpc_service = SERVICES[service]
    pod = default_render.get("Pod", name(f"{service}-test-health"))
    assert pod["metadata"]["annotations"]["helm.sh/hook"] == "test"
    assert pod["spec"]["restartPolicy"] == "Never"
    (container,) = pod["spec"]["containers"]
    _, served = service_deployment(default_render, service)
    assert container["image"] == served["image"]
    assert container["command"] == ["python", "-m", "offkai_kit.healthcheck"]
    svc = default_render.get("Service", name(service))
    assert container["args"][0] == f"{name(service)}:{svc['spec']['ports'][0]['port']}"
    assert f"--service={served['readinessProbe']['grpc']['service']}" in container["args"]
    assert served["readinessProbe"]["grpc"]["service"] == grpc_service
    # The default-deny lets the test pod reach the service's gRPC port.
    labels = pod["metadata"]["labels"]
    egress = [rule for p in policies_for(default_render, labels) for rule in p["spec"].get("egress", [])]
    service_pod = service_deployment(default_render, service)[0]["spec"]["template"]["metadata"]["labels"]
    assert any({"protocol": "TCP", "port": 50051} in rule["ports"]
               and any(selects(peer["podSelector"], service_pod) for peer in rule.get("to", []))
               for rule in egress)


def test_helm_tests_can_be_turned_off(render):
    rendered = render({"tests": {"enabled": False}})
    assert not rendered.of_kind("Pod")
    assert not [p for p in rendered.of_kind("NetworkPolicy") if p["metadata"]["name"] == name("tests")]


def test_reflection_and_rate_limits_reach_every_service(default_render, production_render):
    for service in SERVICES:
        default = env_of(service_deployment(default_render, service)[1])
        production = env_of(service_deployment(production_render, service)[1])
        assert default["OFFKAI_GRPC_REFLECTION"]["value"] == "true"
        assert production["OFFKAI_GRPC_REFLECTION"]["value"] == "false", "off in production"
        limits = (production["OFFKAI_RATE_LIMIT_PER_MINUTE"]["value"], production["OFFKAI_RATE_LIMIT_BURST"]["value"])
        assert limits == ("300", "30")


# --- a service split into an API and a worker (OFFKAI_ROLE) ----------------------------

WORKERS = {
    "events": {"worker": {"enabled": True, "replicas": 2,
                          "resources": {"requests": {"cpu": "300m", "memory": "256Mi"},
                                        "limits": {"cpu": "2", "memory": "768Mi"}}},
               "autoscaling": {"enabled": True}},
}


@pytest.fixture(scope="module")
def split_render(render) -> Rendered:
    return render(WORKERS)


def pod_labels(workload: dict) -> dict[str, str]:
    return workload["spec"]["template"]["metadata"]["labels"]


def test_by_default_each_service_is_one_process_with_every_role(default_render: Rendered):
    assert {d["metadata"]["name"] for d in default_render.of_kind("Deployment")} == {name(s) for s in SERVICES}
    assert not [o for o in default_render.objects if "worker" in o["metadata"]["name"]]
    for workload, template in pod_templates(default_render):
        for container in containers(template["spec"]):
            assert "OFFKAI_ROLE" not in env_of(container), f"{workload['metadata']['name']} runs as 'all'"
    assert "split" not in default_render.notes


def test_a_worker_runs_the_services_pod_with_the_worker_role(split_render: Rendered, default_render: Rendered):
    api, api_container = service_deployment(split_render, "events")
    worker = split_render.get("Deployment", name("events-worker"))
    (worker_container,) = worker["spec"]["template"]["spec"]["containers"]
    api_env, worker_env = env_of(api_container), env_of(worker_container)
    assert api_env.pop("OFFKAI_ROLE") == {"name": "OFFKAI_ROLE", "value": "api"}
    assert worker_env.pop("OFFKAI_ROLE") == {"name": "OFFKAI_ROLE", "value": "worker"}
    # Same process otherwise: image, command, env (Secrets, database, NATS user), probes.
    assert worker_env == api_env == env_of(service_deployment(default_render, "events")[1])
    assert worker_env["OFFKAI_MIGRATE_ON_START"]["value"] == "false", "the migration Job migrates"
    for key in ("image", "command", "args", "ports", "startupProbe", "readinessProbe", "livenessProbe",
                "securityContext"):
        assert worker_container[key] == api_container[key], key
    assert worker_container["resources"] == WORKERS["events"]["worker"]["resources"]
    assert api_container["resources"] == service_deployment(default_render, "events")[1]["resources"]
    assert worker["spec"]["replicas"] == 2
    assert "replicas" not in api["spec"], "the HPA owns the API's replica count"
    # Their own pods: a component label of their own, spread among themselves.
    assert pod_labels(worker)["app.kubernetes.io/component"] == "events-worker"
    assert not selects(api["spec"]["selector"], pod_labels(worker))
    assert not selects(worker["spec"]["selector"], pod_labels(api))
    for constraint in worker["spec"]["template"]["spec"]["topologySpreadConstraints"]:
        assert constraint["labelSelector"] == worker["spec"]["selector"]
    annotations = [d["spec"]["template"]["metadata"]["annotations"]["checksum/config"] for d in (api, worker)]
    assert annotations[0] != annotations[1]
    # Only the service with a worker is split.
    for service in ("members", "notify"):
        assert "OFFKAI_ROLE" not in env_of(service_deployment(split_render, service)[1])
    assert len(split_render.of_kind("Deployment")) == len(SERVICES) + 1
    # One migration Job per service still, with no role.
    job = split_render.get("Job", name("events-migrate"))
    (migrate,) = job["spec"]["template"]["spec"]["containers"]
    assert "OFFKAI_ROLE" not in env_of(migrate)


def test_the_service_and_the_hpa_stay_on_the_api(split_render: Rendered):
    api, _ = service_deployment(split_render, "events")
    worker = split_render.get("Deployment", name("events-worker"))
    svc = split_render.get("Service", name("events"))
    assert selects({"matchLabels": svc["spec"]["selector"]}, pod_labels(api))
    assert not selects({"matchLabels": svc["spec"]["selector"]}, pod_labels(worker))
    assert not [s for s in split_render.of_kind("Service")
                if selects({"matchLabels": s["spec"]["selector"]}, pod_labels(worker))], "no Service before a worker"
    (hpa,) = split_render.of_kind("HorizontalPodAutoscaler")
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name("events")}
    assert split_render.get("PodDisruptionBudget", name("events-worker"))["spec"]["selector"] == worker["spec"]["selector"]


def test_a_worker_reaches_nats_and_postgres_and_answers_grpc_like_its_service(render):
    rendered = render({"notify": {"worker": {"enabled": True}}})
    for service in ("events", "members", "notify"):
        policy = rendered.get("NetworkPolicy", name(service))
        assert policy["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/component"] == service
    worker = pod_labels(rendered.get("Deployment", name("notify-worker")))
    (own,) = [p for p in policies_for(rendered, worker) if p["spec"]["podSelector"]["matchLabels"].get(
        "app.kubernetes.io/component")]
    assert own["metadata"]["name"] == name("notify-worker")
    service_policy = rendered.get("NetworkPolicy", name("notify"))
    assert own["spec"]["egress"] == service_policy["spec"]["egress"], "NATS, PostgreSQL, SMTP and webhooks"
    assert own["spec"]["ingress"] == service_policy["spec"]["ingress"], "health and OperationsService"
    nats = rendered.get("NetworkPolicy", name("nats"))
    client_rule = nats["spec"]["ingress"][0]
    assert any(selects(peer["podSelector"], worker) for peer in client_rule["from"])
    # With only the helm test pods admitted, the worker admits none: they ask the Service.
    rendered = render({"notify": {"worker": {"enabled": True}}, "networkPolicy": {"ingress": {"fromSameNamespace": False}}})
    assert rendered.get("NetworkPolicy", name("notify-worker"))["spec"]["ingress"] == []
    assert rendered.get("NetworkPolicy", name("notify"))["spec"]["ingress"]


def test_the_notes_send_operations_calls_to_the_worker(split_render: Rendered):
    assert f"port-forward deployment/{name('events-worker')} 50051" in split_render.notes
    assert name("members-worker") not in split_render.notes


@pytest.mark.parametrize("where", ["service", "extraEnv"])
def test_offkai_role_is_the_charts_to_set(render, where):
    role = [{"name": "OFFKAI_ROLE", "value": "worker"}]
    values = {"events": {"env": role}} if where == "service" else {"config": {"extraEnv": role}}
    message = render_error(render, values)
    assert "OFFKAI_ROLE is the chart's to set" in message and "<service>.worker.enabled" in message

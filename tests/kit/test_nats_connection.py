"""How a service connects to NATS: its own user and password, TLS with a private CA
and client certificates, against a real nats-server; settings that cannot work stop
start-up naming the variables and never echo the password."""

from __future__ import annotations

import datetime
import ipaddress
import json
import socket

import nats
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from offkai_kit.config import ConfigError, ServiceSettings, load_settings
from offkai_kit.nats_auth import server_config, wake_subject
from offkai_kit.nats_server import NatsServer
from offkai_kit.ports import free_port
from offkai_kit.stream import connect, ensure_stream, redact_url, tls_context
from offkai_kit.testing.polling import eventually

SECRET = "s3cret-password-never-shown"


def test_user_and_password_come_together(monkeypatch):
    monkeypatch.setenv("OFFKAI_NATS_PASSWORD", SECRET)
    with pytest.raises(ConfigError) as failed:
        load_settings(ServiceSettings)
    message = str(failed.value)
    assert "OFFKAI_NATS_USER" in message and "OFFKAI_NATS_PASSWORD" in message
    assert SECRET not in message


def test_a_client_certificate_needs_its_key(monkeypatch, tmp_path):
    monkeypatch.setenv("OFFKAI_NATS_TLS_CERT", str(tmp_path / "client.pem"))
    with pytest.raises(ConfigError, match="OFFKAI_NATS_TLS_KEY"):
        load_settings(ServiceSettings)


def test_an_unreadable_ca_names_its_variable(tmp_path):
    settings = load_settings(ServiceSettings, nats_tls_ca=tmp_path / "missing.pem")
    with pytest.raises(ConfigError, match="OFFKAI_NATS_TLS_CA"):
        tls_context(settings)


def test_urls_in_logs_hide_their_credentials():
    assert redact_url("nats://events:pw@nats-1:4222, tls://nats-2:4222") == "nats://***@nats-1:4222,tls://nats-2:4222"


async def test_a_service_connects_as_its_own_user(tmp_path):
    config = tmp_path / "nats.conf"
    config.write_text(server_config({"events": SECRET}, {"events": ()}))
    with NatsServer(tmp_path / "js", log_file=tmp_path / "nats.log", config=config) as server:
        settings = load_settings(ServiceSettings, service_name="events", nats_url=server.url,
                                 nats_user="events", nats_password=SECRET)
        nc = await connect(settings, "offkai-events")
        try:
            await ensure_stream(nc.jetstream(), settings)
            ack = await nc.jetstream().publish("offkai.events.meetup.Probe", b"1", stream="OFFKAI")
            assert ack.seq == 1
        finally:
            await nc.close()
        with pytest.raises((nats.errors.NoServersError, nats.errors.Error, OSError)):
            await nats.connect(server.url, allow_reconnect=False, connect_timeout=2)


async def test_a_service_wakes_its_own_relay_and_no_other(tmp_path):
    """An API process wakes its worker's relay (OFFKAI_ROLE) on a plain subject its
    user may publish and subscribe to; another service's is refused."""
    config = tmp_path / "nats.conf"
    config.write_text(server_config({"events": SECRET, "members": SECRET}, {"events": (), "members": ()}))
    with NatsServer(tmp_path / "js", log_file=tmp_path / "nats.log", config=config) as server:
        refusals: list[Exception] = []

        async def refused(exc: Exception) -> None:
            refusals.append(exc)

        nc = await nats.connect(server.url, user="events", password=SECRET, error_cb=refused,
                                inbox_prefix=b"_INBOX.events")
        try:
            own = await nc.subscribe(wake_subject("events"))
            await nc.publish(wake_subject("events"))
            assert (await own.next_msg(timeout=5)).subject == "offkai_wake.events"
            await nc.subscribe(wake_subject("members"))
            await nc.publish(wake_subject("members"))
            await nc.flush()
            found = await eventually(lambda: _listed(refusals), what="permission violations")
            assert any("offkai_wake.members" in str(e) for e in found), found
        finally:
            await nc.close()


async def _listed(items: list) -> list:
    return list(items) if len(items) >= 2 else []


async def test_tls_with_a_private_ca_and_client_certificates(tmp_path):
    ca_key, ca = _ca()
    files = {
        "ca.pem": _pem(ca),
        **_leaf("server", ca_key, ca, tmp_path),
        **_leaf("client", ca_key, ca, tmp_path),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    config = tmp_path / "nats.conf"
    config.write_text(json.dumps({"tls": {
        "cert_file": str(tmp_path / "server.pem"), "key_file": str(tmp_path / "server.key"),
        "ca_file": str(tmp_path / "ca.pem"), "verify": True,
    }}))
    with NatsServer(tmp_path / "js", log_file=tmp_path / "nats.log", config=config) as server:
        url = f"tls://127.0.0.1:{server.port}"
        settings = load_settings(
            ServiceSettings, service_name="events", nats_url=url, nats_tls_ca=tmp_path / "ca.pem",
            nats_tls_cert=tmp_path / "client.pem", nats_tls_key=tmp_path / "client.key",
        )
        nc = await connect(settings, "offkai-events")
        try:
            assert nc.is_connected
            await ensure_stream(nc.jetstream(), settings)
        finally:
            await nc.close()
        # Without a client certificate the server's `verify` turns the client away.
        without_cert = load_settings(ServiceSettings, nats_url=url, nats_tls_ca=tmp_path / "ca.pem")
        with pytest.raises((nats.errors.NoServersError, nats.errors.Error, OSError)):
            await nats.connect(url, tls=tls_context(without_cert), allow_reconnect=False, connect_timeout=2)


# --- a throwaway PKI -------------------------------------------------------------------


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _ca():
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(_name("offkai test CA")).issuer_name(_name("offkai test CA"))
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                     content_commitment=False, key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _leaf(name: str, ca_key, ca, tmp_path) -> dict[str, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    usage = x509.oid.ExtendedKeyUsageOID.SERVER_AUTH if name == "server" else x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH
    cert = (
        x509.CertificateBuilder().subject_name(_name(name)).issuer_name(ca.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                    x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return {f"{name}.pem": _pem(cert), f"{name}.key": key_pem}


def _pem(cert) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


@pytest.mark.parametrize("taken", ["port", "monitor_port"])
async def test_a_picked_port_taken_before_the_server_binds_it_is_picked_again(tmp_path, taken):
    """Another process may bind a free port between its picking and the server's
    bind (seen in CI); the server then starts on new ports instead of failing."""
    server = NatsServer(tmp_path / "js", log_file=tmp_path / "nats.log")
    squatted = getattr(server, taken)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", squatted))
        squatter.listen()
        with server:
            assert getattr(server, taken) != squatted
            nc = await nats.connect(server.url, allow_reconnect=False, connect_timeout=5)
            assert nc.is_connected
            await nc.close()


async def test_a_port_given_is_not_moved(tmp_path):
    port = free_port()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        with pytest.raises(RuntimeError, match=f"port {port} is in use"):
            NatsServer(tmp_path / "js", port=port).start()

"""Notify service settings: the kit's OFFKAI_* variables, notify's own
(``OFFKAI_NOTIFY_*``: where mail goes, the web app's links, the secrets of
codes and unsubscribe links, how the sender paces itself)."""

from pydantic import Field, SecretStr

from offkai_kit.config import ServiceSettings
from offkai_notify.adapters.smtp import SmtpSecurity
from offkai_services import service


class NotifySettings(ServiceSettings):
    grpc_port: int = Field(service("notify").default_port, ge=0, le=65535)
    # OFFKAI_SCHEDULER_TICK_SECONDS: how often the scheduler looks for due
    # reminders and digests.
    scheduler_tick_seconds: float = Field(1.0, gt=0, le=60)

    @property
    def resolved_smtp_security(self) -> SmtpSecurity:
        if self.smtp_security is not None:
            return self.smtp_security
        return SmtpSecurity.TLS if self.smtp_port == 465 else SmtpSecurity.STARTTLS

    # The SMTP relay every email goes through (OFFKAI_SMTP_*; the chart reads
    # them from a Secret). Security: "tls" (implicit, port 465), "starttls",
    # "none" (a local relay); empty picks tls on 465 and starttls elsewhere.
    smtp_host: str = "localhost"
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_security: SmtpSecurity | None = None
    smtp_username: str = ""
    smtp_password: SecretStr | None = None
    smtp_from: str = "offkai <noreply@offkai.invalid>"
    smtp_timeout_seconds: float = Field(30.0, gt=0)
    # Logged-in connections to the relay kept for reuse, and how long one may sit idle.
    smtp_pool_size: int = Field(16, ge=0, le=1000)
    smtp_idle_seconds: float = Field(30.0, gt=0, le=300)
    # The right-hand side of every Message-ID: <delivery id@domain>.
    notify_message_id_domain: str = Field("offkai.invalid", pattern=r"^[A-Za-z0-9._-]{1,128}$")

    # The web app: meetup pages, the preferences page, the unsubscribe page,
    # emailed invitations' claim links (<app url>/invitations/<invitation_id>).
    notify_app_url: str = "http://localhost:8080"
    # Keys of the verification codes' hashes and the unsubscribe links'
    # signatures. Comma-separated; the first signs, any verifies (rotation).
    # Unset: a key made at start (codes and links die with the process: the
    # local stack and tests only).
    notify_secret_keys: SecretStr | None = None
    # The local stack: webhooks to http and private hosts (its own receiver).
    notify_local_destinations: bool = False

    # The sender: deliveries claimed per round, how long a claim holds,
    # how often it looks for due ones when not woken.
    notify_sender_batch_size: int = Field(200, ge=1, le=2000)
    notify_sender_claim_seconds: float = Field(300.0, gt=0)
    notify_sender_poll_seconds: float = Field(1.0, gt=0)
    # Sends in flight per replica, and per destination host (the SMTP relay
    # counts as one host): concurrency and a token-bucket rate.
    notify_sender_concurrency: int = Field(64, ge=1)
    notify_host_concurrency: int = Field(8, ge=1)
    notify_host_rate_per_second: float = Field(50.0, gt=0)
    notify_host_burst: int = Field(50, ge=1)
    # Retries: attempts in all, first and longest wait.
    notify_max_attempts: int = Field(8, ge=1, le=50)
    notify_retry_base_seconds: float = Field(30.0, gt=0)
    notify_retry_max_seconds: float = Field(7200.0, gt=0)
    # Webhook request timeout.
    notify_webhook_timeout_seconds: float = Field(10.0, gt=0)

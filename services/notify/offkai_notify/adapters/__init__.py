"""notify's transports: SMTP, a signed generic JSON webhook, Slack and Discord
webhooks, and Apprise for the other chat services.

Each is an async class with one ``send(...)`` that never raises for a failed
delivery: it returns an ``offkai_notify.domain.retry.Outcome`` the retry
policy classifies. Destinations are secrets: logs and outcomes carry masked
URLs and short codes only, never an address, a token or a server's reply
text. A shared ``HostLimiter`` bounds concurrency and rate per destination
host, so one slow or throttling host does not hold up the others.
"""

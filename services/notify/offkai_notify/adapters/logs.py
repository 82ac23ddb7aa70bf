"""Keeping destinations out of the logs.

The libraries under the transports log the URLs they talk to: httpx every
request at INFO, urllib3 (under Apprise) every connection and retry, Apprise
its plugins' URLs — tokens included — at DEBUG. A webhook or Apprise URL is a
secret, so those loggers are cut off from the application's handlers; the
transports log the masked destination and the outcome themselves.
"""

from __future__ import annotations

import logging

LIBRARY_LOGGERS = ("httpx", "httpcore", "urllib3", "requests", "apprise")


def keep_destinations_out_of_logs() -> None:
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        logger.propagate = False
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())

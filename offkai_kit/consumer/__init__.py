"""Feeding projections from the stream: ``messages`` (what a projection sees and the
``Projection`` shape), ``runner`` (the NATS pull loop and batch transactions) and
``tracking`` (positions, failures, checkpoints and dead letters in the database)."""

from offkai_kit.consumer.messages import ConsumedEvent, Projection, parse
from offkai_kit.consumer.runner import ProjectionRunner
from offkai_kit.consumer.tracking import ConcurrentApply, Tracking, VersionGap

__all__ = ["ConcurrentApply", "ConsumedEvent", "Projection", "ProjectionRunner", "Tracking", "VersionGap", "parse"]

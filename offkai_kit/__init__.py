"""offkai's shared kit: event store, outbox relay, consumer runner, gRPC bootstrap,
config, telemetry and test fixtures. No domain code lives here."""

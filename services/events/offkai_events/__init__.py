"""offkai events service: meetups, participation frames, RSVPs, seat
confirmation, check-in and iCalendar export.

``domain`` is pure (no grpc, nats or sqlalchemy); ``entrypoints`` serve the
gRPC API; ``projections`` are the read models fed from the stream;
``scheduling`` issues the timed steps; ``bootstrap`` composes them.
"""

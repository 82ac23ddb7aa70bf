"""offkai events service: meetups, participation frames, RSVPs, seat
confirmation, check-in and iCalendar export.

``domain`` is pure (no grpc, nats or sqlalchemy); ``ics`` turns meetup states
into .ics bytes.
"""

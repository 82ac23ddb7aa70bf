"""The events service's entrypoints: the ``offkai.events.v1.MeetupsService``
gRPC servicer (``grpc``), split by job — ``requests`` turns API requests into
domain commands, ``mutations`` runs them through the kit's CommandRunner,
``meetup_reads`` answers reads of one meetup (from its stream) and
``listings`` reads across meetups (found through the catalog); ``views`` turns
states into API messages and ``ics`` into iCalendar files.
"""

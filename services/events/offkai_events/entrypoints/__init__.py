"""The events service's entrypoints: the ``offkai.events.v1.MeetupsService``
gRPC servicer (``grpc``), split by job — ``requests`` turns API requests into
domain commands, ``mutations`` runs them through the kit's CommandRunner,
``queries`` and ``listings`` answer reads (one meetup from its stream; many via
the catalog), ``views`` turns states into API messages, ``paging`` makes page
tokens.
"""

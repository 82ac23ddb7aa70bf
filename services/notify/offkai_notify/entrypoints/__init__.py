"""notify's gRPC API: ChannelsService, PreferencesService and
DeliveriesService (``grpc``), each handing its requests to the module that
does the job (``channels``, ``preferences``, ``deliveries``); and
BroadcastsService (``broadcasts``), organizers' messages to a segment of
their meetup."""

"""offkai.notify.v1 ChannelsService, PreferencesService and DeliveriesService:
each RPC hands its request to the module that does that job. Errors are
raised as offkai_kit.errors exceptions; the kit's interceptor turns them into
gRPC statuses with details."""

from __future__ import annotations

from offkai.notify.v1 import channels_pb2 as ch
from offkai.notify.v1 import channels_pb2_grpc, deliveries_pb2_grpc, preferences_pb2_grpc
from offkai.notify.v1 import deliveries_pb2 as de
from offkai.notify.v1 import preferences_pb2 as pr
from offkai_notify.entrypoints.channels import Channels
from offkai_notify.entrypoints.deliveries import Deliveries
from offkai_notify.entrypoints.preferences import Preferences

# Needs no bearer token: the signed token in the request authorises it.
UNSUBSCRIBE_WITH_TOKEN = "/offkai.notify.v1.PreferencesService/UnsubscribeWithToken"


class ChannelsServicer(channels_pb2_grpc.ChannelsServiceServicer):
    def __init__(self, channels: Channels):
        self.channels = channels

    async def RegisterChannel(self, request: ch.RegisterChannelRequest, context) -> ch.RegisterChannelResponse:
        return await self.channels.register(request)

    async def VerifyChannel(self, request: ch.VerifyChannelRequest, context) -> ch.VerifyChannelResponse:
        return await self.channels.verify(request)

    async def ResendVerificationCode(
        self, request: ch.ResendVerificationCodeRequest, context
    ) -> ch.ResendVerificationCodeResponse:
        return await self.channels.resend(request)

    async def ListChannels(self, request: ch.ListChannelsRequest, context) -> ch.ListChannelsResponse:
        return await self.channels.list(request)

    async def RemoveChannel(self, request: ch.RemoveChannelRequest, context) -> ch.RemoveChannelResponse:
        return await self.channels.remove(request)


class PreferencesServicer(preferences_pb2_grpc.PreferencesServiceServicer):
    def __init__(self, preferences: Preferences):
        self.preferences = preferences

    async def GetPreferences(self, request: pr.GetPreferencesRequest, context) -> pr.GetPreferencesResponse:
        return await self.preferences.get(request)

    async def SetCategoryPreferences(
        self, request: pr.SetCategoryPreferencesRequest, context
    ) -> pr.SetCategoryPreferencesResponse:
        return await self.preferences.set_categories(request)

    async def SetQuietHours(self, request: pr.SetQuietHoursRequest, context) -> pr.SetQuietHoursResponse:
        return await self.preferences.set_quiet_hours(request)

    async def SetLocale(self, request: pr.SetLocaleRequest, context) -> pr.SetLocaleResponse:
        return await self.preferences.set_locale(request)

    async def SetNearMe(self, request: pr.SetNearMeRequest, context) -> pr.SetNearMeResponse:
        return await self.preferences.set_near_me(request)

    async def UnsubscribeWithToken(
        self, request: pr.UnsubscribeWithTokenRequest, context
    ) -> pr.UnsubscribeWithTokenResponse:
        return await self.preferences.unsubscribe(request)


class DeliveriesServicer(deliveries_pb2_grpc.DeliveriesServiceServicer):
    def __init__(self, deliveries: Deliveries):
        self.deliveries = deliveries

    async def GetDelivery(self, request: de.GetDeliveryRequest, context) -> de.GetDeliveryResponse:
        return await self.deliveries.get(request)

    async def ListDeliveries(self, request: de.ListDeliveriesRequest, context) -> de.ListDeliveriesResponse:
        return await self.deliveries.list(request)

    async def GetDeliveryCounts(self, request: de.GetDeliveryCountsRequest, context) -> de.GetDeliveryCountsResponse:
        return await self.deliveries.counts(request)

    async def ListDeadLetters(self, request: de.ListDeadLettersRequest, context) -> de.ListDeadLettersResponse:
        return await self.deliveries.dead_letters(request)

    async def ReplayDeadLetters(self, request: de.ReplayDeadLettersRequest, context) -> de.ReplayDeadLettersResponse:
        return await self.deliveries.replay(request)

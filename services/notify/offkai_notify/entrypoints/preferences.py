"""PreferencesService: categories per channel, quiet hours, locale, near
me, and unsubscribing from an email's link.

UnsubscribeWithToken takes calls without a login (the service names it
public): the signed token is the authority. The handler reads it and runs
the command as the member it names, so the call is idempotent per member
like any other. An invitation email's token names no member but the hash of
an address: the hash goes into ``invitation_opt_outs`` (idempotent by
nature: once in, it stays), and no further invitation email goes there.
"""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from offkai.notify.v1 import preferences_pb2 as pb
from offkai_kit import validation
from offkai_kit.clock import Clock
from offkai_kit.context import RequestContext, bind, current, current_principal, reset
from offkai_kit.db import Database
from offkai_kit.errors import PermissionDenied, Violations
from offkai_kit.principal import Principal
from offkai_notify.delivery.tables import invitation_opt_outs
from offkai_notify.domain import commands as c
from offkai_notify.domain.convert import enum_from_pb, enum_to_pb
from offkai_notify.domain.guards import MEMBER, is_privileged
from offkai_notify.domain.masking import mask_address
from offkai_notify.domain.model import Category
from offkai_notify.entrypoints import requests as r
from offkai_notify.entrypoints.subscribers import Subscribers
from offkai_notify.entrypoints.views import preferences_message
from offkai_notify.projections.recipients import recipient
from offkai_notify.render import DEFAULT_TIMEZONE
from offkai_notify.unsubscribe import InvitationOptOut, UnsubscribeTokenError, read_token


class Preferences:
    def __init__(self, subscribers: Subscribers, db: Database, keys: tuple[bytes, ...], clock: Clock):
        self.subscribers = subscribers
        self.db = db
        self.keys = keys
        self.clock = clock

    def _respond(self, response_type, member_id: str):
        return lambda s: response_type(preferences=preferences_message(member_id, s))

    async def get(self, request: pb.GetPreferencesRequest) -> pb.GetPreferencesResponse:
        actor = current_principal()
        member_id = r.member_of(request.member_id, actor)
        if member_id != actor.member_id and not is_privileged(actor):
            raise PermissionDenied("a member may read only their own preferences")
        state = await self.subscribers.state(member_id)
        return pb.GetPreferencesResponse(preferences=preferences_message(member_id, state))

    async def set_categories(self, request: pb.SetCategoryPreferencesRequest) -> pb.SetCategoryPreferencesResponse:
        actor = current_principal()
        member_id = r.member_of(request.member_id, actor)
        changes = tuple(c.PreferenceChange(enum_from_pb(Category, ch.category), ch.channel_id, ch.enabled)
                        for ch in request.changes)
        command = c.SetCategoryPreferences(actor=actor, member_id=member_id, changes=changes)
        return await self.subscribers.run("SetCategoryPreferences", request, member_id, command,
                                          self._respond(pb.SetCategoryPreferencesResponse, member_id))

    async def set_quiet_hours(self, request: pb.SetQuietHoursRequest) -> pb.SetQuietHoursResponse:
        actor = current_principal()
        member_id = r.member_of(request.member_id, actor)
        if request.HasField("quiet_hours"):
            q = request.quiet_hours
            zone = q.timezone or await self._profile_zone(member_id)
            command = c.SetQuietHours(actor=actor, member_id=member_id, start=q.start, end=q.end, timezone=zone)
        else:
            command = c.SetQuietHours(actor=actor, member_id=member_id, start=None)
        return await self.subscribers.run("SetQuietHours", request, member_id, command,
                                          self._respond(pb.SetQuietHoursResponse, member_id))

    async def _profile_zone(self, member_id: str) -> str:
        profile = await recipient(self.db, member_id)
        return profile.timezone if profile is not None and profile.timezone else DEFAULT_TIMEZONE

    async def set_locale(self, request: pb.SetLocaleRequest) -> pb.SetLocaleResponse:
        actor = current_principal()
        member_id = r.member_of(request.member_id, actor)
        command = c.SetLocale(actor=actor, member_id=member_id, locale=request.locale)
        return await self.subscribers.run("SetLocale", request, member_id, command,
                                          self._respond(pb.SetLocaleResponse, member_id))

    async def set_near_me(self, request: pb.SetNearMeRequest) -> pb.SetNearMeResponse:
        actor = current_principal()
        member_id = r.member_of(request.member_id, actor)
        command = c.SetNearMe(actor=actor, member_id=member_id, enabled=request.enabled)
        return await self.subscribers.run("SetNearMe", request, member_id, command,
                                          self._respond(pb.SetNearMeResponse, member_id))

    async def unsubscribe(self, request: pb.UnsubscribeWithTokenRequest) -> pb.UnsubscribeWithTokenResponse:
        v = Violations()
        validation.request_id(request.request_id, "request_id", v)  # both reported at once
        try:
            grant = read_token(request.token, self.keys, self.clock())
        except UnsubscribeTokenError as e:
            v.add("token", str(e))
        v.raise_if_any()
        if isinstance(grant, InvitationOptOut):
            return await self._stop_invitation_emails(grant)
        actor = Principal.of(grant.member_id, {MEMBER})
        command = c.Unsubscribe(actor=actor, member_id=grant.member_id, channel_id=grant.channel_id,
                                category=grant.category)

        def respond(s):
            channel = s.channel(grant.channel_id)
            return pb.UnsubscribeWithTokenResponse(
                category=enum_to_pb(grant.category),
                masked_address=mask_address(channel.kind, channel.address) if channel else "",
            )

        # The token's member is the caller: idempotency and audit are theirs.
        ctx = current()
        token = bind(RequestContext(actor, ctx.correlation_id, ctx.causation_id))
        try:
            return await self.subscribers.run("UnsubscribeWithToken", request, grant.member_id, command, respond,
                                              answer_of=(grant.member_id,))
        finally:
            reset(token)

    async def _stop_invitation_emails(self, grant: InvitationOptOut) -> pb.UnsubscribeWithTokenResponse:
        """No more invitation emails to the address: the planner and the sender
        both look here first. The first click's time is the one kept."""
        async with self.db.write() as conn:
            dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
            await conn.execute(dialect.insert(invitation_opt_outs).values(
                address_hash=grant.address_hash, opted_out_at=self.clock()).on_conflict_do_nothing())
        return pb.UnsubscribeWithTokenResponse(invitation_emails_stopped=True)

"""Deciding a community's creation: its details checked, its creator its
first owner."""

from __future__ import annotations

from datetime import datetime

from offkai.members.v1 import events_pb2 as ev
from offkai_kit.errors import AlreadyExists, Violations
from offkai_members.domain import validate
from offkai_members.domain.community.commands import CreateCommunity
from offkai_members.domain.community.convert import details_to_pb
from offkai_members.domain.community.guards import member_card
from offkai_members.domain.community.state import CommunityDetails, CommunityState
from offkai_members.domain.convert import timestamp


def check_details(d: CommunityDetails, v: Violations, path: str = "details") -> CommunityDetails:
    return CommunityDetails(
        name=validate.check_single_line(d.name, f"{path}.name", v, limit=validate.MAX_COMMUNITY_NAME, required=True),
        description=validate.check_multi_line(
            d.description, f"{path}.description", v, limit=validate.MAX_COMMUNITY_DESCRIPTION
        ),
        region_prefecture=validate.check_single_line(
            d.region_prefecture, f"{path}.region_prefecture", v, limit=validate.MAX_PREFECTURE
        ),
        region_city=validate.check_single_line(d.region_city, f"{path}.region_city", v, limit=validate.MAX_CITY),
        tags=validate.check_tags(d.tags, f"{path}.tags", v, max_count=validate.MAX_COMMUNITY_TAGS),
    )


def create(state: CommunityState, c: CreateCommunity, now: datetime) -> list:
    if state.exists:
        raise AlreadyExists(f"community '{c.community_id}' exists already")
    member_card(c.creator, c.actor.member_id)
    v = Violations()
    validate.check_community_id(c.community_id, "community_id", v)
    details = check_details(c.details, v)
    v.raise_if_any()
    return [
        ev.CommunityCreated(
            community_id=c.community_id,
            details=details_to_pb(details),
            created_by=c.actor.member_id,
            created_at=timestamp(now),
        )
    ]

"""Community details and roles to and from protobuf."""

from __future__ import annotations

from offkai.members.v1 import types_pb2 as pb
from offkai_members.domain.community.state import CommunityDetails, CommunityRole

ROLES = {
    CommunityRole.OWNER: pb.COMMUNITY_ROLE_OWNER,
    CommunityRole.ORGANIZER: pb.COMMUNITY_ROLE_ORGANIZER,
    CommunityRole.MEMBER: pb.COMMUNITY_ROLE_MEMBER,
}
_ROLES_FROM_PB = {v: k for k, v in ROLES.items()}


def role_to_pb(role: CommunityRole | None) -> int:
    return ROLES[role] if role is not None else pb.COMMUNITY_ROLE_UNSPECIFIED


def role_from_pb(value: int) -> CommunityRole | None:
    return _ROLES_FROM_PB.get(value)


def details_to_pb(d: CommunityDetails) -> pb.CommunityDetails:
    return pb.CommunityDetails(
        name=d.name,
        description=d.description,
        region_prefecture=d.region_prefecture,
        region_city=d.region_city,
        tags=list(d.tags),
    )


def details_from_pb(d: pb.CommunityDetails) -> CommunityDetails:
    return CommunityDetails(d.name, d.description, d.region_prefecture, d.region_city, tuple(d.tags))

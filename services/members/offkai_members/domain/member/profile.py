"""Deciding a member's profile: registration and field-mask updates."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import datetime

from offkai.members.v1 import events_pb2 as ev
from offkai.members.v1 import types_pb2 as pb
from offkai_kit.errors import AlreadyExists, FailedPrecondition, Violations
from offkai_members.domain import validate
from offkai_members.domain.convert import profile_to_pb, self_introduction_to_pb, timestamp
from offkai_members.domain.member.commands import RegisterMember, UpdateProfile
from offkai_members.domain.member.guards import existing, require_profile_owner
from offkai_members.domain.member.state import MemberState
from offkai_members.domain.model import Profile, SelfIntroduction

# Profile field names in proto field-number order: the order
# ProfileUpdated.changed_fields uses. The dataclass has the same names.
PROFILE_FIELDS = tuple(f.name for f in pb.Profile.DESCRIPTOR.fields)
INTRODUCTION_PARTS = tuple(f.name for f in fields(SelfIntroduction))
MASK_PATHS = frozenset(PROFILE_FIELDS) | {f"self_introduction.{part}" for part in INTRODUCTION_PARTS}


def check_profile(profile: Profile, v: Violations, path: str = "") -> Profile:
    """Every field rule at once; returns the profile normalised."""
    at = f"{path}." if path else ""
    intro = profile.self_introduction
    return Profile(
        display_name=validate.check_single_line(
            profile.display_name, f"{at}display_name", v, limit=validate.MAX_DISPLAY_NAME, required=True
        ),
        self_introduction=SelfIntroduction(
            **{
                part: validate.check_multi_line(
                    getattr(intro, part), f"{at}self_introduction.{part}", v, limit=validate.MAX_INTRODUCTION_PART
                )
                for part in INTRODUCTION_PARTS
            }
        ),
        region_prefecture=validate.check_single_line(
            profile.region_prefecture, f"{at}region_prefecture", v, limit=validate.MAX_PREFECTURE
        ),
        region_city=validate.check_single_line(profile.region_city, f"{at}region_city", v, limit=validate.MAX_CITY),
        timezone=validate.check_timezone(profile.timezone, f"{at}timezone", v),
        locale=validate.check_locale(profile.locale, f"{at}locale", v),
        interests=validate.check_tags(profile.interests, f"{at}interests", v, max_count=validate.MAX_INTERESTS),
    )


def merge_profile(current: Profile, new: Profile, paths: tuple[str, ...], v: Violations) -> Profile:
    """``current`` with the fields ``paths`` names taken from ``new``; no paths
    takes every field. Unknown paths are violations on ``update_mask.paths``."""
    if not paths:
        return new
    merged = current
    for i, path in enumerate(paths):
        if path not in MASK_PATHS:
            v.add(f"update_mask.paths[{i}]", f"unknown Profile field '{path}'")
        elif path.startswith("self_introduction."):
            part = path.removeprefix("self_introduction.")
            intro = replace(merged.self_introduction, **{part: getattr(new.self_introduction, part)})
            merged = replace(merged, self_introduction=intro)
        else:
            merged = replace(merged, **{path: getattr(new, path)})
    return merged


def changed_fields(before: Profile, after: Profile) -> list[str]:
    return [name for name in PROFILE_FIELDS if getattr(before, name) != getattr(after, name)]


def register(state: MemberState, c: RegisterMember, now: datetime) -> list:
    require_profile_owner(c.actor, c.member_id, "register")
    v = Violations()
    validate.check_member_id(c.member_id, "member_id", v)
    profile = check_profile(c.profile, v)
    v.raise_if_any()
    if state.erased:
        raise FailedPrecondition(f"member '{c.member_id}' was erased; the id cannot be registered again")
    if state.active:
        raise AlreadyExists(f"member '{c.member_id}' is registered already")
    return [
        ev.MemberRegistered(
            member_id=c.member_id,
            display_name=profile.display_name,
            region_prefecture=profile.region_prefecture,
            region_city=profile.region_city,
            timezone=profile.timezone,
            locale=profile.locale,
            self_introduction=self_introduction_to_pb(profile.self_introduction),
            interests=list(profile.interests),
            registered_by=c.actor.member_id,
            registered_at=timestamp(now),
        )
    ]


def update_profile(state: MemberState, c: UpdateProfile, now: datetime) -> list:
    existing(state, c.member_id)
    require_profile_owner(c.actor, c.member_id, "change a profile")
    v = Violations()
    merged = merge_profile(state.profile, c.profile, c.paths, v)
    # Paths in violations follow the request: `profile.<field>`.
    profile = check_profile(merged, v, "profile")
    v.raise_if_any()
    changed = changed_fields(state.profile, profile)
    if not changed:
        return []
    return [
        ev.ProfileUpdated(
            member_id=c.member_id,
            profile=profile_to_pb(profile),
            changed_fields=changed,
            updated_by=c.actor.member_id,
            updated_at=timestamp(now),
        )
    ]

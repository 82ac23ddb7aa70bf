"""MembersService through gRPC: idempotency, every bad field at once with its
path, errors in the house order (a stranger learns nothing from a bad request),
nothing written on refusal, and who sees which handle."""

from __future__ import annotations

import grpc
from google.protobuf.field_mask_pb2 import FieldMask

from offkai.members.v1 import connections_pb2 as rpb
from offkai.members.v1 import members_pb2 as mpb
from offkai.members.v1 import types_pb2 as types
from offkai_members.adapters.hidden_handles import hidden_handle_values

from .support import ADMIN, as_member, fails_with, register, request_id, violated_fields


async def _versions(api, member_id: str) -> int:
    return len(await api.runtime.store.load(f"member-{member_id}"))


async def _hidden_rows(api) -> int:
    async with api.runtime.db.read() as conn:
        return len((await conn.execute(hidden_handle_values.select())).all())


async def test_registration_is_idempotent_by_request_id(api):
    request = mpb.RegisterMemberRequest(request_id="join-1", display_name="Ayumi", region_prefecture="Hokkaido")
    first = await api.members.RegisterMember(request, metadata=as_member("ayumi"))
    again = await api.members.RegisterMember(request, metadata=as_member("ayumi"))
    assert first == again and first.member.timezone == "Asia/Tokyo" and first.member.locale == "ja"
    assert await _versions(api, "ayumi") == 1
    changed = mpb.RegisterMemberRequest(request_id="join-1", display_name="Someone else")
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as failure:
        await api.members.RegisterMember(changed, metadata=as_member("ayumi"))
    assert "request_id" in violated_fields(failure.value)
    async with fails_with(grpc.StatusCode.ALREADY_EXISTS):
        await api.members.RegisterMember(mpb.RegisterMemberRequest(request_id="join-2", display_name="Ayumi"),
                                         metadata=as_member("ayumi"))


async def test_every_bad_field_at_once_with_its_path(api):
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as failure:
        await api.members.RegisterMember(
            mpb.RegisterMemberRequest(
                request_id=request_id(), display_name="Ayu\u202emi", timezone="Asia/Tokio", locale="fr",
                self_introduction=types.SelfIntroduction(hobbies="x" * 1001), interests=["ok", "y" * 33],
            ),
            metadata=as_member("ayumi"),
        )
    assert set(violated_fields(failure.value)) == {
        "display_name", "timezone", "locale", "self_introduction.hobbies", "interests[1]",
    }
    assert await _versions(api, "ayumi") == 0, "nothing written"
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as failure:
        await api.members.RegisterMember(mpb.RegisterMemberRequest(request_id=request_id(), member_id="a@b.example",
                                                                   display_name="A"), metadata=ADMIN)
    assert set(violated_fields(failure.value)) == {"member_id"}


async def test_profile_updates_follow_the_mask_and_the_house_order(api):
    await register(api, "ayumi", "Ayumi")
    await register(api, "kenji")
    update = mpb.UpdateProfileRequest(
        request_id=request_id(), member_id="ayumi",
        profile=types.Profile(display_name="Ayumi K.", region_city="Otaru"),
        update_mask=FieldMask(paths=["display_name", "nickname"]),
    )
    # A stranger is refused before the bad path is looked at; an unknown member is not found.
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):
        await api.members.UpdateProfile(update, metadata=as_member("kenji"))
    async with fails_with(grpc.StatusCode.NOT_FOUND):
        await api.members.UpdateProfile(mpb.UpdateProfileRequest(request_id=request_id(), member_id="nobody"),
                                        metadata=ADMIN)
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as failure:
        await api.members.UpdateProfile(update, metadata=as_member("ayumi"))
    assert violated_fields(failure.value) == {"update_mask.paths[1]": "unknown Profile field 'nickname'"}
    del update.update_mask.paths[1:]
    update.request_id = request_id()
    updated = (await api.members.UpdateProfile(update, metadata=as_member("ayumi"))).member
    assert (updated.display_name, updated.region_city) == ("Ayumi K.", "Sapporo"), "only the masked field"
    assert await _versions(api, "ayumi") == 2


async def test_handles_show_by_visibility_and_their_hidden_values_stay_off_the_stream(api):
    await register(api, "ayumi")
    await register(api, "kenji")
    me = as_member("ayumi")
    added = (await api.members.AddHandle(
        mpb.AddHandleRequest(request_id=request_id(), kind=types.HANDLE_KIND_GITHUB,
                             value="https://github.com/ayumi-dev", visibility=types.HANDLE_VISIBILITY_NOBODY),
        metadata=me,
    )).handle
    assert added.value == "ayumi-dev", "normalised"
    assert await _hidden_rows(api) == 1

    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as failure:
        await api.members.AddHandle(
            mpb.AddHandleRequest(request_id=request_id(), kind=types.HANDLE_KIND_BLOG_URL, value="http://blog"),
            metadata=me,
        )
    assert set(violated_fields(failure.value)) == {"value", "visibility"}
    async with fails_with(grpc.StatusCode.INVALID_ARGUMENT) as failure:
        await api.members.ChangeHandle(
            mpb.ChangeHandleRequest(request_id=request_id(), handle_id=added.handle_id,
                                    update_mask=FieldMask(paths=["kind"])), metadata=me)
    assert violated_fields(failure.value) == {"update_mask.paths[0]": "must be 'value' or 'visibility'"}
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):  # before the bad mask
        await api.members.ChangeHandle(
            mpb.ChangeHandleRequest(request_id=request_id(), member_id="ayumi", handle_id=added.handle_id,
                                    update_mask=FieldMask(paths=["kind"])), metadata=as_member("kenji"))

    async def seen_by(viewer) -> list[str]:
        reply = await api.members.GetMember(mpb.GetMemberRequest(member_id="ayumi"), metadata=viewer)
        return [h.value for h in reply.member.handles]

    assert await seen_by(as_member("kenji")) == []
    assert await seen_by(me) == ["ayumi-dev"]
    # Everyone's now: its value goes on the stream, and out of the hidden table.
    changed = await api.members.ChangeHandle(
        mpb.ChangeHandleRequest(request_id=request_id(), handle_id=added.handle_id,
                                visibility=types.HANDLE_VISIBILITY_EVERYONE, update_mask=FieldMask(paths=["visibility"])),
        metadata=me,
    )
    assert changed.handle.value == "ayumi-dev"
    assert await seen_by(as_member("kenji")) == ["ayumi-dev"]
    assert await _hidden_rows(api) == 0
    # A new value for connections only: hidden again, the old public value stays public history.
    await api.members.ChangeHandle(
        mpb.ChangeHandleRequest(request_id=request_id(), handle_id=added.handle_id, value="ayumi2",
                                visibility=types.HANDLE_VISIBILITY_CONNECTIONS),
        metadata=me,
    )
    assert await seen_by(as_member("kenji")) == []
    assert await seen_by(me) == ["ayumi2"]
    last = (await api.runtime.store.load("member-ayumi"))[-1]
    assert last.event_type == "HandleChanged" and b"ayumi2" not in last.payload
    await api.members.RemoveHandle(mpb.RemoveHandleRequest(request_id=request_id(), handle_id=added.handle_id),
                                   metadata=me)
    assert await seen_by(me) == [] and await _hidden_rows(api) == 0


async def test_a_block_either_way_hides_the_profile_and_viewing_as_someone_is_for_admins(api):
    for member_id in ("ayumi", "kenji", "mika"):
        await register(api, member_id)
    await api.connections.BlockMember(rpb.BlockMemberRequest(request_id=request_id(), other_member_id="kenji"),
                                      metadata=as_member("ayumi"))
    for viewer, member in (("kenji", "ayumi"), ("ayumi", "kenji")):
        async with fails_with(grpc.StatusCode.NOT_FOUND) as failure:
            await api.members.GetMember(mpb.GetMemberRequest(member_id=member), metadata=as_member(viewer))
        assert failure.value.details() == f"member '{member}' not found", "exactly as for an unknown member"
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):
        await api.members.GetMember(mpb.GetMemberRequest(member_id="ayumi", viewer_id="kenji"),
                                    metadata=as_member("mika"))
    async with fails_with(grpc.StatusCode.NOT_FOUND):
        await api.members.GetMember(mpb.GetMemberRequest(member_id="ayumi", viewer_id="kenji"), metadata=ADMIN)
    seen = await api.members.GetMember(mpb.GetMemberRequest(member_id="ayumi", viewer_id="mika"), metadata=ADMIN)
    assert seen.member.connection_status == types.CONNECTION_STATUS_NONE


async def test_erasure_is_for_the_member_or_an_admin(api):
    await register(api, "ayumi")
    await register(api, "kenji")
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):
        await api.members.EraseMember(mpb.EraseMemberRequest(request_id=request_id(), member_id="ayumi"),
                                      metadata=as_member("kenji"))
    async with fails_with(grpc.StatusCode.NOT_FOUND):
        await api.members.EraseMember(mpb.EraseMemberRequest(request_id=request_id(), member_id="nobody"),
                                      metadata=ADMIN)
    first = await api.members.EraseMember(mpb.EraseMemberRequest(request_id=request_id(), member_id="ayumi"),
                                          metadata=ADMIN)
    again = await api.members.EraseMember(mpb.EraseMemberRequest(request_id=request_id(), member_id="ayumi"),
                                          metadata=as_member("ayumi"))
    assert first.erased_at == again.erased_at and await _versions(api, "ayumi") == 2

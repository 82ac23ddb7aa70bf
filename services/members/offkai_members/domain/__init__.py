"""The members domain, pure: commands in, protobuf events out; no I/O.

Five aggregates, one package each, each exposing its ``STREAM_TYPE``,
``stream_id(...)``, ``INITIAL`` state, ``evolve``, ``decide`` and the kit's
``Decider``:

- ``member`` (``member-<member_id>``): profile, handles, erasure;
- ``community`` (``community-<community_id>``): details, members and roles, followers;
- ``relationship`` (``relationship-<a>~<b>``, one per unordered pair): a
  connection or a pending request between two members, and each side's block;
- ``introduction`` (``introduction-<id>``): A introduces B to C; both consent;
- ``invitation`` (``invitation-<id>``): word-of-mouth invitations, tracked.

Shared: value objects (``model``), field rules (``validate``, ``handle_values``),
proto conversions (``convert``), who may act for whom (``roles``), and the
read-side rules the query layer uses: ``visibility`` (a profile as a viewer may
see it) and ``suggestions`` (people to connect with, with reasons).

What a rule needs beyond its own aggregate (does the other member exist, are
these two connected, did they both check in at a meetup) is looked up by the
command handler and passed in the command as a fact, so deciding stays pure.
"""

"""The repository's cache of aggregates and what it remembers about them stay
within ``cache_size`` however many streams a replica meets (pure: no store read)."""

from __future__ import annotations

from types import SimpleNamespace

from offkai_kit.repository import Loaded, Repository

MEETUP = SimpleNamespace(stream_type="meetup")


def test_the_cache_and_the_keys_that_opened_it_hold_at_most_cache_size_aggregates():
    repository = Repository(store=None, cache_size=3)
    for i in range(50):
        repository.remember(MEETUP, f"meetup-{i}", Loaded(f"state {i}", 1))
        repository.opened_with(MEETUP, f"meetup-{i}", {f"member-{i}"})
    assert list(repository._cache) == [("meetup", f"meetup-{i}") for i in (47, 48, 49)]
    assert set(repository._opened_with) == set(repository._cache)


def test_keys_are_not_remembered_for_an_aggregate_that_is_not_cached():
    repository = Repository(store=None, cache_size=3)
    repository.opened_with(MEETUP, "meetup-1", {"member-1"})
    assert repository._opened_with == {}

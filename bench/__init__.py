"""Benchmarks, each reported as a ratio against a bare baseline measured in the same run
(``make bench`` / ``python -m bench``). Not part of the test suite: timings on a shared
2-core machine are noisy, so they inform, they do not gate."""

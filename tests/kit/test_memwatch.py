"""The opt-in memory report (OFFKAI_MEMORY_REPORT_SECONDS) names what grew."""

import tracemalloc

from offkai_kit.memwatch import MemoryReport


class Kept:
    def __init__(self, n: int):
        self.payload = bytes(n)


async def test_the_second_report_names_the_site_and_type_that_grew():
    was_tracing = tracemalloc.is_tracing()
    report = MemoryReport(60, frames=3, checked_out=lambda: 2)
    report.start()
    try:
        first = report.report()
        kept = [Kept(1024) for _ in range(2000)]
        second = report.report()
    finally:
        if not was_tracing:
            tracemalloc.stop()
    assert first["baseline"] and first["db_connections_checked_out"] == 2
    assert second["tasks"] >= 1 and second["threads"] >= 1
    assert second["grown_types"][f"{__name__}.Kept"] >= 2000
    top = second["grown_sites"][0]
    assert top["kib"] >= 2000 and __file__ in top["where"].split(" <- ")[0].rsplit(":", 1)[0]
    assert len(kept) == 2000

"""Run every benchmark: ``python -m bench`` (``make bench``)."""

import asyncio
import logging

from bench import kit


async def main() -> None:
    print(f"{'benchmark':<44} {'ours':>10} {'':<8} {'':>9} {'':>10}")
    await kit.main()
    try:
        from bench import meetup_load, rsvp_rush, suggestions
    except ImportError:
        return
    await meetup_load.main()
    await rsvp_rush.main()
    await suggestions.main()


logging.disable(logging.WARNING)
asyncio.run(main())

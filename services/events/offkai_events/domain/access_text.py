"""How to get to the venue, as short lines of text for people: the nearest
station or bus stop with its walk. Presentation only, and pure: the meetup
summary that events carry shows the first line, the iCalendar description all
of them."""

from __future__ import annotations

from offkai_events.domain.model import BusStop, Station, Venue


def station_line(s: Station) -> str:
    """e.g. "Shibuya (JR Yamanote Line), Hachiko exit, 5 min walk"."""
    parts = [f"{s.station} ({s.line})" if s.line else s.station, s.exit]
    if s.walking_minutes:
        parts.append(f"{s.walking_minutes} min walk")
    return ", ".join(p for p in parts if p)


def bus_stop_line(b: BusStop) -> str:
    routes = f" ({', '.join(b.routes)})" if b.routes else ""
    walk = f", {b.walking_minutes} min walk" if b.walking_minutes else ""
    return f"{b.stop} bus stop{routes}{walk}"


def access_line(venue: Venue | None) -> str:
    """How to get there in one line, from the nearest station or bus stop."""
    if venue is None:
        return ""
    if venue.stations:
        return station_line(venue.stations[0])
    if venue.bus_stops:
        return bus_stop_line(venue.bus_stops[0])
    return ""

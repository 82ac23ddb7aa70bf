"""Read models the notify service keeps from the stream."""

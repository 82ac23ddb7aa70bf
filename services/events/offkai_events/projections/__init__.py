"""Read models the events service keeps from the stream."""

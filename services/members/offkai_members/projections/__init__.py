"""Read models the members service keeps from the stream (its own and the events service's)."""

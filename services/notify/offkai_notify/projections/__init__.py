"""Read models the notify service keeps from the stream, and the triggers
they carry: the meetups and connections projections plan the deliveries their
events call for (``audience``) in the transaction that applies them."""

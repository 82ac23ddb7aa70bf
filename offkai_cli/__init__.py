"""``offkai``: the command line for the local stack and for calling the services."""

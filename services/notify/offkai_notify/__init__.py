"""offkai notify service: fan-out of messages to email and chat."""

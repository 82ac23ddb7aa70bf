"""Process managers: what the service does itself when it sees certain events (introduced members connected, invitations accepted, an erased member's relationships ended)."""

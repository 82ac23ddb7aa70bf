"""How the outside reaches the members service: gRPC."""

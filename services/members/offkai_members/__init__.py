"""offkai members service: people, their profiles and their connections."""

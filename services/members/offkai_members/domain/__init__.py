"""The members domain: pure rules, no I/O."""

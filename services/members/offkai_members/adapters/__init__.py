"""What the members service keeps outside the stream: the values of handles not visible to everyone."""

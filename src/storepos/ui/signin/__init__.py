"""Sign-in: employee number + PIN, the door to the counter app (view, presenter, screen)."""

"""Use cases in plain Python, called by both the window and the command line. No Qt below here."""

"""Small widgets and widget helpers that views and dialogs share."""

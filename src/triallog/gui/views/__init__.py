"""TrialLog gui/views."""

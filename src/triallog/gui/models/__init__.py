"""TrialLog gui/models."""

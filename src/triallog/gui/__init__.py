"""TrialLog gui."""

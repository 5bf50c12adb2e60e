"""TrialLog reports."""

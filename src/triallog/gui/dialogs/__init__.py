"""TrialLog gui/dialogs."""

"""TrialLog's runtime files (sample record, icons, fonts, reference data), read with importlib.resources."""

"""TrialLog: a dated record of medication trials for step-therapy exceptions."""

__version__ = "0.1.0"

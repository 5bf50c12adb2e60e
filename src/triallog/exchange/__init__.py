"""The TrialLog exchange format (JSON and the .triallog archive): read, check and write."""

FORMAT = "triallog-exchange"
VERSION = 1

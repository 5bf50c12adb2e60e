"""The TrialLog exchange format (JSON and the .triallog archive): read, check and write."""

FORMAT = "triallog-exchange"
#: the version export writes
VERSION = 2
#: the versions import reads (version 1 as version 2 with every new key at its default)
READABLE = (1, 2)

"""Run TrialLog as `python -m triallog`, exactly like the `triallog` command."""

from triallog.cli import main

raise SystemExit(main())

"""The frozen program's entry point: the `triallog` command, as the installed package's script runs it."""

from triallog.cli import main

raise SystemExit(main())

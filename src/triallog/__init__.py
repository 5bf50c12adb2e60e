"""TrialLog: a dated record of medication trials for step-therapy exceptions."""

__version__ = "0.1.0"

#: the one application id, used everywhere the desktop names the program: the window's desktop file
#: name (Wayland), the `.desktop` file, the AppStream metadata and the icon's file name
APP_ID = "org.triallog.TrialLog"

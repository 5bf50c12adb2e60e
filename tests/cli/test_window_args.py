"""The window opens without argparse when that is all the arguments ask, and exactly as argparse reads them."""

from __future__ import annotations

import pytest

from triallog.cli import build_parser, window_args

OPENS_THE_WINDOW = [
    [],
    ["gui"],
    ["gui", "--exit-after-show"],
    ["gui", "--exit-after-load", "--exit-after-show"],
    ["--data-dir", "/tmp/records"],
    ["--data-dir", "/tmp/records", "gui", "--exit-after-load"],
    ["--data-dir=/tmp/records", "gui"],
    ["--data-dir", "gui"],  # a folder named gui
    ["--data-dir", ""],
]
LEFT_TO_ARGPARSE = [
    ["people"],
    ["--version"],
    ["-h"],
    ["gui", "--help"],
    ["gui", "--exit-after-paint"],
    ["--exit-after-show"],
    ["--data-dir"],
    ["--data-dir", "-x", "gui"],
    ["gui", "extra"],
    ["gui", "--data-dir", "/tmp/records"],
]


@pytest.mark.parametrize("argv", OPENS_THE_WINDOW)
def test_the_window_is_opened_as_argparse_would_open_it(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert args.command in (None, "gui")
    assert window_args(argv) == {
        "data_dir": args.data_dir,
        "exit_after_show": getattr(args, "exit_after_show", False),
        "exit_after_load": getattr(args, "exit_after_load", False),
    }


@pytest.mark.parametrize("argv", LEFT_TO_ARGPARSE)
def test_anything_else_goes_through_argparse(argv: list[str]) -> None:
    assert window_args(argv) is None

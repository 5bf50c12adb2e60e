"""The evidence packet's parts and their names: data only, so the command line can list them
when it builds its parser, before the window's first paint, without importing anything else."""

#: the packet's parts, in the packet's order (issue 6), with the names `--sections` takes
SECTIONS: tuple[tuple[str, str], ...] = (
    ("cover", "Cover page"),
    ("timeline", "Timeline of trials"),
    ("history", "Medication history table"),
    ("measures", "Measures"),
    ("case", "Case history and due dates"),
    ("calls", "Call log for the case"),
    ("documents", "Documents index"),
    ("letter", "Request letter"),
    ("statement", "Prescriber statement"),
)
SECTION_NAMES = tuple(name for name, _ in SECTIONS)

"""The evidence packet's parts and their names: data only, so the command line can list them
when it builds its parser, before the window's first paint, without importing anything else."""

#: the packet's parts, in the packet's order (issue 6), with the names `--sections` takes
SECTIONS: tuple[tuple[str, str], ...] = (
    ("fax", "Fax cover page"),
    ("cover", "Cover page"),
    ("timeline", "Timeline of trials"),
    ("history", "Medication history table"),
    ("measures", "Measures"),
    ("case", "Case history and due dates"),
    ("calls", "Call log for the case"),
    ("documents", "Documents checklist and index"),
    ("letter", "Letter (the request or appeal)"),
    ("statement", "Prescriber statement"),
)
SECTION_NAMES = tuple(name for name, _ in SECTIONS)
#: what a packet holds unless parts are chosen: everything but the fax cover, which only a fax needs
DEFAULT_SECTIONS = tuple(name for name in SECTION_NAMES if name != "fax")

"""A caregiver sees, beside each trial, whether the scores measured around it fell."""

from __future__ import annotations

from pathlib import Path

from triallog.gui.changes import Changes
from triallog.gui.models.trial_table import Column
from triallog.gui.views.trials_view import TrialsView
from triallog.services import people
from triallog.services.transfer import import_path
from triallog.services.workspace import Database


def test_the_trials_table_and_dialog_show_the_measured_response(qtbot, db: Database, dana_json: Path) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    key = people.find_person(db, "Dana Rivera").key
    view = TrialsView(db, Changes())
    qtbot.addWidget(view)
    view.resize(1200, 500)
    view.show()
    view.set_person(key)

    model = view.table.model()
    cells = {}
    for row in range(model.rowCount()):
        drug = model.index(row, Column.DRUG).data()
        cells[drug] = model.index(row, Column.RESPONSE).data()
    assert model.headerData(Column.RESPONSE, view.table.horizontalHeader().orientation()) == "Measured response"
    # Migraine days fell from 13 to 3 on erenumab: a response, with the fall shown.
    assert cells["erenumab (Aimovig)"] == "Response \u221276.9 %"
    # Amitriptyline has no score in the baseline window before it (nor in the 14 days after).
    assert cells["amitriptyline"] == "not enough data"
    assert cells["topiramate"] == ""  # nothing measured around it

    row = next(r for r in range(model.rowCount()) if model.index(r, Column.DRUG).data() == "erenumab (Aimovig)")
    view.table.selectRow(row)
    view.edit_selected()
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    dialog = view.dialog
    assert dialog is not None
    shown = dialog.response_label.text()
    assert "migraine days per month: response (13 \u2192 3, \u221276.9 %)" in shown
    dialog.reject()

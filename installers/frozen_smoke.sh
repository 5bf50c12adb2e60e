#!/usr/bin/env bash
# The frozen program's smoke commands on Windows and macOS, as the release workflow runs them there (on Linux,
# `make bundle-test` runs the same commands and adds the Xvfb, font and package checks). From a read-only copy of
# the program, with the records in the system's own data folder, which must not exist yet (a fresh CI machine):
#
#   installers/frozen_smoke.sh FOLDER LAUNCHER PYTHON
#
# FOLDER is what ships (dist/triallog, or dist/TrialLog.app), LAUNCHER the program inside it (triallog.exe, or
# Contents/MacOS/triallog), PYTHON the test environment's Python (TrialLog from source, pypdf), used for the checks
# and as the yardstick of the start-up ratio. Runs anywhere bash runs (Git's bash on Windows); tried on Linux.
set -euo pipefail

folder=${1:?the bundle folder or .app}
launcher=${2:?the program inside it}
python=${3:?the test environment python}
here=$(cd "$(dirname "$0")" && pwd)
example="$here/../../shared/examples/dana-rivera.v2.json"
[ -f "$example" ] || { echo "frozen_smoke: the shared example is missing: $example" >&2; exit 2; }

# Where paths.py must put the records on this system, written out here so the system itself checks it.
case "$(uname -s)" in
  Darwin) records="$HOME/Library/Application Support/TrialLog" ;;
  MINGW* | MSYS* | CYGWIN*) records="$(cygpath -u "$LOCALAPPDATA")/TrialLog" ;;
  *) records="${XDG_DATA_HOME:-$HOME/.local/share}/TrialLog" ;;
esac
unset TRIALLOG_DATA_DIR
if [ -e "$records" ]; then
  echo "frozen_smoke: $records exists already; this check needs a machine without TrialLog's records" >&2
  exit 2
fi

work=$(mktemp -d)
copy="$work/$(basename "$folder")"
cp -R "$folder" "$copy"
chmod -R a-w "$copy"
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
program="$copy/$launcher"

# Every file of the copy with its size and time: the program must change none and add none.
listing() {
  "$python" -c '
import os, sys
for root, _, names in sorted(os.walk(sys.argv[1])):
    for name in sorted(names):
        info = os.lstat(os.path.join(root, name))
        print(os.path.relpath(os.path.join(root, name), sys.argv[1]), info.st_size, info.st_mtime_ns)
' "$copy"
}

# Each command under a time limit: a frozen program that waits forever fails the check instead of the CI run.
limited() {
  local seconds=$1
  shift
  "$python" -c '
import subprocess, sys
try:
    sys.exit(subprocess.run(sys.argv[2:], timeout=float(sys.argv[1])).returncode)
except subprocess.TimeoutExpired:
    sys.exit(f"frozen_smoke: still running after {sys.argv[1]} s: {sys.argv[2:]}")
' "$seconds" "$@"
}

step() { printf '\n== %s\n' "$*"; }

before=$(listing)

step "--version"
version=$("$python" -c 'import triallog; print(triallog.__version__)')
shown=$(limited 60 "$program" --version)
echo "$shown"
[ "$shown" = "TrialLog $version" ] || { echo "frozen_smoke: expected TrialLog $version" >&2; exit 1; }

step "import $(basename "$example"), into the system's own data folder"
limited 120 "$program" import "$example"
[ -f "$records/triallog.db" ] || { echo "frozen_smoke: no triallog.db in $records" >&2; exit 1; }
echo "records in $records"

step "people --json"
limited 60 "$program" people --json > "$work/people.json"
"$python" -c '
import json, sys
people = json.load(open(sys.argv[1], encoding="utf-8"))
assert [p["name"] for p in people] == ["Dana Rivera"] and people[0]["trials"] == 4, people
print("Dana Rivera:", people[0]["trials"], "trials,", people[0]["cases"], "case")
' "$work/people.json"

step "packet, read back with pypdf"
limited 60 "$program" cases --person "Dana Rivera" --json > "$work/cases.json"
case_ref=$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1], encoding="utf-8"))[0]["reference"])' \
  "$work/cases.json")
limited 180 "$program" packet --person "Dana Rivera" --case "$case_ref" --out "$work/packet.pdf"
"$python" -c '
import sys
from pypdf import PdfReader
pages = PdfReader(sys.argv[1]).pages
text = " ".join(page.extract_text() for page in pages)
assert "Dana Rivera" in text and sys.argv[2] in text, text[:400]
print(len(pages), "pages, naming Dana Rivera and", sys.argv[2])
' "$work/packet.pdf" "$case_ref"

step "summary"
limited 180 "$program" summary --person "Dana Rivera" --out "$work/summary.pdf"
"$python" -c '
import sys
from pypdf import PdfReader
text = " ".join(page.extract_text() for page in PdfReader(sys.argv[1]).pages)
assert "Dana Rivera" in text, text[:400]
print("visit summary names Dana Rivera")
' "$work/summary.pdf"

step "gui --exit-after-load, offscreen and on this system's own screen"
QT_QPA_PLATFORM=offscreen limited 120 "$program" gui --exit-after-load
(unset QT_QPA_PLATFORM && limited 120 "$program" gui --exit-after-load)

step "the program wrote nothing inside itself"
after=$(listing)
if [ "$before" != "$after" ]; then
  diff <(echo "$before") <(echo "$after") >&2 || true
  echo "frozen_smoke: the program changed its own folder" >&2
  exit 1
fi
echo "$(echo "$after" | wc -l | tr -d ' ') files unchanged"

step "start-up against the virtual environment (best of 3, window painted with the records)"
"$python" -c '
import os, subprocess, sys, time
def best(command):
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(command, check=True, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        times.append(time.perf_counter() - start)
    return min(times)
frozen = best([sys.argv[1], "gui", "--exit-after-load"])
source = best([sys.executable, "-m", "triallog", "gui", "--exit-after-load"])
print(f"frozen {frozen:.2f} s, virtual environment {source:.2f} s, ratio {frozen / source:.2f} (goal: at most 1.5)")
if frozen > 1.5 * source:
    print("::warning::the frozen program starts more than 1.5 times slower than the virtual environment")
' "$program"

#!/usr/bin/env bash
# TrialLog.app in a disk image a person opens and drags to Applications. A recipe: run by
# .github/workflows/release.yml on macOS (hdiutil is macOS's own), never on the Linux development machine.
#
#   installers/macos/make_dmg.sh dist/TrialLog.app dist/triallog-VERSION-macos-ARCH.dmg
set -euo pipefail

app=${1:?the .app to put in the disk image}
dmg=${2:?the .dmg to write}
[ -d "$app/Contents/MacOS" ] || { echo "make_dmg: $app is not an application bundle" >&2; exit 2; }

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
# ditto keeps the signature's extended attributes and the bundle's symlinks as they are
ditto "$app" "$staging/TrialLog.app"
ln -s /Applications "$staging/Applications"

rm -f "$dmg"
hdiutil create -volname TrialLog -srcfolder "$staging" -fs HFS+ -format UDZO -imagekey zlib-level=9 "$dmg"
echo "make_dmg: $dmg ($(du -h "$dmg" | cut -f1))"

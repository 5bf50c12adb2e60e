#!/usr/bin/env bash
# Signs TrialLog.app (hardened runtime) and its disk image with a Developer ID, then has Apple notarize the image
# and staples the ticket to it. A recipe: run by .github/workflows/release.yml only when the signing secrets exist.
#
#   installers/macos/sign_and_notarize.sh app dist/TrialLog.app      # before make_dmg.sh
#   installers/macos/sign_and_notarize.sh dmg dist/triallog-....dmg  # after it
#
# From the environment (the workflow maps them from its secrets):
#   MACOS_CERTIFICATE           the Developer ID Application certificate and key, a .p12 in base64
#   MACOS_CERTIFICATE_PASSWORD  its password
#   MACOS_SIGNING_IDENTITY      "Developer ID Application: NAME (TEAMID)"
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD  for notarytool (an app-specific password); dmg step only
set -euo pipefail

what=${1:?app or dmg}
target=${2:?the .app or .dmg}
here=$(cd "$(dirname "$0")" && pwd)
: "${MACOS_SIGNING_IDENTITY:?}"

keychain="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/triallog-signing.keychain-db"
if [ ! -f "$keychain" ]; then
  : "${MACOS_CERTIFICATE:?}" "${MACOS_CERTIFICATE_PASSWORD:?}"
  secret=$(uuidgen)
  p12=$(mktemp)
  trap 'rm -f "$p12"' EXIT
  printf '%s' "$MACOS_CERTIFICATE" | base64 --decode > "$p12"
  security create-keychain -p "$secret" "$keychain"
  security set-keychain-settings -lut 3600 "$keychain"
  security unlock-keychain -p "$secret" "$keychain"
  security import "$p12" -k "$keychain" -P "$MACOS_CERTIFICATE_PASSWORD" -T /usr/bin/codesign
  security set-key-partition-list -S apple-tool:,apple: -s -k "$secret" "$keychain" >/dev/null
  # codesign looks in the search list: this keychain first, the ones already there after it
  listed=$(security list-keychains -d user | tr -d '"')
  # shellcheck disable=SC2086  # one keychain path a word, as security prints them
  security list-keychains -d user -s "$keychain" $listed
fi

case "$what" in
  app)
    # inside out: every library and plug-in first, then the frameworks, then the bundle with its launcher
    # (not --deep, which Apple advises against)
    find "$target/Contents" -type f ! -path "$target/Contents/MacOS/*" -print0 |
      while IFS= read -r -d '' file; do
        if file -b "$file" | grep -q '^Mach-O'; then printf '%s\0' "$file"; fi
      done |
      xargs -0 codesign --force --timestamp --options runtime --sign "$MACOS_SIGNING_IDENTITY"
    find "$target/Contents" -type d -name '*.framework' -prune -print0 |
      xargs -0 codesign --force --timestamp --options runtime --sign "$MACOS_SIGNING_IDENTITY"
    codesign --force --timestamp --options runtime --entitlements "$here/entitlements.plist" \
      --sign "$MACOS_SIGNING_IDENTITY" "$target"
    codesign --verify --strict --verbose=2 "$target"
    ;;
  dmg)
    : "${APPLE_ID:?}" "${APPLE_TEAM_ID:?}" "${APPLE_APP_PASSWORD:?}"
    codesign --force --timestamp --sign "$MACOS_SIGNING_IDENTITY" "$target"
    xcrun notarytool submit "$target" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
      --password "$APPLE_APP_PASSWORD" --wait --timeout 30m
    xcrun stapler staple "$target"
    xcrun stapler validate "$target"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$target"
    ;;
  *)
    echo "sign_and_notarize: first argument is app or dmg, not $what" >&2
    exit 2
    ;;
esac

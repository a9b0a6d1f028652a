#!/usr/bin/env bash
# The keytar adapter against a real Secret Service: gnome-keyring in a private D-Bus session,
# with HOME and the keyring directory in a temporary directory that the test then scans for the
# token. `npm run test:keychain`; part of `npm test`. Where gnome-keyring or D-Bus is missing it
# says so and passes, except in CI (`CI=true`), where `.ci/run` installs them.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  if [ "${CI:-}" = true ]; then
    echo "keychain test: dbus-run-session and gnome-keyring-daemon are required in CI (apt-get install dbus gnome-keyring)" >&2
    exit 1
  fi
  echo "keychain test skipped: dbus-run-session or gnome-keyring-daemon is not installed (apt-get install dbus gnome-keyring)"
  exit 0
fi

MESSENGER_KEYCHAIN_HOME="$(mktemp -d)"
export MESSENGER_KEYCHAIN_HOME
trap 'rm -rf "$MESSENGER_KEYCHAIN_HOME"' EXIT

# dbus-daemon may warn that it cannot raise its file limit in a container: harmless.
dbus-run-session -- bash -c '
  set -euo pipefail
  export HOME="$MESSENGER_KEYCHAIN_HOME" XDG_DATA_HOME="$MESSENGER_KEYCHAIN_HOME/.local/share"
  eval "$(printf test-keyring-password | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  node_modules/.bin/vitest run --config tests/keychain/vitest.config.ts
'

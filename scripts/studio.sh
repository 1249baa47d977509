#!/usr/bin/env bash
# First README command: install what is missing, build, start the studio.
# Without a display (e.g. over ssh) it starts under xvfb-run so it still runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "studio: no display found; starting under xvfb-run (set DISPLAY to see the window)" >&2
  exec xvfb-run -a build/bin/mote-studio --virtual-board "$@"
fi
exec build/bin/mote-studio --virtual-board "$@"

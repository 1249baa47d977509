#!/usr/bin/env bash
# Second README command: install what is missing, build, run every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
export QT_QPA_PLATFORM=offscreen
ctest --preset default "$@"

#!/usr/bin/env bash
# Installs the Debian 12 packages Mote Studio needs, skipping those already
# present. This file owns the package list. Run as root (or with sudo).
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake ninja-build pkg-config git
  # studio
  qt6-base-dev qt6-charts-dev qt6-multimedia-dev qt6-svg-dev libqt6opengl6-dev libxkbcommon-dev libvulkan-dev libgl-dev fonts-dejavu-core xvfb xauth
  # core libraries
  libsqlite3-dev libserialport-dev libflatbuffers-dev flatbuffers-compiler
  nlohmann-json3-dev libcli11-dev libcbor-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # trainer (external process) and DSP reference values
  python3 python3-numpy python3-scipy python3-torch
  # emulated Cortex-M4 board
  gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib binutils-arm-none-eabi qemu-system-arm
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo; missing: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
echo "install-deps: installing ${#missing[@]} missing package(s): ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

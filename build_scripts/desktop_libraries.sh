#!/usr/bin/env bash
# Make sure the libraries Qt's X11 and Wayland platform plugins load are on this machine.
# Qt 6.5 and later need libxcb-cursor to open a window on X11, and desktops do not always
# have it (nor the xcb-icccm and xcb-keysyms libraries). Installed from the distribution's
# packages when missing (as root, with apt-get); otherwise this says what to install.
#
#   desktop_libraries.sh           for `make package`: PyInstaller copies them into the bundle
#   desktop_libraries.sh run       for `make run`: the window needs them to open
set -euo pipefail

MODE="${1:-package}"
PACKAGES=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libwayland-cursor0)
LIBRARIES=(libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 libxkbcommon-x11.so.0
    libwayland-cursor.so.0)

[[ "$(uname -s)" == Linux ]] || exit 0   # macOS and Windows: Qt brings what it needs

missing() {
    for library in "${LIBRARIES[@]}"; do
        ldconfig -p 2>/dev/null | grep -q "$library" || echo "$library"
    done
}

if [[ -z "$(missing)" ]]; then
    exit 0
fi
if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing the X11 and Wayland libraries Qt's window needs (${PACKAGES[*]})..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${PACKAGES[@]}") \
        >/dev/null 2>&1 || echo "Could not install ${PACKAGES[*]}."
fi
if [[ -n "$(missing)" ]]; then
    lacking="$(missing | tr '\n' ' ')"
    if command -v apt-get >/dev/null; then
        how="sudo apt-get install ${PACKAGES[*]}"
    else
        how="your distribution's packages of ${lacking}(e.g. xcb-util-cursor on Fedora or Arch)"
    fi
    if [[ "$MODE" == run ]]; then
        echo "MentorDesk's window needs ${lacking}on this machine: install them with: ${how}"
    else
        echo "The bundle will lack ${lacking}: it may not open a window on desktops without" \
            "them (install them with: ${how}, and build again)."
    fi
fi

#!/usr/bin/env bash
# Make sure the libraries Qt's X11 and Wayland platform plugins load are on the build
# machine, so that PyInstaller copies them into the bundle. Qt 6.5 and later need
# libxcb-cursor to open a window on X11, and desktops do not always have it (nor the
# xcb-icccm and xcb-keysyms libraries). Installed from the distribution's packages when
# missing (as root); otherwise the build goes on and says what the bundle lacks.
set -euo pipefail

PACKAGES=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libwayland-cursor0)
LIBRARIES=(libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 libwayland-cursor.so.0)

missing() {
    for library in "${LIBRARIES[@]}"; do
        ldconfig -p | grep -q "$library" || echo "$library"
    done
}

if [[ -n "$(missing)" && "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing the X11 and Wayland libraries Qt's window needs..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${PACKAGES[@]}") \
        >/dev/null 2>&1 || echo "Could not install ${PACKAGES[*]}."
fi
if [[ -n "$(missing)" ]]; then
    echo "The bundle will lack $(missing | tr '\n' ' '): it may not open a window on" \
        "desktops without them (install ${PACKAGES[*]} and build again)."
fi

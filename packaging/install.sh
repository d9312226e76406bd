#!/bin/sh
# Install the Desk bundle this script sits in (build.sh copies it to dist/desk/install.sh).
#
#   ./install.sh                  for you:     ~/.local/opt/desk, ~/.local/bin/desk, ~/.local/share/…
#   sudo ./install.sh --system    for everyone: /opt/desk, /usr/local/bin/desk, /usr/local/share/…
#   ./install.sh --uninstall [--system]
#
# Installs the program folder, a `desk` command, the menu entry (.desktop), the icons and the
# AppStream metadata. Translation models are not part of the bundle: install them from Desk.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
MODE=user
ACTION=install
for arg in "$@"; do
  case $arg in
    --system) MODE=system ;;
    --uninstall) ACTION=uninstall ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

if [ "$MODE" = system ]; then
  OPT=/opt/desk; BIN=/usr/local/bin; SHARE=/usr/local/share
else
  OPT=$HOME/.local/opt/desk; BIN=$HOME/.local/bin; SHARE=${XDG_DATA_HOME:-$HOME/.local/share}
fi
ID=io.github.desk.Desk
FILES="applications/desk.desktop metainfo/$ID.metainfo.xml icons/hicolor/scalable/apps/$ID.svg
icons/hicolor/48x48/apps/$ID.png icons/hicolor/128x128/apps/$ID.png icons/hicolor/256x256/apps/$ID.png"

refresh() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" 2>/dev/null || true
}

if [ "$ACTION" = uninstall ]; then
  rm -rf "$OPT"
  [ -L "$BIN/desk" ] && rm -f "$BIN/desk"
  for f in $FILES; do rm -f "$SHARE/$f"; done
  refresh
  echo "Desk removed (your articles, memories and models in the data folder are kept)."
  exit 0
fi

[ -x "$HERE/desk" ] && [ -d "$HERE/_internal" ] || { echo "install.sh: run me from the unpacked bundle" >&2; exit 1; }
"$HERE/desk" --version >/dev/null || { echo "install.sh: this bundle does not start here" >&2; exit 1; }

if [ "$HERE" != "$OPT" ]; then
  rm -rf "$OPT.new"
  mkdir -p "$(dirname "$OPT")"
  cp -a "$HERE" "$OPT.new"
  rm -rf "$OPT"
  mv "$OPT.new" "$OPT"
fi
mkdir -p "$BIN"
ln -sf "$OPT/desk" "$BIN/desk"
for f in $FILES; do
  mkdir -p "$(dirname "$SHARE/$f")"
  cp "$OPT/share/$f" "$SHARE/$f"
done
# The menu entry starts the installed program by its full path (~/.local/bin may not be on PATH).
sed -i -e "s|^Exec=desk |Exec=$OPT/desk |" -e "s|^TryExec=desk\$|TryExec=$OPT/desk|" "$SHARE/applications/desk.desktop"
refresh
echo "Desk $("$OPT/desk" --version | cut -d' ' -f2) installed in $OPT; run 'desk' or find Desk in your applications menu."

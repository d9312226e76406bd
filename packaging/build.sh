#!/usr/bin/env bash
# Build the one-folder Linux bundle dist/desk/ and prove it runs without Python.
#
#   packaging/build.sh            build (reusing build/venv when pyproject.toml has not changed)
#   packaging/build.sh --clean    recreate build/venv and PyInstaller's work folder first
#   packaging/build.sh --tar      also pack dist/desk-VERSION-linux-ARCH.tar.gz
#
# Environment: PYTHON (default python3) must be Python >= 3.11 with its shared libpython.
# Exit status is non-zero if the build or any check fails (CI relies on that).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=build/venv
DIST=dist/desk
CLEAN=0
TAR=0
for arg in "$@"; do
  case $arg in
    --clean) CLEAN=1 ;;
    --tar) TAR=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

step() { printf '\n== %s\n' "$*"; }
fail() { echo "build.sh: FAILED: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }

PYTHON=${PYTHON:-python3}
command -v objdump >/dev/null || fail "PyInstaller needs objdump (Debian/Ubuntu: apt-get install binutils)"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || fail "$PYTHON must be Python >= 3.11"
# PyInstaller also needs the interpreter's shared libpython (Debian: package libpython3.X; pyenv:
# PYTHON_CONFIGURE_OPTS=--enable-shared); it says so clearly when it is missing.

# --- 1. a build environment of our own -------------------------------------------------------------
STAMP="$("$PYTHON" -c 'import sys; print(sys.version)' | sha256sum | cut -c1-16)-$(sha256sum pyproject.toml | cut -c1-16)"
if [ "$CLEAN" = 1 ] || [ "$(cat "$VENV/.desk-stamp" 2>/dev/null)" != "$STAMP" ]; then
  step "creating $VENV (dependencies + PyInstaller)"
  rm -rf "$VENV" build/pyinstaller
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install '.[package]' \
    >build/venv-install.log 2>&1 || { tail -40 build/venv-install.log >&2; fail "installing dependencies into $VENV"; }
  echo "$STAMP" > "$VENV/.desk-stamp"
else
  step "reusing $VENV"
fi
# Desk itself is reinstalled every time so the bundle holds the current source and version.
"$VENV/bin/python" -m pip install --no-deps --no-build-isolation --force-reinstall . >build/desk-install.log 2>&1 \
  || { cat build/desk-install.log >&2; fail "installing desk into $VENV"; }
VERSION=$("$VENV/bin/python" -c 'import desk; print(desk.__version__)')

# --- 2. the bundle ------------------------------------------------------------------------------
step "PyInstaller: desk $VERSION"
started=$(now_ms)
rm -rf "$DIST"
if ! "$VENV/bin/pyinstaller" --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
    packaging/desk.spec >build/pyinstaller.log 2>&1; then
  cat build/pyinstaller.log >&2
  fail "PyInstaller"
fi
# Expected noise: Windows-only ctypes names, and desktop libraries this machine lacks (a desktop has
# them; they are listed in packaging/README.md under "Run-time requirements").
grep -v -e 'required via ctypes not found' -e 'Library not found: could not resolve' build/pyinstaller.log || true
missing=$(grep -v 'libqgtk3.so' build/pyinstaller.log | sed -n "s/.*could not resolve '\([^']*\)'.*/\1/p" | sort -u | tr '\n' ' ')
[ -z "$missing" ] || echo "not on this machine, so left to the user's system: $missing"
[ -x "$DIST/desk" ] || fail "PyInstaller did not produce $DIST/desk"
build_s=$(( ($(now_ms) - started) / 1000 ))

# Desktop integration files, laid out as under /usr/share (packaging/install.sh installs them).
SHARE="$DIST/share"
install -Dm644 packaging/desk.desktop "$SHARE/applications/desk.desktop"
install -Dm644 packaging/io.github.desk.Desk.metainfo.xml "$SHARE/metainfo/io.github.desk.Desk.metainfo.xml"
install -Dm644 resources/icons/desk.svg "$SHARE/icons/hicolor/scalable/apps/io.github.desk.Desk.svg"
for size in 48 128 256; do
  install -Dm644 "resources/icons/desk-$size.png" "$SHARE/icons/hicolor/${size}x${size}/apps/io.github.desk.Desk.png"
done
install -m755 packaging/install.sh "$DIST/install.sh"

# --- 3. checks -------------------------------------------------------------------------------------
step "checks"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$SHARE/applications/desk.desktop" || fail "desktop-file-validate"
  echo "desktop-file-validate: ok"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$SHARE/metainfo/io.github.desk.Desk.metainfo.xml" >/dev/null || fail "appstreamcli validate"
  echo "appstreamcli validate: ok"
fi

# No ELF file of the bundle may resolve libpython outside the bundle.
ls "$DIST"/_internal/libpython3.*.so* >/dev/null 2>&1 || fail "no libpython inside $DIST/_internal"
outside=$(find "$DIST" -type f \( -name '*.so*' -o -name desk \) -exec sh -c \
  'env -u LD_LIBRARY_PATH ldd "$1" 2>/dev/null | grep -E "^[[:space:]]*libpython[^ ]* => /" | sed "s|^|$1: |"' _ {} \; \
  | grep -v "=> $ROOT/$DIST/" || true)
[ -z "$outside" ] || fail "files resolve libpython outside the bundle:"$'\n'"$outside"
echo "ldd: no libpython from the system ($(basename "$DIST"/_internal/libpython3.*.so*) is bundled)"

# Run the bundle with an empty environment: no PYTHONHOME/PYTHONPATH, no venv, a throwaway HOME.
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
run_bare() { env -i PATH=/usr/bin:/bin HOME="$SCRATCH" LANG=C.UTF-8 "$@"; }

started=$(now_ms)
out=$(run_bare "$DIST/desk" --version) || fail "desk --version"
version_ms=$(( $(now_ms) - started ))
[ "$out" = "desk $VERSION" ] || fail "desk --version printed '$out', expected 'desk $VERSION'"
echo "desk --version: $out"

started=$(now_ms)
run_bare "$DIST/desk" --self-check 2>"$SCRATCH/selfcheck.err" || { cat "$SCRATCH/selfcheck.err" >&2; fail "bundle self-check"; }
selfcheck_ms=$(( $(now_ms) - started ))
started=$(now_ms)
run_bare "$DIST/desk" --self-check >/dev/null 2>&1 || fail "bundle self-check (second run)"
selfcheck_warm_ms=$(( $(now_ms) - started ))

# The window itself, offscreen: open the bundled English sample, summarize it, save a screenshot.
started=$(now_ms)
run_bare QT_QPA_PLATFORM=offscreen DESK_DATA_DIR="$SCRATCH/data" "$DIST/desk" "$DIST/_internal/resources/samples/sample-en.txt" \
  --summarize --screenshot "$SCRATCH/window.png" --timeout 120 >/dev/null 2>"$SCRATCH/window.err" \
  || { cat "$SCRATCH/window.err" >&2; fail "bundle window (offscreen screenshot)"; }
window_ms=$(( $(now_ms) - started ))
[ "$(head -c 4 "$SCRATCH/window.png" | tail -c 3)" = "PNG" ] && [ "$(stat -c %s "$SCRATCH/window.png")" -gt 20000 ] \
  || fail "bundle window: no screenshot"
echo "window (offscreen): sample opened, summarized and captured in ${window_ms} ms"

# Stronger, where a private mount namespace is allowed (as root, or in a user namespace): hide every Python
# installation on the machine, show that python3 is unusable there, and run the self-check again.
hidden="skipped (no private mount namespace here)"
UNSHARE=""
if command -v unshare >/dev/null; then
  if unshare -m true 2>/dev/null; then UNSHARE="unshare -m"; elif unshare -r -m true 2>/dev/null; then UNSHARE="unshare -r -m"; fi
fi
if [ -n "$UNSHARE" ]; then
  # What to hide: the build Python's prefix (unless it is /usr or /usr/local), its standard library
  # and libpython, the venv, and any other python3 library folders and libpython files.
  HIDE=$("$PYTHON" - "$ROOT/$VENV" <<'PY'
import glob, sys, sysconfig
paths = {sys.argv[1], sysconfig.get_path("stdlib"), sysconfig.get_path("platstdlib")}
if sys.base_prefix not in ("/", "/usr", "/usr/local"):
    paths.add(sys.base_prefix)
for pattern in ("/usr/lib/python3*", "/usr/local/lib/python3*", "/usr/lib/*/libpython3*", "/usr/lib/libpython3*",
                "/usr/local/lib/libpython3*", sysconfig.get_config_var("LIBDIR") + "/libpython3*"):
    paths.update(glob.glob(pattern))
print("\n".join(sorted(p for p in paths if p)))
PY
)
  printf '%s\n' "$HIDE" > "$SCRATCH/hide.txt"
  cat > "$SCRATCH/nopython.sh" <<'EOF'
while IFS= read -r d; do
  [ -e "$d" ] || continue
  if [ -d "$d" ]; then mount -t tmpfs none "$d" || exit 42; else mount --bind /dev/null "$d" || exit 42; fi
done < "$1"
for py in python3 python; do
  if command -v "$py" >/dev/null && "$py" -c 'import encodings' 2>/dev/null; then echo "$py still works" >&2; exit 3; fi
done
exec "$2" --self-check
EOF
  status=0
  run_bare $UNSHARE sh "$SCRATCH/nopython.sh" "$SCRATCH/hide.txt" "$ROOT/$DIST/desk" >"$SCRATCH/hidden.out" 2>&1 || status=$?
  if [ "$status" = 0 ]; then
    hidden="ok, $(wc -l < "$SCRATCH/hide.txt") Python paths hidden, python3 unusable ($(tail -1 "$SCRATCH/hidden.out"))"
  elif [ "$status" = 42 ]; then
    hidden="skipped (mounting is not permitted here)"
  else
    cat "$SCRATCH/hidden.out" >&2
    fail "self-check with every Python installation hidden"
  fi
fi

# The oldest Linux the bundle runs on is set by the newest glibc symbol any of its files uses.
glibc=$(find "$DIST" -type f \( -name '*.so*' -o -name desk \) -exec objdump -T {} + 2>/dev/null \
  | grep -o 'GLIBC_[0-9][0-9.]*' | sort -uV | tail -1 | sed 's/GLIBC_//')

if [ "$TAR" = 1 ]; then
  step "tarball"
  TARBALL="dist/desk-$VERSION-linux-$(uname -m).tar.gz"
  tar -C dist -czf "$TARBALL" desk
  echo "$TARBALL: $(du -h "$TARBALL" | cut -f1)"
fi

step "summary"
echo "bundle:                 $DIST ($(du -sh "$DIST" | cut -f1), built in ${build_s} s)"
echo "desk --version:         ${version_ms} ms (first run after the build)"
echo "desk --self-check:      ${selfcheck_ms} ms first run, ${selfcheck_warm_ms} ms second run"
echo "window, offscreen:      ${window_ms} ms to open, summarize and capture a sample article"
echo "with Python hidden:     $hidden"
echo "needs:                  glibc >= ${glibc:-?} ($(uname -m)), and the desktop libraries in packaging/README.md"

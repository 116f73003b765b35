#!/usr/bin/env bash
# npm run test:sanitize [test files...]: the addon built with AddressSanitizer and
# UndefinedBehaviorSanitizer, and the suite (or the files named) run against it with the runtimes
# preloaded into node. Fails on any sanitizer report, in this process or in any child (reports go
# to files, which are checked after the run), as well as on a failing test. PHP is run without the
# preload (its opcache refuses it): a `php` wrapper first in PATH drops LD_PRELOAD. Leak detection
# is off: Node frees much of its heap only at exit, by design.
#
# The normal build is put back afterwards. Set SANITIZE_JOBS to cap vitest's parallel files.
set -euo pipefail
cd "$(dirname "$0")/.."

cxx=${CXX:-g++}
asan=$("$cxx" -print-file-name=libasan.so)
ubsan=$("$cxx" -print-file-name=libubsan.so)
for lib in "$asan" "$ubsan"; do
  [ -f "$lib" ] || { echo "sanitize: $cxx has no $(basename "$lib") (install the compiler's sanitizer runtimes)"; exit 1; }
done

work=$(mktemp -d)
saved="$work/php_sockets.node"
cp build/Release/php_sockets.node "$saved" 2>/dev/null || saved=""
# Swapped in by rename, never overwritten in place: a process that has the file mapped keeps its copy.
place() {
  cp "$1" build/Release/.php_sockets.node.tmp && mv -f build/Release/.php_sockets.node.tmp build/Release/php_sockets.node
}
restore() {
  if [ -n "$saved" ]; then place "$saved"; else npm run --silent build:native >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap restore EXIT

npx cmake-js compile --out "$work/build" --CDPHP_SOCKETS_SANITIZE=ON >"$work/build.log" 2>&1 ||
  { tail -40 "$work/build.log"; exit 1; }
mkdir -p build/Release
place "$work/build/Release/php_sockets.node"

mkdir -p "$work/bin" "$work/reports"
real_php=$(command -v php || true)
if [ -n "$real_php" ]; then
  printf '#!/bin/sh\nunset LD_PRELOAD\nexec %s "$@"\n' "$real_php" >"$work/bin/php"
  chmod +x "$work/bin/php"
fi

status=0
PATH="$work/bin:$PATH" \
  LD_PRELOAD="$asan $ubsan" \
  ASAN_OPTIONS="detect_leaks=0:verify_asan_link_order=0:abort_on_error=1:log_path=$work/reports/asan:allow_user_segv_handler=1:handle_segv=0" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$work/reports/ubsan" \
  node scripts/isolated.mjs node node_modules/vitest/vitest.mjs run ${SANITIZE_JOBS:+--maxWorkers=$SANITIZE_JOBS} "$@" ||
  status=$?

if compgen -G "$work/reports/*" >/dev/null; then
  echo "sanitize: sanitizer reports:"
  for f in "$work"/reports/*; do
    echo "== $f"
    head -60 "$f"
  done
  exit 1
fi
[ "$status" -eq 0 ] || { echo "sanitize: tests failed (status $status)"; exit "$status"; }
echo "sanitize: no sanitizer report"

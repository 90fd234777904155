#!/bin/sh
# Runs every code block of docs/RECIPES.md in order from the top folder:
# sh blocks with sh, python with python3 (pandas), r with Rscript, gnuplot
# with gnuplot. Fails on the first block that fails.
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -v dir="$tmp" '
  /^```[a-z]+$/ { n++; lang = substr($0, 4); file = sprintf("%s/%02d.%s", dir, n, lang); next }
  /^```$/ { file = ""; next }
  file { print > file }' docs/RECIPES.md
# the python that has pandas: $PYTHON, else the first python3 on the PATH,
# else Debian's (python3-pandas; a python3 of its own, such as pyenv's,
# may come first on the PATH without it)
py=${PYTHON:-python3}
$py -c 'import pandas' 2>/dev/null || py=/usr/bin/python3
passed=0
for f in "$tmp"/*; do
  case $f in
    *.sh) run="sh $f" ;;
    *.python) run="$py $f" ;;
    *.r) run="Rscript $f" ;;
    *.gnuplot) run="gnuplot $f" ;;
    *) echo "FAILED: $f: unknown language"; exit 1 ;;
  esac
  if $run >"$tmp/out" 2>&1; then
    passed=$((passed + 1)); echo "ok: recipe block $(basename "$f")"
  else
    echo "FAILED: recipe block $(basename "$f")"; cat "$tmp/out"; exit 1
  fi
done
[ "$passed" -ge 5 ] || { echo "FAILED: only $passed blocks found"; exit 1; }
echo "recipes: $passed passed, 0 failed"

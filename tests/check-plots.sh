#!/bin/sh
# Checks that `make plots` left real 900x600 PNG images in results/: the
# PNG signature, then the IHDR width and height (big-endian, bytes 16-23).
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
set -eu
passed=0 failed=0
for png in results/energy_pause_2025/daily.png results/sweep_pressure/sweep.png \
           results/sweep_2d/sweep_heatmap.png results/compare_us_cut/compare.png \
           results/sensitivity_uncertain/sensitivity.png results/energy_pause_2025/why.png \
           results/explain/explain.png; do
  sig=$(od -An -tx1 -N8 "$png" 2>/dev/null | tr -d ' \n')
  size=$(od -An -tu1 -j16 -N8 "$png" 2>/dev/null | tr -s ' ' | sed 's/^ //')
  if [ "$sig" = 89504e470d0a1a0a ] && [ "$size" = "0 0 3 132 0 0 2 88" ]; then
    passed=$((passed + 1)); echo "ok: $png is a 900x600 PNG"
  else
    failed=$((failed + 1)); echo "FAILED: $png (signature '$sig', size bytes '$size')"
  fi
done
echo "plots: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

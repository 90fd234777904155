#!/bin/sh
# Checks the layering of sim/ (docs/MODEL.md, "Layout of the code"): an
# object of one layer may use only symbols defined in its own layer or in
# the layers before it: base < scenario < model < engine < analysis <
# output < cli. Reads the objects of a build (default build/rel).
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
set -eu
build=${1:-build/rel}
layers="base scenario model engine analysis output cli"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rank=0
for l in $layers; do
  rank=$((rank + 1))
  for o in "$build"/sim/"$l"/*.o; do
    [ -e "$o" ] || { echo "FAILED: no objects in $build/sim/$l (build first)"; exit 1; }
    [ -e "sim/$l/$(basename "$o" .o).c" ] || continue   # a source moved or gone
    nm -g --defined-only "$o" | awk -v r="$rank" -v l="$l" '$3 ~ /^neg_/ { print $3, r, l }'
  done
done > "$tmp/defined"
bad=0
checked=0
rank=0
for l in $layers; do
  rank=$((rank + 1))
  for o in "$build"/sim/"$l"/*.o; do
    [ -e "sim/$l/$(basename "$o" .o).c" ] || continue
    checked=$((checked + 1))
    nm -u "$o" | awk '$2 ~ /^neg_/ { print $2 }' | while read -r sym; do
      awk -v s="$sym" -v r="$rank" -v o="$o" \
        '$1 == s && $2 > r { print "FAILED: " o " uses " s " of layer " $3; found = 1 }
         END { exit found }' "$tmp/defined" || echo x >> "$tmp/bad"
    done
  done
done
[ -e "$tmp/bad" ] && bad=$(wc -l < "$tmp/bad")
[ "$bad" -eq 0 ] || { echo "layers: 0 passed, $bad failed"; exit 1; }
echo "layers: $checked passed, 0 failed"

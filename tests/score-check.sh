#!/bin/sh
# score-check.sh: negsim score on the case library, against what is
# documented (issue 19; docs/VALIDATION.md). It checks that the score runs
# and that its numbers are the documented ones, not that they are good:
#  1. a small run (1,000 replicates a case) gives tests/data/score-cases-1000.csv
#     byte for byte, at 1 and 2 threads;
#  2. the documented command, negsim score scenarios/cases, gives the means
#     in the tables of docs/VALIDATION.md and README.md (between the
#     <!-- score:begin --> and <!-- score:end --> lines) to their 3 decimals.
# Usage: tests/score-check.sh [NEGSIM] (default bin/negsim); from the top folder.
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
set -eu
negsim=${1:-bin/negsim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for t in 1 2; do
  "$negsim" score scenarios/cases --runs 1000 --threads $t --quiet --out "$tmp/small$t"
  cmp tests/data/score-cases-1000.csv "$tmp/small$t/score.csv"
done
echo "score-check: the small run matches tests/data/score-cases-1000.csv"

"$negsim" score scenarios/cases --quiet --out "$tmp/full"
scripts/score-table "$tmp/full/score.csv" >"$tmp/table.md"
for doc in docs/VALIDATION.md README.md; do
  awk '/<!-- score:end -->/ { on = 0 } on { print } /<!-- score:begin -->/ { on = 1 }' "$doc" \
    >"$tmp/doc.md"
  if ! diff -u "$tmp/doc.md" "$tmp/table.md"; then
    echo "score-check: $doc does not give the means of negsim score scenarios/cases" >&2
    exit 1
  fi
done
echo "score-check: docs/VALIDATION.md and README.md give the means negsim score prints"

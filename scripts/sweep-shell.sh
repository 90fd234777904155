#!/bin/sh
# scripts/sweep-shell.sh: sweep one setting from the shell, one negsim run
# per value, and merge the summaries into one CSV.
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
#
# Usage: scripts/sweep-shell.sh [-s SCENARIO] [-n RUNS] [-S SEED] [-o OUTDIR] [KEY [VALUE...]]
#
#   SCENARIO  default scenarios/energy_pause_2025.cfg
#   RUNS      replicates per value, default 20000
#   SEED      default 20250318; the same for every value, so the runs share
#             their random numbers (common random numbers) and differences
#             between values are not blurred by sampling noise
#   OUTDIR    default results/shell_sweep
#   KEY       the setting to vary, default parties.us.pressure.russia
#   VALUE...  its values, default 0 0.5 1 1.5 2
#
# For each VALUE it runs
#   bin/negsim run SCENARIO --set KEY=VALUE --out OUTDIR/KEY=VALUE --quiet --runs RUNS --seed SEED
# and then merges the summary.csv files into OUTDIR/summary-merged.csv with
# scripts/merge-csv. Each summary.csv ends with a column named KEY holding
# VALUE (negsim adds one column per --set), so the merged file has one row
# per outcome and value, e.g. in R:
#   d <- read.csv("results/shell_sweep/summary-merged.csv")
#   subset(d, outcome == "ceasefire")[, c("parties.us.pressure.russia", "probability")]
# `negsim sweep` does the same in one process, with sweep.csv and figures
# (scripts/plot); this script shows how to do it with any tool.
#
# Exit status: that of the first command that fails (2 for bad input).
set -eu

here=$(dirname "$0")
negsim=${NEGSIM:-$here/../bin/negsim}
scenario=$here/../scenarios/energy_pause_2025.cfg
runs=20000
seed=20250318
outdir=results/shell_sweep
while getopts s:n:S:o: opt; do
  case $opt in
    s) scenario=$OPTARG ;;
    n) runs=$OPTARG ;;
    S) seed=$OPTARG ;;
    o) outdir=$OPTARG ;;
    *) sed -n 6p "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
key=${1:-parties.us.pressure.russia}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- 0 0.5 1 1.5 2

mkdir -p "$outdir"
for value in "$@"; do
  "$negsim" run "$scenario" --set "$key=$value" --out "$outdir/$key=$value" \
    --quiet --runs "$runs" --seed "$seed"
  echo "$key=$value: $outdir/$key=$value/"
done
# Turn the values into the summary files (the list of a for loop is fixed
# before it starts), then merge them.
for value in "$@"; do set -- "$@" "$outdir/$key=$value/summary.csv"; shift; done
"$here/merge-csv" "$outdir/summary-merged.csv" "$@"
echo "merged: $outdir/summary-merged.csv"

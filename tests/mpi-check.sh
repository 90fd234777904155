#!/bin/sh
# Checks that the MPI variant on 2 processes writes files byte-identical to
# the single-process program, for run (with per-run rows and sequential
# stopping), sweep (a few points, each split across processes, and many,
# shared out, and one interrupted and resumed), compare, sensitivity
# (points split across processes), calibrate and score. Usage: tests/mpi-check.sh NEGSIM NEGSIM_MPI
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
set -eu
single=$1 mpi=$2
scenario=scenarios/energy_pause_2025.cfg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mpirun="mpirun --allow-run-as-root --oversubscribe -np 2"
passed=0 failed=0
check() { # name, then the negsim arguments (without --out)
  name=$1; shift
  "$single" "$@" --quiet --threads 1 --out "$tmp/$name-1"
  $mpirun "$mpi" "$@" --quiet --threads 1 --out "$tmp/$name-2"
  if diff -r "$tmp/$name-1" "$tmp/$name-2" >/dev/null; then
    passed=$((passed + 1)); echo "ok: $name identical on 1 and 2 processes"
  else
    failed=$((failed + 1)); echo "FAILED: $name differs on 2 processes"; diff -r "$tmp/$name-1" "$tmp/$name-2" | head -5
  fi
}
check run run "$scenario" --runs 30011 --seed 7 --per-run
check precision run "$scenario" --precision 0.01 --seed 3
check sweep sweep "$scenario" --runs 5003 --vary parties.us.pressure.russia=0:2:5
# many points: shared out between the processes in rounds (each point whole)
check sweep-points sweep "$scenario" --runs 301 --vary rounds.probability=0.3:0.9:7 \
  --vary parties.us.aid=supplying,cut --vary parties.russia.compliance=0.95,0.98
check sweep-precision sweep "$scenario" --precision 0.03 --vary rounds.probability=0.3:0.9:5 \
  --vary parties.us.aid=supplying,cut
check compare compare "$scenario" --runs 7001 --vs parties.us.aid=cut
check sensitivity sensitivity scenarios/energy_pause_uncertain.cfg --samples 12 --runs 401
check calibrate calibrate "$scenario" --set pause.horizon_days=30 --runs 3001 \
  --target lapsed=0.44,extended+ceasefire=0.50 --free parties.russia.extension_utility=-10:10
check score score scenarios/cases --runs 2003
# a sweep shared out in rounds, interrupted with SIGINT once process 0 has
# journaled some points, then resumed on 2 processes: the same sweep.csv as
# one process's uninterrupted sweep
resume_args="sweep $scenario --runs 20000 --threads 1 --quiet --vary rounds.probability=0.3:0.9:40 --vary parties.us.aid=supplying,cut"
"$single" $resume_args --out "$tmp/resume-1"
$mpirun "$mpi" $resume_args --out "$tmp/resume-2" &
pid=$! polls=0
while [ "$(cat "$tmp/resume-2/.sweep.journal" 2>/dev/null | wc -l)" -lt 3 ] && [ $polls -lt 600 ]; do
  sleep 0.05; polls=$((polls + 1))
done
kept=$(($(cat "$tmp/resume-2/.sweep.journal" 2>/dev/null | wc -l) - 1))
kill -INT $pid 2>/dev/null || true
wait $pid || true
$mpirun "$mpi" $resume_args --resume --out "$tmp/resume-2"
if [ "$kept" -ge 2 ] && [ ! -e "$tmp/resume-2/.sweep.journal" ] &&
   cmp -s "$tmp/resume-1/sweep.csv" "$tmp/resume-2/sweep.csv"; then
  passed=$((passed + 1)); echo "ok: sweep interrupted on 2 processes ($kept points kept) resumes to identical files"
else
  failed=$((failed + 1)); echo "FAILED: interrupted sweep on 2 processes (kept $kept) did not resume to identical files"
fi
# a bad input stops every process with exit 2
if $mpirun "$mpi" run "$scenario" --set pause.days=0 --out "$tmp/bad" 2>/dev/null; then
  failed=$((failed + 1)); echo "FAILED: bad input accepted"
elif [ -e "$tmp/bad" ]; then
  failed=$((failed + 1)); echo "FAILED: bad input wrote $tmp/bad"
else
  passed=$((passed + 1)); echo "ok: bad input stops all processes, nothing written"
fi
echo "mpi: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

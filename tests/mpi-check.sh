#!/bin/sh
# Checks that the MPI variant on 2 processes writes files byte-identical to
# the single-process program, for run (with per-run rows and sequential
# stopping), sweep (a few points, each split across processes, and many,
# shared out), compare, sensitivity (points split across processes) and
# calibrate. Usage: tests/mpi-check.sh NEGSIM NEGSIM_MPI
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

#!/bin/sh
# Checks make install and uninstall: with DESTDIR every file lands under the
# stage; with PREFIX an installed negsim, run from elsewhere, finds an
# installed example scenario by its name, negsim-plot draws its folder, and
# the bash completion offers verbs and keys; uninstall leaves no file.
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
set -eu
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok: $1"; }
bad() { failed=$((failed + 1)); echo "FAILED: $1"; }

make -s install DESTDIR="$tmp/stage" PREFIX=/usr >/dev/null
for f in bin/negsim bin/negsim-plot share/man/man1/negsim.1 share/negsim/scripts/plot \
         share/negsim/scripts/merge-csv share/negsim/scripts/gnuplot/common.gp \
         share/negsim/scenarios/energy_pause_2025.cfg share/bash-completion/completions/negsim; do
  if [ -e "$tmp/stage/usr/$f" ] || [ -L "$tmp/stage/usr/$f" ]; then ok "DESTDIR: $f"; else bad "DESTDIR: $f missing"; fi
done

x=$tmp/x
make -s install PREFIX="$x" >/dev/null
cd "$tmp"
if "$x/bin/negsim" run energy_pause_2025 --runs 3000 --quiet --out "$tmp/r" &&
   "$x/bin/negsim" run "$x/share/negsim/scenarios/energy_pause_uncertain.cfg" --runs 300 --quiet --out "$tmp/u"; then
  ok "installed negsim runs an installed example by its name"
else
  bad "installed negsim cannot run an installed example"
fi
"$top/bin/negsim" run "$top/scenarios/energy_pause_2025.cfg" --runs 3000 --quiet --out "$tmp/ref"
if cmp -s "$tmp/r/summary.csv" "$tmp/ref/summary.csv"; then ok "same results as the source tree"; else bad "results differ"; fi
if "$x/bin/negsim-plot" "$tmp/r" >/dev/null && [ "$(od -An -tx1 -N4 "$tmp/r/daily.png" | tr -d ' ')" = 89504e47 ]; then
  ok "installed negsim-plot draws the folder"
else
  bad "installed negsim-plot failed"
fi
words=$(PATH="$x/bin:$PATH" bash -c ". '$x/share/bash-completion/completions/negsim'
  COMP_WORDS=(negsim sw); COMP_CWORD=1; _negsim; echo \"\${COMPREPLY[*]}\"
  COMP_WORDS=(negsim run '$x/share/negsim/scenarios/energy_pause_2025.cfg' --set pause.da); COMP_CWORD=4
  _negsim; echo \"\${COMPREPLY[*]}\"
  COMP_WORDS=(negsim ex); COMP_CWORD=1; _negsim; echo \"\${COMPREPLY[*]}\"
  COMP_WORDS=(negsim explain x.cfg --o); COMP_CWORD=3; _negsim; echo \"\${COMPREPLY[*]}\"
  COMP_WORDS=(negsim explain x.cfg --fo); COMP_CWORD=3; _negsim; echo \"\${COMPREPLY[*]}\"
  COMP_WORDS=(negsim explain x.cfg --outcome l); COMP_CWORD=4; _negsim; echo \"\${COMPREPLY[*]}\"
  COMP_WORDS=(negsim sc); COMP_CWORD=1; _negsim; echo \"\${COMPREPLY[*]}\"")
if [ "$words" = "sweep
pause.days=
explain
--out --outcome
--force --format
lapsed
score" ]; then ok "completion: verbs, the verb's options, --outcome and scenario keys"; else bad "completion gave '$words'"; fi
cd "$top"
make -s uninstall PREFIX="$x" >/dev/null
left=$(find "$x" -type f -o -type l | head -3)
if [ -z "$left" ]; then ok "uninstall removes every file"; else bad "uninstall left $left"; fi
echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

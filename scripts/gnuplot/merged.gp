# merged.gp: a summary.csv of several runs merged (scripts/merge-csv, e.g.
# a shell sweep) -> each outcome's probability with its 95% interval
# against the value of key (the first --set column). scripts/plot passes
# the rows grouped by outcome, with run_index (the run's order), and sets key
# and numeric (1 when every value is a number; otherwise the runs are
# evenly spaced and labelled).
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
load gpdir.'/common.gp'

set title with_scenario('Outcome probability against '.key.' (merged runs)')
set xlabel key
set ylabel 'probability (bars: 95% interval)'
set yrange [0:*]
set offsets graph 0.03, graph 0.03, graph 0.05, 0
pick(o, c) = stringcolumn('outcome') eq o ? column(c) : NaN
x(d) = numeric eq '1' ? column(key) : column('run_index')

if (numeric eq '1') {
  plot for [o in outcomes] in using (x(0)):(pick(o, 'probability')):(pick(o, 'ci_low')):(pick(o, 'ci_high')) \
         with yerrorlines pt 7 ps 0.8 lc rgb colour(o) title o
} else {
  plot for [o in outcomes] in using (x(0)):(pick(o, 'probability')):(pick(o, 'ci_low')):(pick(o, 'ci_high')):xtic(stringcolumn(key)) \
         with yerrorlines pt 7 ps 0.8 lc rgb colour(o) title o
}
unset output

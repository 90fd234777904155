# facets.gp: sweep.csv with three or more varied keys -> one panel per
# combination of the keys after the first, each outcome's probability (95%
# band) against the first key. scripts/plot writes grid, a CSV file with
# columns panel, x, xlabel and the outcome columns of sweep.csv, and sets
# key (the first key), labels (each panel's title, quoted words), rows and
# cols (the layout) and numeric.
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
load gpdir.'/common.gp'
in = grid

set style fill transparent solid 0.25 noborder
set yrange [0:1]
set ytics 0.25 font ',8'
set xtics font ',8'
set offsets graph 0.03, graph 0.03, 0, 0
set key font ',8' samplen 1
set multiplot layout rows,cols title with_scenario('Outcome probability against '.key.', one panel per setting of the other keys')
do for [i=1:words(labels)] {
  set title word(labels, i) font ',9'
  if (i > 1) { unset key }
  at(c) = column('panel') == i ? column(c) : NaN
  if (numeric eq '1') {
    plot for [o in outcomes] in using (at('x')):(at(o.'_ci_low')):(at(o.'_ci_high')) \
           with filledcurves lc rgb colour(o) notitle, \
         for [o in outcomes] '' using (at('x')):(at(o)) with linespoints pt 7 ps 0.5 lc rgb colour(o) title o
  } else {
    plot for [o in outcomes] in using (at('x')):(at(o)):xtic(stringcolumn('xlabel')) \
           with linespoints pt 7 ps 0.5 lc rgb colour(o) title o
  }
}
unset multiplot
unset output

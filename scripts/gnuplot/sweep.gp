# sweep.gp: sweep.csv with one varied key -> each outcome's probability
# against the key, with its 95% interval as a shaded band. scripts/plot sets
# key (the varied key's column) and numeric (1 when every value is a number;
# otherwise the points are evenly spaced and labelled with the values).
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
load gpdir.'/common.gp'

set title with_scenario('Outcome probability against '.key)
set xlabel key
set ylabel 'probability (band: 95% interval)'
set yrange [0:*]
set autoscale xfix
set offsets graph 0.03, graph 0.03, graph 0.05, 0
set style fill transparent solid 0.25 noborder

if (numeric eq '1') {
  plot for [o in outcomes] in using (column(key)):(column(o.'_ci_low')):(column(o.'_ci_high')) \
         with filledcurves lc rgb colour(o) notitle, \
       for [o in outcomes] '' using (column(key)):(column(o)) with linespoints pt 7 ps 0.8 lc rgb colour(o) title o
} else {
  plot for [o in outcomes] in using 'point':(column(o.'_ci_low')):(column(o.'_ci_high')) \
         with filledcurves lc rgb colour(o) notitle, \
       for [o in outcomes] '' using 'point':(column(o)):xtic(stringcolumn(key)) \
         with linespoints pt 7 ps 0.8 lc rgb colour(o) title o
}
unset output

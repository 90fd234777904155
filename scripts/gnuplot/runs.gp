# runs.gp: runs.csv -> a histogram of the day each replicate ended, stacked
# by outcome (bottom to top: ceasefire, extended, lapsed, collapsed).
# scripts/plot passes in, a CSV file of counts: day and one column per
# outcome (the replicates that ended in it that day).
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
load gpdir.'/common.gp'

set title with_scenario('Day each replicate ended, by outcome')
set xlabel 'day of the pause'
set ylabel 'replicates ending that day'
set yrange [0:*]
set xrange [0.5:*]
set boxwidth 1.0
set style fill solid 0.9 noborder

c1(x) = column('ceasefire')
c2(x) = c1(x) + column('extended')
c3(x) = c2(x) + column('lapsed')
c4(x) = c3(x) + column('collapsed')

# Drawn top of the stack first, each bar from 0, so each band shows.
plot in using 'day':(c4(0)) with boxes lc rgb colour('collapsed') title 'collapsed', \
     '' using 'day':(c3(0)) with boxes lc rgb colour('lapsed') title 'lapsed', \
     '' using 'day':(c2(0)) with boxes lc rgb colour('extended') title 'extended', \
     '' using 'day':(c1(0)) with boxes lc rgb colour('ceasefire') title 'ceasefire'
unset output

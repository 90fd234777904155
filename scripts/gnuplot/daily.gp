# daily.gp: daily.csv -> stacked shares of the five states of the pause by day.
# Bottom to top: ceasefire, extended, pause, lapsed, collapsed (the outcomes
# that end the pause grow from the edges, the holding states stay in the middle).
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
load gpdir.'/common.gp'

set title with_scenario('State of the pause by day')
set xlabel 'day of the pause'
set ylabel 'share of replicates (probability)'
set xrange [1:*]
set yrange [0:1]
set ytics 0.1
set style fill solid 0.9 noborder

c1(x) = column('ceasefire')
c2(x) = c1(x) + column('extended')
c3(x) = c2(x) + column('pause')
c4(x) = c3(x) + column('lapsed')
c5(x) = c4(x) + column('collapsed')

# Drawn top layer first so that the legend reads in the order of the stack.
plot in using 'day':(c4(0)):(c5(0)) with filledcurves lc rgb colour('collapsed') title 'collapsed', \
     '' using 'day':(c3(0)):(c4(0)) with filledcurves lc rgb colour('lapsed') title 'lapsed', \
     '' using 'day':(c2(0)):(c3(0)) with filledcurves lc rgb colour('pause') title 'pause (first term)', \
     '' using 'day':(c1(0)):(c2(0)) with filledcurves lc rgb colour('extended') title 'pause (extended)', \
     '' using 'day':(0):(c1(0)) with filledcurves lc rgb colour('ceasefire') title 'ceasefire'
unset output

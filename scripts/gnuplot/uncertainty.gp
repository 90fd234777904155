# uncertainty.gp: uncertainty.csv -> per outcome, the spread of its
# probability over the draws of the uncertain parameters: the median with
# the 2.5%-97.5% range (q025 to q975) as a bar in the outcome's colour, and
# the mean as a black cross.
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
load gpdir.'/common.gp'

set title with_scenario('Outcome probability over the uncertain parameters')
set xlabel 'outcome'
set ylabel 'probability'
set yrange [0:*]
set xtics scale 0
set grid noxtics
set offsets 0.5, 0.5, graph 0.05, 0

plot in using 0:'median':'q025':'q975':(colour_int(stringcolumn('outcome'))):xtic(stringcolumn('outcome')) \
       with yerrorbars lc rgb variable lw 3 pt 7 ps 1.2 notitle, \
     keyentry with yerrorbars lc rgb '#555555' lw 3 pt 7 ps 1.2 title 'median, 95% of draws (q025-q975)', \
     '' using 0:'mean' with points pt 2 ps 2 lc rgb '#000000' title 'mean'
unset output

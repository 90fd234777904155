# fit.gp: fit.csv -> per target, the target probability (black square) and
# the fitted one with its Wilson 95% interval (green).
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
load gpdir.'/common.gp'

set title with_scenario('Calibration: fitted against target probabilities')
set xlabel 'target (outcomes)'
set ylabel 'probability'
set yrange [0:*]
set xtics scale 0
set grid noxtics
set offsets 0.5, 0.5, graph 0.05, 0

plot in using 0:'probability':'ci_low':'ci_high':xtic(stringcolumn('target')) \
       with yerrorbars lc rgb '#1a9641' lw 2 pt 7 ps 1.2 title 'fitted (95% interval)', \
     '' using 0:'target_probability' with points pt 5 ps 1.5 lc rgb '#000000' title 'target'
unset output

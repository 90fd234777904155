# compare.gp: compare.csv -> the difference B - A in each outcome's
# probability (bar in the outcome's colour, value under its name; the key
# lists only the two intervals), its paired 95% interval
# from common random numbers (thick black) and, beside it, the interval
# independent runs would give (thin grey). scripts/plot sets title_extra
# to "A: <scenario_a>\nB: <scenario_b>" (with their overrides, if any).
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
load gpdir.'/common.gp'

set title "Change in outcome probability, B - A\n".title_extra
set xlabel 'outcome and its difference B - A' offset 0,-0.6
set ylabel 'difference in probability, B - A'
set xzeroaxis lt 1 lc rgb '#000000' lw 1
set autoscale xfix
set offsets 0.6, 0.6, graph 0.08, graph 0.08
set boxwidth 0.45
set style fill solid 0.55 noborder
set xtics scale 0
set grid noxtics
set key inside top right box opaque   # the bars carry their outcome's colour and name

name(d) = sprintf("%s\n%+.4f", stringcolumn('outcome'), column('difference'))
plot in using 0:'difference':(colour_int(stringcolumn('outcome'))):xtic(name(0)) \
       with boxes lc rgb variable notitle, \
     '' using 0:'difference':'ci_low':'ci_high' with yerrorbars lc rgb '#000000' lw 2 pt 7 ps 0.6 \
       title 'paired 95% interval (CRN)', \
     '' using ($0 + 0.32):'difference':'independent_ci_low':'independent_ci_high' \
       with yerrorbars lc rgb '#8c8c8c' lw 1 pt 6 ps 0.6 title 'independent 95% interval'
unset output

# sensitivity.gp: sensitivity.csv -> for one outcome, a tornado of the
# uncertain parameters, the most influential on top: the total Sobol index
# (grey bar: the share of the variance of the outcome's probability that
# involves the parameter) and the first-order index (coloured bar: the
# share it explains alone), each with its 95% bootstrap interval.
# scripts/plot sets grid (a temporary file of whitespace-separated rows
# "rank parameter first first_lo first_hi total total_lo total_hi"),
# outcome, n (the number of parameters) and title_extra (scenario, design).
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
load gpdir.'/common.gp'

set datafile separator whitespace
set datafile nocolumnheaders
set title 'Sensitivity of P('.outcome.') to the uncertain parameters'.(title_extra eq '' ? '' : "\n".title_extra)
set xlabel 'Sobol index: share of the variance of P('.outcome.') over the parameter draws'
set ylabel ''
nn = n + 0
set yrange [nn + 0.6 : 0.4]
set ytics scale 0
set grid noytics
set xzeroaxis lt 1 lc rgb '#000000' lw 1
set offsets graph 0.02, graph 0.05, 0, 0
set style fill solid 0.85 noborder
set key inside right bottom vertical Left reverse opaque

plot grid using (0):1:(0):6:($1 - 0.4):($1 - 0.02):ytic(2) with boxxyerror \
       lc rgb '#b0b0b0' title 'total index', \
     '' using 6:($1 - 0.21):7:8 with xerrorbars lc rgb '#404040' pt 7 ps 0.5 notitle, \
     '' using (0):1:(0):3:($1 + 0.02):($1 + 0.4) with boxxyerror \
       lc rgb colour(outcome) title 'first-order index', \
     '' using 3:($1 + 0.21):4:5 with xerrorbars lc rgb '#000000' pt 7 ps 0.5 \
       title '95% bootstrap interval'
unset output

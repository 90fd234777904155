# explain.gp: explain.csv -> the counterfactuals of negsim explain ranked
# by their effect on P(ranked_by), the largest on top: a horizontal bar in
# the outcome's colour from 0 to the paired difference (counterfactual -
# scenario as it is) and its paired 95% interval (common random numbers)
# as black error bars. scripts/plot sets grid (a temporary CSV file with
# the columns rank, label, difference, ci_low, ci_high: the rows of
# ranked_by in rank order), outcome (ranked_by), n (the number of
# counterfactuals) and title_extra (scenario and runs).
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
load gpdir.'/common.gp'

set title 'Effect of each counterfactual on P('.outcome.')'.(title_extra eq '' ? '' : "\n".title_extra)
set xlabel 'change in P('.outcome.'): counterfactual - scenario'
set ylabel ''
nn = n + 0
set yrange [nn + 0.6 : 0.4]
set ytics scale 0
set grid noytics
set arrow from 0, graph 0 to 0, graph 1 nohead lt 1 lc rgb '#000000' lw 1 back
set offsets graph 0.05, graph 0.05, 0, 0
set style fill solid 0.75 noborder
set key outside below horizontal

label(x) = sprintf('%s  %+.4f', stringcolumn('label'), column('difference'))
plot grid using (0):'rank':(0):'difference':(column('rank') - 0.35):(column('rank') + 0.35):ytic(label(0)) \
       with boxxyerror lc rgb colour(outcome) title 'paired difference', \
     grid using 'difference':'rank':'ci_low':'ci_high' with xerrorbars lc rgb '#000000' lw 2 pt 7 ps 0.6 \
       title 'paired 95% interval'
unset output

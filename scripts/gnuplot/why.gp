# why.gp: why.csv -> why each outcome happened: for each outcome (extended,
# lapsed, collapsed) its leading reasons (a party's refusal, declined
# renewal or abandonment, or a reason without a party), each a horizontal
# bar in the outcome's colour from 0 to its share of the outcome, with its
# Wilson 95% interval as black error bars; outcomes in the order of
# why.csv, top to bottom, each reason's share largest first. scripts/plot
# sets grid (a temporary CSV file with the columns pos, outcome, label,
# share, ci_low, ci_high), n (the last pos) and title_extra (scenario and
# runs) and present (the outcomes drawn, for the key).
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
load gpdir.'/common.gp'

set title 'Why each outcome happened: its leading reasons'.(title_extra eq '' ? '' : "\n".title_extra)
set xlabel "share of the outcome's replicates"
set ylabel ''
nn = n + 0
set yrange [nn + 0.6 : 0.4]
set xrange [0:1.02]
set ytics scale 0
set grid noytics
set style fill solid 0.75 noborder
set key outside below horizontal

plot grid using (0):'pos':(0):'share':(column('pos') - 0.35):(column('pos') + 0.35):(colour_int(stringcolumn('outcome'))):ytic(stringcolumn('label')) \
       with boxxyerror lc rgb variable notitle, \
     for [o in present] keyentry with boxxyerror lc rgb colour(o) title o, \
     grid using 'share':'pos':'ci_low':'ci_high' with xerrorbars lc rgb '#000000' lw 2 pt 7 ps 0.6 \
       title '95% interval (Wilson)'
unset output

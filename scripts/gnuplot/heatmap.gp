# heatmap.gp: sweep.csv with two varied keys -> heatmap of one outcome's
# probability over the grid, each cell labelled with its value. scripts/plot
# sets grid (a file of rows "i j p", i and j the indices of the values of
# key1 and key2), outcome, key1, key2, and xt and yt (tic lists: "'v' i, ...").
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
load gpdir.'/common.gp'
set datafile separator whitespace
set datafile nocolumnheaders

set title with_scenario('P('.outcome.') over the two swept settings')
set xlabel key1
set ylabel key2
set cblabel 'P('.outcome.')'
eval 'set xtics ('.xt.')'
eval 'set ytics ('.yt.')'
set tics scale 0
set grid noxtics noytics
set border 0
set key off
stats grid using 1:2 nooutput
set xrange [STATS_min_x - 0.5 : STATS_max_x + 0.5]
set yrange [STATS_min_y - 0.5 : STATS_max_y + 0.5]
# From white to the outcome's colour, then to that colour at 40% brightness.
c = colour_int(outcome)
dark = int((c >> 16) * 0.4) * 65536 + int(((c >> 8) & 255) * 0.4) * 256 + int((c & 255) * 0.4)
eval sprintf("set palette defined (0 '#ffffff', 0.6 '%s', 1 '#%06x')", colour(outcome), dark)
set colorbox
# Cell labels, dark on light cells and white on dark ones.
stats grid using 3 name 'P' nooutput
ink(p) = (P_max > P_min && (p - P_min) / (P_max - P_min) > 0.6) ? 0xffffff : 0x222222
size = (STATS_max_x + 1) * (STATS_max_y + 1)
if (size <= 200) {
  plot grid using 1:2:3 with image, \
       '' using 1:2:(sprintf('%.3f', $3)):(ink($3)) with labels tc rgb variable font 'Sans,10'
} else {
  plot grid using 1:2:3 with image
}
unset output

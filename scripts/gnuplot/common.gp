# common.gp: settings shared by every negsim figure, loaded first by each
# scripts/gnuplot/*.gp. scripts/plot sets term ('pngcairo', 'png', 'svg' or
# 'pdfcairo'), width and height (pixels), in (the CSV file), out (the
# figure file) and title_extra (scenario, may be '').
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.

# Size in pixels (width, height; scripts/plot --size, default 900x600);
# noenhanced so that '_' in names is printed, not a subscript. PDF is sized
# at 100 pixels to the inch.
if (term eq 'pngcairo') {
  set terminal pngcairo size width,height noenhanced font 'Sans,11' linewidth 1.5
} else { if (term eq 'png') {
  set terminal png truecolor size width,height noenhanced font 'Sans,11' linewidth 1.5
} else { if (term eq 'svg') {
  set terminal svg size width,height noenhanced font 'Sans,11' linewidth 1.5 background '#ffffff'
} else {
  set terminal pdfcairo size (width / 100.0),(height / 100.0) noenhanced font 'Sans,9' linewidth 1.5
} } }
set output out
# NEGSIM_PLOT_TABLE (tests): the plotted points as text instead of a figure.
if (exists('table') && table ne '') { set table table }

# CSV with a header row; columns are addressed by name.
set datafile separator comma
set datafile columnheaders
set datafile missing 'NA'

set grid back lt 1 lc rgb '#e4e4e4' lw 0.7
set border 3 back
set tics nomirror out
set key outside right top vertical Left reverse noautotitle samplen 2

# One colour per outcome (and the two holding states), the same in every figure.
outcomes = 'ceasefire extended lapsed collapsed'
colour(s) = s eq 'ceasefire' ? '#1a9641' : s eq 'extended' ? '#4393c3' : \
            s eq 'pause' ? '#a6cee3' : s eq 'lapsed' ? '#f4a040' : \
            s eq 'collapsed' ? '#d7191c' : '#777777'
with_scenario(t) = title_extra eq '' ? t : t.' - '.title_extra
colour_int(s) = ('0x'.colour(s)[2:7]) + 0   # for 'lc rgb variable'

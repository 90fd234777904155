# reliability.gp: the reliability diagram of negsim score (score.csv, via
# the bins scripts/plot computes into `in`: forecast,mean_p,freq,n). For
# each forecaster, its forecast probabilities of every outcome of every
# labelled case, pooled and binned by 0.2: the mean forecast against how
# often the outcome happened (a second reading counts half), with the
# number of forecasts in the bin beside each point. On the diagonal, the
# forecasts are calibrated.
# Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
load gpdir.'/common.gp'
if (exists('table') && table ne '') { set table table }

set title with_scenario('Reliability of the forecasts (negsim score)')
set xlabel 'forecast probability (mean in each bin of 0.2)'
set ylabel 'observed frequency'
set xrange [0:1]
set yrange [0:1]
set size ratio -1
fc(name, c) = strcol('forecast') eq name ? column(c) : NaN
plot x with lines lc rgb '#999999' dt 2 title 'perfectly calibrated', \
     in using (fc('negsim', 'mean_p')):'freq' with linespoints lc rgb '#1a9641' pt 7 ps 1.2 \
       title 'negsim', \
     '' using (fc('negsim', 'mean_p')):'freq':(sprintf('%d', column('n'))) with labels \
       offset 1.2,0.6 tc rgb '#1a9641' notitle, \
     '' using (fc('base_rate', 'mean_p')):'freq' with linespoints lc rgb '#f4a040' pt 5 ps 1.1 \
       title 'base_rate', \
     '' using (fc('generic', 'mean_p')):'freq' with linespoints lc rgb '#4393c3' pt 9 ps 1.2 \
       title 'generic'
unset output

# Slice-and-Sandwich (-sweep_study sandwich): malformed difficulty-group input and option values.
sandwich_head='Model,FLOPs (1E21),0_10_brier,10_20_brier,20_30_brier,acc,brier\n'
sandwich_rows='a,1,0.4,0.5,0.6,0.3,0.5\nb,2,0.4,0.5,0.6,0.3,0.5\n'

begin "sandwich: text where a Brier score belongs"
kind=1
put "$csv" "${sandwich_head}${sandwich_rows}c,3,0.4,abc,0.6,0.3,0.5\n"
args=(-sweep_study sandwich -sweep_sandwich_easy 1 -sweep_sandwich_hard 3)
frags=("bad.csv:4:" "'10_20_brier'")
bad

begin "sandwich: NaN as an accuracy"
kind=1
put "$csv" "${sandwich_head}${sandwich_rows}c,3,0.4,0.5,0.6,NaN,0.5\n"
args=(-sweep_study sandwich -sweep_sandwich_easy 1 -sweep_sandwich_hard 3)
frags=("bad.csv:4:" "'acc'")
bad

begin "sandwich: negative training FLOPs"
kind=1
put "$csv" "${sandwich_head}${sandwich_rows}c,-3,0.4,0.5,0.6,0.3,0.5\n"
args=(-sweep_study sandwich -sweep_sandwich_easy 1 -sweep_sandwich_hard 3)
frags=("bad.csv:4:" "'FLOPs (1E21)'" "must be positive")
bad

begin "sandwich: a hard group beyond the groups there are"
kind=1
put "$csv" "${sandwich_head}${sandwich_rows}"
args=(-sweep_study sandwich -sweep_sandwich_easy 1 -sweep_sandwich_hard 8-10)
frags=("-sweep_sandwich_hard" "'8-10'" "1-3")
bad

begin "sandwich: an easy-group range that is not a range"
kind=1
put "$csv" "${sandwich_head}${sandwich_rows}"
args=(-sweep_study sandwich -sweep_sandwich_easy first)
frags=("-sweep_sandwich_easy" "'first'")
bad

begin "sandwich: a missing FLOPs column"
kind=1
put "$csv" "${sandwich_head}${sandwich_rows}"
args=(-sweep_study sandwich -sweep_sandwich_flops_col compute)
frags=("compute" "-sweep_sandwich_flops_col")
bad

begin "sandwich: good control (the project's synthetic input), so that the cases below can fail"
kind=1
cp inputs/sandwich.csv "$csv"
args=(-sweep_study sandwich -sweep_sandwich_exclude none -sweep_bootstrap 0)
good

begin "sandwich: an empty file"
kind=1
: > "$csv"
args=(-sweep_study sandwich)
frags=("bad.csv" "empty")
bad

begin "sandwich: an output directory that does not exist"
kind=1
cp inputs/sandwich.csv "$csv"
out=$scratch/case/nodir/out.nc
args=(-sweep_study sandwich -sweep_sandwich_exclude none -sweep_bootstrap 0)
frags=("nodir/out.nc" "No such file")
bad

begin "sandwich: a group column whose name is not <first>_<end>_brier"
kind=1
put "$csv" 'Model,FLOPs (1E21),0_10_brier,ten_20_brier,20_30_brier,acc,brier\na,1,0.4,0.5,0.6,0.3,0.5\n'
args=(-sweep_study sandwich -sweep_sandwich_easy 1 -sweep_sandwich_hard 3)
frags=("bad.csv:1:4:" "'ten_20_brier'")
bad

begin "sandwich: overlapping question groups"
kind=1
put "$csv" 'Model,FLOPs (1E21),0_10_brier,5_20_brier,20_30_brier,acc,brier\na,1,0.4,0.5,0.6,0.3,0.5\n'
args=(-sweep_study sandwich -sweep_sandwich_easy 1 -sweep_sandwich_hard 3)
frags=("bad.csv:1:4:" "'5_20_brier' overlaps '0_10_brier'")
bad

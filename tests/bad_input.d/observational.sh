# Bad input of the observational study (sourced by tests/bad_input.sh): a malformed score, a NaN, a
# negative size, zero compute, a target out of [0, 1], unknown columns and option values; and a good
# control (a small table with empty cells), so that the cases can fail.
obs_head='Model,Model Family,Model Size (B),Pretraining Data Size (T),FLOPs (1E21),A,B,C\n'
obs_rows() { # 8 valid rows in 2 families (F1 the reference), two empty cells
  printf 'm1,F1,1,0.1,0.6,0.30,0.20,0.41\nm2,F1,3,0.3,5.4,0.45,0.31,0.52\nm3,F1,7,1,42,0.60,0.46,0.70\n'
  printf 'm4,F2,1,0.2,1.2,0.35,,0.44\nm5,F2,3,0.5,9,0.50,0.36,0.58\nm6,F2,7,2,84,0.68,0.55,\n'
  printf 'm7,F1,13,2,156,0.70,0.60,0.81\nm8,F2,13,3,234,0.74,0.66,0.85\n'
}
obs_args=(-sweep_study observational -sweep_observational_reference F1 -sweep_observational_targets B
          -sweep_observational_pcs 2 -sweep_observational_link_pcs 1 -sweep_observational_impute_rank 1
          -sweep_observational_cutoff 5e22)

begin "observational: good control (8 models, empty cells)"
kind=1
{ printf "$obs_head"; obs_rows; } > "$csv"
args=("${obs_args[@]}")
good

begin "observational: text in a score cell"
kind=1
{ printf "$obs_head"; obs_rows; printf 'm9,F2,2,0.2,2,0.4,abc,0.5\n'; } > "$csv"
args=("${obs_args[@]}")
frags=("bad.csv:10:" "'B'")
bad

begin "observational: NaN score"
kind=1
{ printf "$obs_head"; obs_rows; printf 'm9,F2,2,0.2,2,NaN,0.3,0.5\n'; } > "$csv"
args=("${obs_args[@]}")
frags=("bad.csv:10:" "'A'")
bad

begin "observational: negative model size"
kind=1
{ printf "$obs_head"; obs_rows; printf 'm9,F2,-2,0.2,2,0.4,0.3,0.5\n'; } > "$csv"
args=("${obs_args[@]}")
frags=("bad.csv:10:" "'Model Size (B)'")
bad

begin "observational: zero compute"
kind=1
{ printf "$obs_head"; obs_rows; printf 'm9,F2,2,0.2,0,0.4,0.3,0.5\n'; } > "$csv"
args=("${obs_args[@]}")
frags=("bad.csv:10:" "'FLOPs (1E21)'" "> 0")
bad

begin "observational: target score above 1"
kind=1
{ printf "$obs_head"; obs_rows; printf 'm9,F2,2,0.2,2,0.4,30,0.5\n'; } > "$csv"
args=("${obs_args[@]}")
frags=("bad.csv:10:" "'B'")
bad

begin "observational: unknown target column"
kind=1
{ printf "$obs_head"; obs_rows; } > "$csv"
args=("${obs_args[@]}" -sweep_observational_targets GSM8K)
frags=("'GSM8K'" "-sweep_observational_targets")
bad

begin "observational: unknown reference family"
kind=1
{ printf "$obs_head"; obs_rows; } > "$csv"
args=("${obs_args[@]}" -sweep_observational_reference Llama-2)
frags=("-sweep_observational_reference" "Llama-2")
bad

begin "observational: imputation rank not below the metric count"
kind=1
{ printf "$obs_head"; obs_rows; } > "$csv"
args=("${obs_args[@]}" -sweep_observational_impute_rank 3)
frags=("-sweep_observational_impute_rank" "3")
bad

begin "observational: negative Huber threshold"
kind=1
{ printf "$obs_head"; obs_rows; } > "$csv"
args=("${obs_args[@]}" -sweep_observational_huber -1)
frags=("-sweep_observational_huber" "-1")
bad

begin "observational: a model without any metric score"
kind=1
{ printf "$obs_head"; obs_rows; printf 'm9,F2,2,0.2,2,,,\n'; } > "$csv"
args=("${obs_args[@]}")
frags=("bad.csv:10:" "'m9'" "no metric score")
bad

begin "observational: a cutoff below every model"
kind=1
{ printf "$obs_head"; obs_rows; } > "$csv"
args=("${obs_args[@]}" -sweep_observational_cutoff 1e18)
frags=("-sweep_observational_cutoff" "1e+18")
bad

begin "observational: an empty file"
kind=1
: > "$csv"
args=("${obs_args[@]}")
frags=("bad.csv" "empty")
bad

begin "observational: a missing family column"
kind=1
{ printf "$obs_head"; obs_rows; } > "$csv"
args=("${obs_args[@]}" -sweep_observational_family_col Family)
frags=("bad.csv:1:" "'Family'" "-sweep_observational_family_col")
bad

begin "observational: an output directory that does not exist"
kind=1
{ printf "$obs_head"; obs_rows; } > "$csv"
out=$scratch/case/nodir/out.nc
args=("${obs_args[@]}")
frags=("nodir/out.nc" "No such file")
bad

begin "observational: a metric listed twice"
kind=1
{ printf "$obs_head"; obs_rows; } > "$csv"
args=("${obs_args[@]}" -sweep_observational_metrics A,B,A,C)
frags=("-sweep_observational_metrics" "'A' is listed twice")
bad

begin "observational: a target listed twice"
kind=1
{ printf "$obs_head"; obs_rows; } > "$csv"
args=("${obs_args[@]}" -sweep_observational_targets B,B)
frags=("-sweep_observational_targets" "'B' is listed twice")
bad

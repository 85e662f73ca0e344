# Bad-input cases of the infotheory study (a computed study: its options are its only input).
begin "infotheory: a non-numeric erasure"
kind=1
args=(-sweep_study infotheory -sweep_infotheory_erasure half)
frags=("-sweep_infotheory_erasure" "'half' is not a number")
bad

begin "infotheory: erasure 1 (out of (0, 1))"
kind=1
args=(-sweep_study infotheory -sweep_infotheory_erasure 1)
frags=("-sweep_infotheory_erasure" "not in")
bad

begin "infotheory: an unknown degree distribution"
kind=1
args=(-sweep_study infotheory -sweep_infotheory_degrees geometric)
frags=("-sweep_infotheory_degrees" "'geometric' is not binomial or poisson")
bad

begin "infotheory: a negative model size"
kind=1
args=(-sweep_study infotheory -sweep_infotheory_model_size -1e8:1e12:5)
frags=("-sweep_infotheory_model_size" "0 < lo <= hi")
bad

begin "infotheory: a NaN level weight"
kind=1
args=(-sweep_study infotheory -sweep_infotheory_multimodal_weights 0.4,nan,0.2)
frags=("-sweep_infotheory_multimodal_weights" "'nan' is not a number")
bad

begin "infotheory: weights and levels of different lengths"
kind=1
args=(-sweep_study infotheory -sweep_infotheory_multimodal_weights 0.5,0.5)
frags=("-sweep_infotheory_multimodal_weights" "2 weights for 3 levels")
bad

begin "infotheory: bootstrap replicates of a computed study"
kind=1
args=(-sweep_study infotheory -sweep_bootstrap 10)
frags=("-sweep_bootstrap" "nothing to resample")
bad

begin "infotheory: an output directory that does not exist"
kind=1
out=$scratch/missing/out.nc
args=(-sweep_study infotheory -sweep_infotheory_model_size 1e8:1e12:3 -sweep_infotheory_data_size 2e9:2e13:3
      -sweep_infotheory_budget 1e18:1e26:3)
frags=("cannot write output" "missing/out.nc")
bad

begin "infotheory: a single budget (no exponent to fit)"
kind=1
args=(-sweep_study infotheory -sweep_infotheory_budget 1e18:1e18:1)
frags=("-sweep_infotheory_budget" "at least 2 different budgets")
bad

# Bad input of the sigmoid study kind (docs/sigmoid.md): sourced by tests/bad_input.sh.
sigmoid_rows='m1,1e8,2e9,0.9,0.25\nm1,1e8,4e9,0.8,0.3\nm2,1e9,2e10,0.6,0.5\nm2,1e9,4e10,0.5,0.6\n'

begin "sigmoid: text where an accuracy belongs"
kind=1
put "$csv" "model,N,D,loss,accuracy\nm0,1e8,1e9,1.0,abc\n$sigmoid_rows"
args=(-sweep_study sigmoid)
frags=("bad.csv:2:" "'accuracy'" "not a number")
bad

begin "sigmoid: a NaN loss"
kind=1
put "$csv" "model,N,D,loss,accuracy\n$sigmoid_rows""m3,1e10,2e11,nan,0.7\n"
args=(-sweep_study sigmoid)
frags=("bad.csv:6:" "'loss'" "not a finite number")
bad

begin "sigmoid: a negative model size"
kind=1
put "$csv" "model,N,D,loss,accuracy\nm0,-1e8,1e9,1.0,0.2\n$sigmoid_rows"
args=(-sweep_study sigmoid)
frags=("bad.csv:2:" "'N'" "must be > 0")
bad

begin "sigmoid: an accuracy above 1"
kind=1
put "$csv" "model,N,D,loss,accuracy\n$sigmoid_rows""m3,1e10,2e11,0.4,1.5\n"
args=(-sweep_study sigmoid)
frags=("bad.csv:6:" "'accuracy'" "is outside")
bad

begin "sigmoid: no accuracy column"
kind=1
put "$csv" "model,N,D,loss,acc\n$sigmoid_rows"
args=(-sweep_study sigmoid)
frags=("bad.csv" "-sweep_sigmoid_col_acc" "accuracy")
bad

begin "sigmoid: an unknown level type"
kind=1
put "$csv" "model,N,D,loss,accuracy\n$sigmoid_rows"
args=(-sweep_study sigmoid -sweep_sigmoid_level_type halfway)
frags=("-sweep_sigmoid_level_type" "'halfway'")
bad

begin "sigmoid: an unknown loss law"
kind=1
put "$csv" "model,N,D,loss,accuracy\n$sigmoid_rows"
args=(-sweep_study sigmoid -sweep_sigmoid_loss_law hoffmann)
frags=("-sweep_sigmoid_loss_law" "'hoffmann'")
bad

begin "sigmoid: kmax out of range"
kind=1
put "$csv" "model,N,D,loss,accuracy\n$sigmoid_rows"
args=(-sweep_study sigmoid -sweep_sigmoid_kmax 9)
frags=("-sweep_sigmoid_kmax" "9")
bad

begin "sigmoid: a malformed grid"
kind=1
put "$csv" "model,N,D,loss,accuracy\n$sigmoid_rows"
args=(-sweep_study sigmoid -sweep_sigmoid_grid 18:16:10)
frags=("-sweep_sigmoid_grid" "'18:16:10'")
bad

begin "sigmoid: good control (the shipped ladder, C column only, no loss: no two-step)"
kind=1
cut -d, -f1,4,6 "$(dirname "$0")/../inputs/sigmoid.csv" > "$csv"
args=(-sweep_study sigmoid -sweep_bootstrap 2)
good

begin "sigmoid: a malformed prediction target"
kind=1
put "$csv" "model,N,D,loss,accuracy\n$sigmoid_rows"
args=(-sweep_study sigmoid -sweep_sigmoid_predict 7e9:-4e12)
frags=("-sweep_sigmoid_predict" "'7e9:-4e12'")
bad

begin "sigmoid: an empty file"
kind=1
put "$csv" ''
args=(-sweep_study sigmoid)
frags=("bad.csv" "empty")
bad

begin "sigmoid: a header and no rows"
kind=1
put "$csv" 'model,N,D,loss,accuracy\n'
args=(-sweep_study sigmoid)
frags=("bad.csv" "no data rows")
bad

begin "sigmoid: an output directory that does not exist"
kind=1
put "$csv" "model,N,D,loss,accuracy\n$sigmoid_rows"
out=$scratch/missing/out.nc
args=(-sweep_study sigmoid -sweep_bootstrap 2)
frags=("cannot write output" "missing/out.nc")
bad

begin "sigmoid: every row at one compute"
kind=1
put "$csv" 'model,C,accuracy\nm0,1e20,0.2\nm1,1e20,0.3\nm2,1e20,0.5\nm3,1e20,0.7\n'
args=(-sweep_study sigmoid)
frags=("bad.csv" "'C'" "at least 2 different computes")
bad

# Bad input of the passuntil study (issue 7): sourced by tests/bad_input.sh (bad_input.d/README.md).
pu_ok='model,N,instance,samples,passes\nm1,1e8,a,4000,4\nm1,1e8,b,100000,0\nm2,2e8,a,900,4\nm2,2e8,b,50000,4\n'

begin "passuntil: good control"
kind=1
put "$csv" "$pu_ok"
args=(-sweep_study passuntil -sweep_bootstrap 4)
good

begin "passuntil: text where the sample count belongs"
kind=1
put "$csv" 'model,N,instance,samples,passes\nm1,1e8,a,4000,4\nm2,2e8,a,many,4\n'
args=(-sweep_study passuntil)
frags=("bad.csv:3:" "'samples'" "'many'")
bad

begin "passuntil: NaN passes"
kind=1
put "$csv" 'model,N,instance,samples,passes\nm1,1e8,a,4000,nan\nm2,2e8,a,900,4\n'
args=(-sweep_study passuntil)
frags=("bad.csv:2:" "'passes'" "not a finite number")
bad

begin "passuntil: a negative model size"
kind=1
put "$csv" 'model,N,instance,samples,passes\nm1,-1e8,a,4000,4\nm2,2e8,a,900,4\n'
args=(-sweep_study passuntil)
frags=("bad.csv:2:" "'N'" "-1e+08 is not a positive size")
bad

begin "passuntil: more passes than r"
kind=1
put "$csv" 'model,N,instance,samples,passes\nm1,1e8,a,4000,5\nm2,2e8,a,900,4\n'
args=(-sweep_study passuntil -sweep_passuntil_r 4)
frags=("bad.csv:2:" "'passes'" "5 is not a whole number from 0 to 4")
bad

begin "passuntil: a model and instance twice"
kind=1
put "$csv" 'model,N,instance,samples,passes\nm1,1e8,a,4000,4\nm1,1e8,a,300,4\nm2,2e8,a,900,4\n'
args=(-sweep_study passuntil)
frags=("bad.csv:3:" "'m1'" "'a'" "twice")
bad

begin "passuntil: a missing column"
kind=1
put "$csv" 'model,N,instance,draws,passes\nm1,1e8,a,4000,4\nm2,2e8,a,900,4\n'
args=(-sweep_study passuntil)
frags=("'samples'" "-sweep_passuntil_col_samples")
bad

begin "passuntil: -sweep_passuntil_r 1"
kind=1
put "$csv" "$pu_ok"
args=(-sweep_study passuntil -sweep_passuntil_r 1)
frags=("-sweep_passuntil_r" "below 2")
bad

begin "passuntil: -sweep_passuntil_predict_n 4y"
kind=1
put "$csv" "$pu_ok"
args=(-sweep_study passuntil -sweep_passuntil_predict_n 2e9,4y)
frags=("-sweep_passuntil_predict_n" "'4y'")
bad

begin "passuntil: -sweep_passuntil_level 1.5"
kind=1
put "$csv" "$pu_ok"
args=(-sweep_study passuntil -sweep_passuntil_level 1.5)
frags=("-sweep_passuntil_level" "1.5")
bad

begin "passuntil: -sweep_passuntil_instance_fit maybe"
kind=1
put "$csv" "$pu_ok"
args=(-sweep_study passuntil -sweep_passuntil_instance_fit maybe)
frags=("-sweep_passuntil_instance_fit" "'maybe'" "ml, wls or none")
bad

begin "passuntil: an empty file"
kind=1
put "$csv" ''
args=(-sweep_study passuntil)
frags=("bad.csv" "empty")
bad

begin "passuntil: a header and no rows"
kind=1
put "$csv" 'model,N,instance,samples,passes\n'
args=(-sweep_study passuntil)
frags=("bad.csv" "no data rows")
bad

begin "passuntil: an output directory that does not exist"
kind=1
put "$csv" "$pu_ok"
out=$scratch/missing/out.nc
args=(-sweep_study passuntil -sweep_bootstrap 4)
frags=("cannot write output" "missing/out.nc")
bad

begin "passuntil: every model of one size"
kind=1
put "$csv" 'model,N,instance,samples,passes\nm1,1e8,a,4000,4\nm2,1e8,a,900,4\n'
args=(-sweep_study passuntil)
frags=("bad.csv" "'N'" "at least 2 different sizes")
bad

#!/usr/bin/env bash
# Bad input: every case gives scalesweep one wrong CSV or option and checks that it fails the way
# a command-line tool should: a non-zero exit, one short `scalesweep: error: ...` line that names
# the file:line, column or option at fault (no PETSc traceback), and nothing left at the output
# path (no out.nc, no out.nc.part). Two good controls (a plain CSV; a CSV with quoted fields
# holding commas, CRLF line ends, extra columns and a "Model Size" column chosen with
# -sweep_col_n Model_Size) must succeed, so that the script can fail.
# Usage: bad_input.sh SCALESWEEP SCRATCHDIR
# Prints `ok N - name` or `not ok N - name: why` per case, then `N passed, M failed`; exits 1 if
# any case failed.
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 SCALESWEEP SCRATCHDIR" >&2
  exit 2
fi
bin=$1 scratch=$2
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
case $scratch in /*) ;; *) scratch=$PWD/$scratch ;; esac
if [ ! -x "$bin" ]; then
  echo "bad_input.sh: '$bin' is not an executable" >&2
  exit 2
fi
case $scratch in "" | / | /tmp | /tmp/ | "$HOME" | "$HOME/")
  echo "bad_input.sh: refusing to use '$scratch' as the scratch directory" >&2
  exit 2 ;;
esac
mkdir -p "$scratch" || exit 2
scratch=$(cd "$scratch" && pwd -P)

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# The options every run gets: small grids and few starts, so a good run takes about a second.
common=(-sweep_starts random:3 -sweep_budget 1e20:1e22:3 -sweep_model_size 1e8:1e10:3
        -sweep_data_size 1e9:1e11:3)
# mpiexec for the parallel cases; --quiet keeps Open MPI's own "process returned a non-zero exit
# code" banner out of stderr, so the same "at most 3 lines" rule applies.
mpirun=()
if command -v mpiexec > /dev/null 2>&1; then
  if mpiexec --version 2>&1 | grep -qiE 'open ?mpi|openrte'; then
    mpirun=(mpiexec --quiet --oversubscribe -n 2)
  else
    mpirun=(mpiexec -n 2)
  fi
fi

# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------

# A valid ladder of 12 runs from the Chinchilla law (Hoffmann et al.'s fit), no noise:
# 3 budgets x 4 model sizes, D = C/(6N).
valid_rows() {
  awk 'BEGIN {
    for (c = 18; c <= 20; c++)
      for (k = 0; k < 4; k++) {
        C = 10 ^ c; N = 1.5e7 * 10 ^ ((c - 18) / 2) * 3 ^ k; D = C / (6 * N)
        L = 1.69 + 406.4 / N ^ 0.34 + 410.7 / D ^ 0.28
        printf "%.10g,%.10g,%.10g,%.10g\n", N, D, C, L
      }
  }'
}
valid_csv() { # FILE: columns N,D,C,loss
  { echo "N,D,C,loss"; valid_rows; } > "$1"
}
# The same runs with a quoted header field, quoted fields holding commas and "" escapes, extra
# columns, CRLF line ends, and the model size in a column named "Model Size".
messy_csv() { # FILE
  valid_rows | awk -F, 'BEGIN { printf "run,\"Model Size\",notes,D,\"loss\",C,\"extra, col\"\r\n" }
    { printf "\"run %d, seed 0\",%s,\"lr=3e-4, warmup=1k, said \"\"hi\"\"\",\"%s\",%s,%s,x\r\n", NR, $1, $2, $4, $3 }' > "$1"
}
# Writes FILE from printf FORMAT (escapes such as \n, \r, \0 are expanded).
put() { # FILE FORMAT
  printf "$2" > "$1"
}

# ---------------------------------------------------------------------------------------------
# The harness
# ---------------------------------------------------------------------------------------------

n=0 passed=0 failed=0
cdir='' csv='' out='' args=() frags=() launch=() outkind=absent

# Starts a case: a fresh, empty scratch directory; the input defaults to $scratch/bad.csv and the
# output to $scratch/case/out.nc. The case then writes its input and sets args, frags, ...
begin() {
  n=$((n + 1))
  name=$1
  rm -rf "$scratch" && mkdir -p "$scratch/case" || { echo "bad_input.sh: cannot make $scratch" >&2; exit 2; }
  cdir=$scratch
  csv=$scratch/bad.csv
  out=$scratch/case/out.nc
  args=() frags=() launch=() outkind=absent kind=0
}

report() { # WHY (empty: ok)
  if [ -z "$1" ]; then
    echo "ok $n - $name"
    passed=$((passed + 1))
  else
    echo "not ok $n - $name: $1"
    failed=$((failed + 1))
  fi
}

# Runs the case; sets rc and leaves stdout/stderr in $cdir/stdout, $cdir/stderr.
run() {
  if [ ${#launch[@]} -gt 0 ] && [ "${launch[0]}" = mpi ] && [ ${#mpirun[@]} -eq 0 ]; then
    rc=skip
    return
  fi
  local pre=()
  [ ${#launch[@]} -gt 0 ] && pre=("${mpirun[@]}")
  local extra=("${common[@]}") # the loss study's options; a study kind's case (kind=1) has its own
  [ "$kind" = 1 ] && extra=()
  timeout -k 10 60 ${pre[@]+"${pre[@]}"} "$bin" -sweep_input "$csv" -sweep_output "$out" ${extra[@]+"${extra[@]}"} \
    ${args[@]+"${args[@]}"} > "$cdir/stdout" 2> "$cdir/stderr" < /dev/null
  rc=$?
}

first_err() { # the first line of stderr, shortened, for a failure's reason
  local line
  line=$(head -n 1 "$cdir/stderr" | cut -c 1-220)
  [ -n "$line" ] && echo " [stderr: $line]" || echo " [stderr empty]"
}

leftovers() { # what a failed run left at the output path
  local why=""
  local dir=${out%/*} base=${out##*/}
  case $outkind in
    absent) if [ -e "$out" ] || [ -L "$out" ]; then why="$why; $base was created"; fi ;;
    kept) cmp -s "$out" "$scratch/before.nc" || why="$why; the existing $base was changed" ;;
    dir)
      if [ ! -d "$out" ]; then why="$why; the directory $base was replaced"
      elif [ -n "$(ls -A "$out")" ]; then why="$why; files were written inside the directory $base"; fi ;;
  esac
  if [ -d "$dir" ]; then
    local tmps
    tmps=$(cd "$dir" && ls -d -- "$base".part 2> /dev/null | paste -sd ' ')
    [ -n "$tmps" ] && why="$why; temp file left: $tmps"
  fi
  echo "$why"
}

# Runs a bad case and checks it. Every fragment of frags must appear in stderr (grep -F).
bad() {
  local why="" lines f
  run
  if [ "$rc" = skip ]; then
    echo "ok $n - $name # SKIP no mpiexec"
    passed=$((passed + 1))
    return
  fi
  if [ "$rc" -eq 0 ]; then why="$why; exit status 0"
  elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then why="$why; timed out after 60 s (hang?)"
  elif [ "$rc" -gt 128 ]; then why="$why; killed by signal $((rc - 128))"; fi
  for f in "${frags[@]}"; do
    grep -qF -- "$f" "$cdir/stderr" || why="$why; stderr lacks '$f'"
  done
  grep -q '^scalesweep: error: ' "$cdir/stderr" || why="$why; no 'scalesweep: error:' line"
  lines=$(awk 'END { print NR }' "$cdir/stderr")
  [ "$lines" -le 3 ] || why="$why; stderr has $lines lines"
  grep -q 'PETSC ERROR' "$cdir/stderr" && why="$why; PETSc traceback on stderr"
  [ "$(grep -c '^scalesweep: error: ' "$cdir/stderr")" -le 1 ] || why="$why; the error is printed more than once"
  why="$why$(leftovers)"
  [ -n "$why" ] && why="${why#; }$(first_err)"
  report "$why"
}

# Runs a good control: exit 0, out.nc created, no temp file.
good() {
  local why=""
  run
  [ "$rc" -eq 0 ] || why="$why; exit status $rc"
  [ -s "$out" ] || why="$why; out.nc was not created"
  grep -q 'error' "$cdir/stderr" && why="$why; an error on stderr"
  local tmps
  tmps=$(cd "${out%/*}" && ls -d -- "${out##*/}".part 2> /dev/null | paste -sd ' ')
  [ -n "$tmps" ] && why="$why; temp file left: $tmps"
  [ -n "$why" ] && why="${why#; }$(first_err)"
  report "$why"
}

# ---------------------------------------------------------------------------------------------
# Good controls
# ---------------------------------------------------------------------------------------------

begin "good control: a valid CSV"
csv=$scratch/runs.csv; valid_csv "$csv"
good

begin "good control: quoted fields with commas, CRLF, extra columns, -sweep_col_n Model_Size"
csv=$scratch/messy.csv; messy_csv "$csv"
args=(-sweep_col_n Model_Size)
good

# ---------------------------------------------------------------------------------------------
# The input file
# ---------------------------------------------------------------------------------------------

begin "input file missing"
csv=$scratch/missing.csv
frags=("missing.csv" "No such file")
bad

begin "input is a directory"
csv=$scratch/dir.csv; mkdir "$csv"
frags=("dir.csv" "directory")
bad

begin "empty file"
csv=$scratch/empty.csv; : > "$csv"
frags=("empty.csv" "empty")
bad

begin "blank lines only"
csv=$scratch/blank.csv; put "$csv" '\n   \n\t\n\r\n\n'
frags=("blank.csv" "empty")
bad

begin "header only"
csv=$scratch/header.csv; put "$csv" 'N,D,loss\n'
frags=("header.csv" "no data rows")
bad

begin "header after blank lines"
put "$csv" '\n\nN,D,loss\n1e8,2e9,3.1\n'
frags=("bad.csv:3:" "header")
bad

# ---------------------------------------------------------------------------------------------
# Columns
# ---------------------------------------------------------------------------------------------

begin "missing column D (default names)"
put "$csv" 'N,tokens,loss\n1e8,2e9,3.1\n2e8,4e9,3.0\n'
frags=("bad.csv:1:" "'D'")
bad

begin "missing column named with -sweep_col_n"
valid_csv "$csv"
args=(-sweep_col_n params)
frags=("bad.csv:1:" "'params'" "-sweep_col_n")
bad

begin "missing column named with -sweep_col_c"
valid_csv "$csv"
args=(-sweep_col_c FLOPs)
frags=("bad.csv:1:" "'FLOPs'" "-sweep_col_c")
bad

begin "duplicated column name"
put "$csv" 'N,D,loss,D\n1e8,2e9,3.1,2e9\n2e8,4e9,3.0,4e9\n'
frags=("bad.csv:1:" "'D'" "two header fields")
bad

begin "-sweep_col_c with an explicit -sweep_col_d"
valid_csv "$csv"
args=(-sweep_col_c C -sweep_col_d D)
frags=("-sweep_col_c" "-sweep_col_d")
bad

# ---------------------------------------------------------------------------------------------
# Values and records
# ---------------------------------------------------------------------------------------------

begin "a non-number"
put "$csv" 'N,D,loss\n1e8,2e9,3.1\n2e8,4e9,abc\n4e8,8e9,2.9\n'
frags=("bad.csv:3:" "'loss'" "'abc'")
bad

begin "an empty value"
put "$csv" 'N,D,loss\n1e8,2e9,3.1\n2e8,,3.0\n4e8,8e9,2.9\n'
frags=("bad.csv:3:" "'D'" "empty")
bad

begin "NaN"
put "$csv" 'N,D,loss\n1e8,2e9,3.1\n2e8,4e9,3.0\n4e8,NaN,2.9\n'
frags=("bad.csv:4:" "'D'" "NaN")
bad

begin "inf"
put "$csv" 'N,D,loss\ninf,2e9,3.1\n2e8,4e9,3.0\n'
frags=("bad.csv:2:" "'N'" "inf")
bad

begin "a negative N"
put "$csv" 'N,D,loss\n1e8,2e9,3.1\n-2e8,4e9,3.0\n'
frags=("bad.csv:3:" "'N'" "-2e8")
bad

begin "zero loss"
put "$csv" 'N,D,loss\n1e8,2e9,3.1\n2e8,4e9,3.0\n4e8,8e9,2.9\n8e8,16e9,0\n'
frags=("bad.csv:5:" "'loss'" "> 0")
bad

begin "C = 6 N D beyond a double"
put "$csv" 'N,D,loss\n1e8,2e9,3.1\n1e300,1e300,3.0\n'
frags=("bad.csv:3:" "C = 6 N D" "out of the range")
bad

begin "D = C / (6 N) below a double (compute column)"
put "$csv" 'N,C,loss\n1e8,1.2e18,3.1\n1e300,1e-300,3.0\n'
args=(-sweep_col_c C)
frags=("bad.csv:3:" "D = C / (6 N)" "out of the range")
bad

begin "a row with too few fields"
put "$csv" 'N,D,loss\n1e8,2e9,3.1\n2e8,4e9\n4e8,8e9,2.9\n'
frags=("bad.csv:3:" "fields")
bad

begin "an unclosed quote"
put "$csv" 'N,D,loss\n1e8,2e9,3.1\n2e8,"4e9,3.0\n4e8,8e9,2.9\n'
frags=("bad.csv:3:" "never closed")
bad

begin "text after a closing quote"
put "$csv" 'N,D,loss\n1e8,2e9,3.1\n2e8,"4e9"x,3.0\n4e8,8e9,2.9\n'
frags=("bad.csv:3:" "after a closing quote")
bad

begin "a NUL byte in the file"
put "$csv" 'N,D,loss\n1e8,2e9,3.1\n2e8,4e9\0,3.0\n4e8,8e9,2.9\n'
frags=("bad.csv:3:" "NUL")
bad

begin "CRLF file: the line number of a bad value"
put "$csv" 'N,D,loss\r\n1e8,2e9,3.1\r\n2e8,4e9,3.0x\r\n'
frags=("bad.csv:3:" "'loss'" "'3.0x'")
bad

begin "the line number after a quoted field spanning two lines"
put "$csv" 'N,D,notes,loss\n1e8,2e9,"two\nlines",3.1\n2e8,4e9,ok,-3.0\n'
frags=("bad.csv:4:" "'loss'" "-3.0")
bad

# ---------------------------------------------------------------------------------------------
# Options (on a valid CSV, so that only the option is wrong)
# ---------------------------------------------------------------------------------------------

opt_case() { # NAME FRAGMENT... -- OPTION ARGS...
  begin "$1"; shift
  valid_csv "$csv"
  while [ "$1" != -- ]; do frags+=("$1"); shift; done
  shift
  args=("$@")
  bad
}

opt_case "unknown law in -sweep_laws" "-sweep_laws" "'hestness'" -- -sweep_laws chinchilla,hestness
opt_case "law given twice in -sweep_laws" "-sweep_laws" "'chinchilla'" "twice" -- -sweep_laws chinchilla,chinchilla
opt_case "-sweep_huber_delta abc" "-sweep_huber_delta" "'abc'" -- -sweep_huber_delta abc
opt_case "-sweep_huber_delta 0" "-sweep_huber_delta" "> 0" -- -sweep_huber_delta 0
opt_case "-sweep_huber_delta -1" "-sweep_huber_delta" "> 0" -- -sweep_huber_delta -1
opt_case "-sweep_starts bogus" "-sweep_starts" "'bogus'" -- -sweep_starts bogus
opt_case "-sweep_starts random:0" "-sweep_starts" "'random:0'" -- -sweep_starts random:0
opt_case "-sweep_starts random:x" "-sweep_starts" "'random:x'" -- -sweep_starts random:x
opt_case "-sweep_budget malformed (1e20:1e22)" "-sweep_budget" "'1e20:1e22'" "lo:hi:n" -- -sweep_budget 1e20:1e22
opt_case "-sweep_budget lo > hi" "-sweep_budget" "'1e22:1e20:3'" -- -sweep_budget 1e22:1e20:3
opt_case "-sweep_budget n = 0" "option -sweep_budget:" "at least 1" -- -sweep_budget 1e20:1e22:0
opt_case "-sweep_budget lo = 0" "-sweep_budget" "'0:1e22:3'" "0 < lo" -- -sweep_budget 0:1e22:3
opt_case "-sweep_budget lo < 0" "-sweep_budget" "'-1e20:1e22:3'" "0 < lo" -- -sweep_budget -1e20:1e22:3
opt_case "-sweep_model_size malformed" "-sweep_model_size" "'1e8:1e10'" -- -sweep_model_size 1e8:1e10
opt_case "-sweep_data_size n not a number" "-sweep_data_size" "'x'" -- -sweep_data_size 1e9:1e11:x
opt_case "-sweep_drop_highest 1e300" "-sweep_drop_highest" "out of range" -- -sweep_drop_highest 1e300
opt_case "-sweep_drop_highest -1" "-sweep_drop_highest" "-1" -- -sweep_drop_highest -1
opt_case "-sweep_drop_highest = number of runs" "-sweep_drop_highest" "12" "all 12 runs" -- -sweep_drop_highest 12
opt_case "-sweep_drop_highest > number of runs" "-sweep_drop_highest" "100" -- -sweep_drop_highest 100
opt_case "-sweep_seed not a number" "-sweep_seed" "'abc'" -- -sweep_seed abc
opt_case "-sweep_seed not whole" "-sweep_seed" "'1.5'" -- -sweep_seed 1.5
opt_case "-sweep_summary_budgets -1" "-sweep_summary_budgets" "-1" -- -sweep_summary_budgets -1
opt_case "misspelt option -sweep_budgte" "-sweep_budgte" -- -sweep_budgte 1e20:1e22:3
opt_case "-sweep_tao_type nonexistent" "-sweep_tao_type" "nonexistent" -- -sweep_tao_type nonexistent

# ---------------------------------------------------------------------------------------------
# The output path
# ---------------------------------------------------------------------------------------------

begin "output directory missing"
valid_csv "$csv"
out=$scratch/case/nodir/out.nc
frags=("nodir/out.nc" "No such file")
bad

begin "output directory is a regular file"
valid_csv "$csv"
: > "$scratch/afile"
out=$scratch/afile/out.nc
frags=("afile/out.nc" "not a directory")
bad

begin "output path is an existing directory"
valid_csv "$csv"
mkdir "$out"
outkind=dir
frags=("case/out.nc" "is a directory")
bad

begin "MPI (2 ranks): output directory is a regular file"
valid_csv "$csv"
: > "$scratch/afile"
out=$scratch/afile/out.nc
launch=(mpi)
frags=("afile/out.nc" "not a directory")
bad

begin "MPI (2 ranks): output directory missing"
valid_csv "$csv"
out=$scratch/case/nodir/out.nc
launch=(mpi)
frags=("nodir/out.nc" "No such file")
bad

begin "MPI (2 ranks): a non-number in the CSV"
put "$csv" 'N,D,loss\n1e8,2e9,3.1\n2e8,4e9,abc\n4e8,8e9,2.9\n'
launch=(mpi)
frags=("bad.csv:3:" "'loss'" "'abc'")
bad

begin "MPI (2 ranks): -sweep_starts bogus"
valid_csv "$csv"
launch=(mpi)
args=(-sweep_starts bogus)
frags=("-sweep_starts" "'bogus'")
bad

# ---------------------------------------------------------------------------------------------
# Checkpoint journals, resume, shards, merge, failure policy, overwrite
# ---------------------------------------------------------------------------------------------

# A journal of this case's study, kept after a good run; extra options change the study.
journal() { # FILE [options...]
  local j=$1
  shift
  "$bin" -sweep_input "$csv" -sweep_output "$scratch/j.nc" "${common[@]}" -sweep_quiet -sweep_progress none \
    -sweep_checkpoint "$j" -sweep_checkpoint_keep "$@" > /dev/null 2>&1 || echo "bad_input.sh: could not make $j" >&2
}

shardfile() { # I N [options...]: the shard file <out>.shard-I-of-N of this case's study
  local i=$1 k=$2
  shift 2
  "$bin" -sweep_input "$csv" -sweep_output "$out" "${common[@]}" -sweep_quiet -sweep_progress none \
    -sweep_shard "$i/$k" "$@" > /dev/null 2>&1 || echo "bad_input.sh: could not make shard $i/$k" >&2
}

begin "-sweep_resume without a journal"
valid_csv "$csv"
args=(-sweep_resume)
frags=("-sweep_resume" "no checkpoint journal" "out.nc.ckpt")
bad

begin "-sweep_resume bogus"
valid_csv "$csv"
args=(-sweep_resume bogus)
frags=("-sweep_resume" "'bogus'")
bad

begin "resume from a file that is not a journal"
valid_csv "$csv"
echo "hello" > "$out.ckpt"
args=(-sweep_resume)
frags=("out.nc.ckpt" "not a scalesweep checkpoint journal")
bad

begin "resume from an empty journal file"
valid_csv "$csv"
: > "$out.ckpt"
args=(-sweep_resume)
frags=("out.nc.ckpt" "not a scalesweep checkpoint journal")
bad

begin "resume from a journal with a damaged header"
valid_csv "$csv"
journal "$out.ckpt"
printf 'X' | dd of="$out.ckpt" bs=1 seek=40 conv=notrunc status=none
args=(-sweep_resume)
frags=("out.nc.ckpt" "header is damaged")
bad

begin "resume from a directory"
valid_csv "$csv"
mkdir "$out.ckpt"
args=(-sweep_resume)
frags=("out.nc.ckpt" "not a regular file")
bad

begin "resume with another seed than the journal's"
valid_csv "$csv"
journal "$out.ckpt" -sweep_seed 7
args=(-sweep_resume)
frags=("out.nc.ckpt" "option -sweep_seed is 0 here but 7 in the journal")
bad

begin "resume with another law list than the journal's"
valid_csv "$csv"
journal "$out.ckpt" -sweep_laws chinchilla
args=(-sweep_resume)
frags=("option -sweep_laws is chinchilla,compute_only here but chinchilla in the journal")
bad

begin "resume after the input changed"
valid_csv "$csv"
journal "$out.ckpt"
echo "1e9,2e10,1.2e20,2.5" >> "$csv"
args=(-sweep_resume)
frags=("out.nc.ckpt" "the input has changed")
bad

begin "resume a shard from another shard's file"
valid_csv "$csv"
shardfile 0 2
mv "$out.shard-0-of-2" "$out.shard-1-of-2"
args=(-sweep_resume -sweep_shard 1/2)
frags=("shard-1-of-2" "shard 0/2" "shard 1/2")
bad

begin "a journal left by an interrupted run, without -sweep_resume"
valid_csv "$csv"
journal "$out.ckpt"
args=()
frags=("out.nc.ckpt" "exists" "-sweep_resume" "-sweep_overwrite")
bad

begin "checkpoint journal in a missing directory"
valid_csv "$csv"
args=(-sweep_checkpoint "$scratch/nodir/j.ckpt")
frags=("nodir/j.ckpt" "No such file")
bad

begin "-sweep_checkpoint none with -sweep_resume"
valid_csv "$csv"
args=(-sweep_checkpoint none -sweep_resume)
frags=("-sweep_checkpoint none" "-sweep_resume")
bad

begin "an existing output without -sweep_overwrite"
valid_csv "$csv"
echo "precious" > "$out"
cp "$out" "$scratch/before.nc"
outkind=kept
frags=("case/out.nc" "exists" "-sweep_overwrite")
bad

begin "MPI (2 ranks): an existing output without -sweep_overwrite"
valid_csv "$csv"
echo "precious" > "$out"
cp "$out" "$scratch/before.nc"
outkind=kept
launch=(mpi)
frags=("case/out.nc" "exists" "-sweep_overwrite")
bad

begin "MPI (2 ranks): resume with another bootstrap count"
valid_csv "$csv"
journal "$out.ckpt" -sweep_bootstrap 3
launch=(mpi)
args=(-sweep_resume)
frags=("option -sweep_bootstrap is 0 here but 3 in the journal")
bad

opt_case "-sweep_on_failure maybe" "-sweep_on_failure" "'maybe'" -- -sweep_on_failure maybe
opt_case "-sweep_shard 3/2" "-sweep_shard" "shard 3 of 2" -- -sweep_shard 3/2
opt_case "-sweep_shard x" "-sweep_shard" "'x'" "i/n" -- -sweep_shard x
opt_case "-sweep_shard 0/0" "-sweep_shard" "out of range" -- -sweep_shard 0/0
opt_case "-sweep_shard with -sweep_merge" "-sweep_shard" "-sweep_merge" -- -sweep_shard 0/2 -sweep_merge 2
opt_case "-sweep_merge -1" "-sweep_merge" "-1" -- -sweep_merge -1
opt_case "-sweep_merge without shard files" "out.nc.shard-0-of-2" -- -sweep_merge 2
opt_case "-sweep_checkpoint with -sweep_shard" "-sweep_checkpoint" "-sweep_shard" -- -sweep_shard 0/2 -sweep_checkpoint x.ckpt
opt_case "-sweep_test_faults 3:boom" "-sweep_test_faults" "'boom'" -- -sweep_test_faults 3:boom
# planning and model selection (issue 6)
opt_case "-sweep_unique_tokens -1" "-sweep_unique_tokens" ">= 0" -- -sweep_unique_tokens -1
opt_case "-sweep_inference_tokens nan" "-sweep_inference_tokens" "'nan'" -- -sweep_inference_tokens nan
opt_case "-sweep_max_params 1e12x" "-sweep_max_params" "'1e12x'" -- -sweep_max_params 1e12x
opt_case "-sweep_cv_folds 1" "-sweep_cv_folds" "1 fold" -- -sweep_cv_folds 1
opt_case "-sweep_rank_by aicc" "-sweep_rank_by" "'aicc'" -- -sweep_rank_by aicc
opt_case "-sweep_isoflop_budgets 1e20,-3" "-sweep_isoflop_budgets" "-3" -- -sweep_isoflop_budgets 1e20,-3
opt_case "-sweep_isoflop_tol 0" "-sweep_isoflop_tol" "> 0" -- -sweep_isoflop_tol 0
opt_case "-sweep_backtest_cutoff -1e20" "-sweep_backtest_cutoff" ">= 0" -- -sweep_backtest_cutoff -1e20
# study kinds (issues 7 and 8)
opt_case "-sweep_study emergent" "-sweep_study" "'emergent'" "loss" -- -sweep_study emergent

begin "-sweep_merge with an unfinished shard"
valid_csv "$csv"
shardfile 0 2 -sweep_bootstrap 4
shardfile 1 2 -sweep_bootstrap 4
# cut shard 1 down to its header and first records: the tasks after them are missing
truncate -s 1200 "$out.shard-1-of-2"
args=(-sweep_merge 2 -sweep_bootstrap 4)
frags=("-sweep_merge" "shard 1 of 2 has not finished")
bad

begin "a failing fit with -sweep_on_failure abort"
valid_csv "$csv"
args=(-sweep_laws test_faults -sweep_test_faults 0:error -sweep_on_failure abort)
frags=("fit of law test_faults, config 0, replicate 0 failed" "injected error" "-sweep_on_failure abort")
bad

# The study kinds' cases (issues 7 and 8): one file per kind in bad_input.d/, sourced here. A case
# there calls begin, writes $csv (or sets args to its own -sweep_input), sets kind=1 so that the
# loss study's options are not added, sets args and frags, then calls bad (or good).
for f in "$(dirname "$0")"/bad_input.d/*.sh; do
  [ -e "$f" ] && . "$f"
done

rm -rf "$scratch"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

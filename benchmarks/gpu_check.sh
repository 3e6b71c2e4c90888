#!/usr/bin/env bash
# The one prepared run for a lent GPU machine (issue 13's GPU checks), sized for one call of about 8 minutes (a second, shorter call fits in the 15 minutes of device time):
#   bash benchmarks/gpu_check.sh            # results under $OUT (or /tmp/gpu_check)
# Figures first (each step has its own time limit, so one slow step cannot eat the others), the GPU test
# run last with whatever time is left. Every step's output is a file under $OUT; summary.txt lists the exit codes.
set -u
PY=$(command -v python3 || command -v python)   # the device image names its python python3
OUT=${OUT:-/tmp/gpu_check}
mkdir -p "$OUT"
START=$(date +%s)
export XLA_PYTHON_CLIENT_PREALLOCATE=false   # several processes (pytest workers) share the GPU
export PYTHONUNBUFFERED=1

step() {  # step NAME SECONDS COMMAND...
  local name=$1 limit=$2; shift 2
  local t0=$(date +%s)
  timeout "$limit" "$@" > "$OUT/$name.txt" 2>&1
  local rc=$?
  echo "$name rc=$rc $(( $(date +%s) - t0 ))s" | tee -a "$OUT/summary.txt"
}

[ -n "${GPU_CHECK_NO_INSTALL:-}" ] || step install 120 "$PY" -m pip install --no-deps --no-index --no-build-isolation -e .
step devices 60 "$PY" -c "import jax, jaxlib; print(jax.__version__, jaxlib.__version__, jax.devices())"
export THEANO_FLAGS=device=${GPU_CHECK_DEVICE:-cuda}   # GPU_CHECK_DEVICE=cpu: a dry run of the script on a CPU machine
# the large-MLP rows in both matmul_precision settings, the MLP step, call overhead (both contracts)
step run 200 "$PY" benchmarks/run.py --no-pytensor --quick
step minibatch 50 "$PY" benchmarks/minibatch.py --quick
step compile 90 "$PY" benchmarks/compile_breakdown.py --quick --repeats 3   # the split by stage, then the ratios
step compile_highest 50 "$PY" benchmarks/compile_breakdown.py --ratio-only --repeats 2 --jax-precision highest
# the GEMM autotuner's share of the GPU compile (both sides without it)
XLA_FLAGS="${XLA_FLAGS:-} --xla_gpu_autotune_level=0" step compile_noautotune 50 \
  "$PY" benchmarks/compile_breakdown.py --ratio-only --repeats 2
step compile_cache 50 "$PY" benchmarks/compile_cache.py --rounds 2
step sparse 45 "$PY" benchmarks/sparse_logreg.py --quick
LEFT=$(( 470 - ($(date +%s) - START) ))
if [ "$LEFT" -gt 60 ]; then
  step tests "$LEFT" "$PY" -m pytest -p no:cacheprovider -n 8 -x --maxfail=20 \
    tests/lowering tests/frontend tests/test_examples.py tests/test_seed_tutorial.py
fi
echo "total $(( $(date +%s) - START ))s" | tee -a "$OUT/summary.txt"

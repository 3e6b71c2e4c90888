#!/usr/bin/env bash
# The prepared run for a lent GPU machine (issue 13's GPU checks), sized for one call of about 8 minutes:
#   bash benchmarks/gpu_check.sh            # results under $OUT (or /tmp/gpu_check)
#   GPU_CHECK_ONLY="mlp_rows minibatch tests" GPU_CHECK_SECONDS=300 bash benchmarks/gpu_check.sh   # a shorter one
# Figures first (each step has its own time limit, so one slow step cannot eat the others), the GPU test run last
# with whatever time is left of GPU_CHECK_SECONDS (default 470; -v, so the names of failures come back even when
# the run is cut short). Every step's output is a file under $OUT; summary.txt lists the exit codes and times.
set -u
PY=$(command -v python3 || command -v python)   # the device image names its python python3
OUT=${OUT:-/tmp/gpu_check}
mkdir -p "$OUT"
START=$(date +%s)
TOTAL=${GPU_CHECK_SECONDS:-470}
export XLA_PYTHON_CLIENT_PREALLOCATE=false   # several processes (pytest workers) share the GPU
export PYTHONUNBUFFERED=1

step() {  # step NAME SECONDS COMMAND...
  local name=$1 limit=$2; shift 2
  if [ -n "${GPU_CHECK_ONLY:-}" ] && [[ " $GPU_CHECK_ONLY " != *" $name "* ]]; then return; fi
  local t0=$(date +%s)
  timeout "$limit" "$@" > "$OUT/$name.txt" 2>&1
  local rc=$?
  echo "$name rc=$rc $(( $(date +%s) - t0 ))s" | tee -a "$OUT/summary.txt"
}

[ -n "${GPU_CHECK_NO_INSTALL:-}" ] || step install 120 "$PY" -m pip install --no-deps --no-index --no-build-isolation -e .
step devices 60 "$PY" -c "import jax, jaxlib; print(jax.__version__, jaxlib.__version__, jax.devices())"
export THEANO_FLAGS=device=${GPU_CHECK_DEVICE:-cuda}   # GPU_CHECK_DEVICE=cpu: a dry run of the script on a CPU machine
# where a minibatch call's time goes (our call, our program alone, JAX), both compiled programs and a profiler
# trace of each side under $OUT/breakdown
step breakdown 90 "$PY" benchmarks/call_breakdown.py --rounds 5 --dump "$OUT/breakdown" --trace
step minibatch 50 "$PY" benchmarks/minibatch.py --quick
# the large-MLP rows: both matmul_precision settings, both call contracts (GPU_MLP_ARGS="--sizes 1024-4096-4096-1000:1024
# --quick": the smaller row only; each side's first compile autotunes its GEMMs)
step mlp_rows 180 "$PY" benchmarks/gpu_mlp.py ${GPU_MLP_ARGS:---quick}
# call overhead alone (both contracts; the `run` step below also builds and times the MLP step)
step call 60 "$PY" -c "import sys; sys.path.insert(0, 'benchmarks'); import run
ours, ref = run.bench_call({'call_number': 4000, 'step_number': 5, 'repeats': 7})
print(f\"f(x, y) = x + y: theano-xla {ours['call'] * 1e6:.1f} us, jax.jit + np.asarray {ref['call'] * 1e6:.1f} us \"
      f\"({ours['call'] / ref['call']:.2f}x), jax.jit dispatch alone {ref['call_async'] * 1e6:.1f} us\")"
# call overhead (both contracts), the small MLP step, its compile
step run 90 "$PY" benchmarks/run.py --no-pytensor --quick --no-gpu-rows
# compile time: the split by stage, then the ratios against JAX at its default and at ours (highest)
step compile 90 "$PY" benchmarks/compile_breakdown.py --quick --repeats 3
step compile_highest 90 "$PY" benchmarks/compile_breakdown.py --ratio-only --repeats 2 --jax-precision highest
# the GEMM autotuner's share of the GPU compile (both sides without it)
XLA_FLAGS="${XLA_FLAGS:-} --xla_gpu_autotune_level=0" step compile_noautotune 50 \
  "$PY" benchmarks/compile_breakdown.py --ratio-only --repeats 2
step compile_cache 50 "$PY" benchmarks/compile_cache.py --rounds 2
step sparse 45 "$PY" benchmarks/sparse_logreg.py --quick
LEFT=$(( TOTAL - ($(date +%s) - START) ))
[ -z "${GPU_CHECK_TESTS_SECONDS:-}" ] || [ "$LEFT" -le "$GPU_CHECK_TESTS_SECONDS" ] || LEFT=$GPU_CHECK_TESTS_SECONDS
if [ "$LEFT" -gt 30 ]; then
  # GPU_CHECK_TESTS: other test ids (e.g. the ones a previous run saw fail, with short tracebacks)
  step tests "$LEFT" "$PY" -m pytest -p no:cacheprovider -o addopts= -n 12 -v -rfE --tb=${GPU_CHECK_TB:-line} \
    -p no:randomly ${GPU_CHECK_TESTS:-tests/lowering tests/frontend tests/test_examples.py tests/test_seed_tutorial.py}
  [ ! -f "$OUT/tests.txt" ] || grep -E "FAILED|ERROR" "$OUT/tests.txt" | sed 's/^\[gw[0-9]*\] *\[ *[0-9]*%\] *//' | sort -u > "$OUT/tests_failed.txt"
fi
echo "total $(( $(date +%s) - START ))s" | tee -a "$OUT/summary.txt"

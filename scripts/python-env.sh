#!/usr/bin/env bash
# Builds the Python environment of the interop tests (InteropTest, LargeTensorTest,
# HfInteropTest, KerasInteropTest) from wheels that lie on this machine's disk, without any package
# index: numpy, safetensors, the CPU build of torch (its bfloat16 reads safetensors' BF16 tensors),
# transformers 5.18 with what it needs (huggingface_hub, tokenizers, regex, pyyaml, ...), and
# keras 3.15 with what it needs (absl-py, namex, optree, rich, h5py, ml-dtypes, packaging; it runs
# on the torch backend, KERAS_BACKEND=torch). The wheel folders are found by searching the disk, not
# named here.
#
#   scripts/python-env.sh [VENV_DIR]      default VENV_DIR: target/python-env
#
# Prints the environment's python on stdout (the only line it prints there), for JINIT_PYTHON:
#   JINIT_PYTHON="$(scripts/python-env.sh)" mvn -B verify
# Quick when the environment is already built: it is kept while it imports every module and its
# stamp lists the same requirements. The base interpreter is $PYTHON, else python3 (its version
# must match the wheels' tags, e.g. cp311).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${1:-$root/target/python-env}"
base="${PYTHON:-python3}"
modules=(numpy safetensors torch transformers keras)
# The transformers release whose models the Hugging Face recipes reproduce (models/README.md).
transformers_version=5.18.0
# The keras release whose layers the Keras recipe reproduces (models/README.md).
keras_version=3.15.1
log() { echo "python-env: $*" >&2; }

stamp="$venv/.jinit-python-env"
# The stamp names the modules and the pinned releases, so that a change of any rebuilds.
requirement_list="${modules[*]} transformers==$transformers_version keras==$keras_version"
imports="import ${modules[*]}"
imports="${imports// /, }"
imports="${imports/import, /import }"
# keras imports its backend on import; torch is the one in this environment.
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$requirement_list" ] \
    && KERAS_BACKEND=torch "$venv/bin/python" -c "$imports" >/dev/null 2>&1; then
  log "reusing $venv"
  echo "$venv/bin/python"
  exit 0
fi

start=$SECONDS
# Wheel folders: every folder holding a wheel of one of the modules or of torch's dependencies;
# transformers' and keras's own dependencies are taken from the same folders.
# The search stays on each file system (-xdev), skips pseudo file systems and this repository,
# and is bounded in depth; file systems mounted apart from / under a usual place are searched too.
roots=(/)
root_dev=$(stat -c %d /)
for d in /opt /srv /home /root /data /mnt /media /usr/local /var/cache; do
  if [ -d "$d" ] && [ "$(stat -c %d "$d")" != "$root_dev" ]; then
    roots+=("$d")
  fi
done
mapfile -t wheels < <(find "${roots[@]}" -xdev -maxdepth 10 \
    \( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path "$root" -o -path "$venv" -o -name test -o -name tests \) -prune -o \
    -type f \( -name 'numpy-*.whl' -o -name 'safetensors-*.whl' -o -name 'torch-*.whl' \
      -o -name 'filelock-*.whl' -o -name 'typing_extensions-*.whl' -o -name 'setuptools-*.whl' \
      -o -name 'sympy-*.whl' -o -name 'mpmath-*.whl' -o -name 'networkx-*.whl' -o -name 'jinja2-*.whl' \
      -o -name 'markupsafe-*.whl' -o -name 'MarkupSafe-*.whl' -o -name 'fsspec-*.whl' \
      -o -name "transformers-$transformers_version-*.whl" -o -name "keras-$keras_version-*.whl" \) -print 2>/dev/null \
    | sort)
if [ "${#wheels[@]}" -eq 0 ]; then
  log "no wheels of ${modules[*]} found on this machine's disk"
  exit 1
fi
mapfile -t folders < <(printf '%s\n' "${wheels[@]}" | sed 's|/[^/]*$||' | sort -u)
log "wheel folders: ${folders[*]}"

"$base" -m venv --clear "$venv" >&2
tag=$("$venv/bin/python" -c 'import sys; print("cp%d%d" % sys.version_info[:2])')

# torch: the CPU build when one is there (a CUDA build would pull gigabytes of CUDA wheels),
# the newest such wheel for this interpreter.
requirements=(numpy safetensors)
cpu_torch=$(printf '%s\n' "${wheels[@]}" | sed -n "s|.*/torch-\([^-]*+cpu\)-$tag-.*\.whl$|\1|p" | sort -V | tail -n 1)
if [ -n "$cpu_torch" ]; then
  requirements+=("torch==$cpu_torch")
else
  requirements+=(torch)
fi

requirements+=("transformers==$transformers_version" "keras==$keras_version")

links=()
for f in "${folders[@]}"; do
  links+=(--find-links "$f")
done
# --isolated: no pip configuration or PIP_* variable of the machine takes part.
"$venv/bin/python" -m pip --isolated install --quiet --no-input --disable-pip-version-check \
    --no-index --only-binary :all: "${links[@]}" "${requirements[@]}" >&2
KERAS_BACKEND=torch "$venv/bin/python" -c "$imports" >&2
echo "$requirement_list" >"$stamp"
log "built $venv in $((SECONDS - start)) s: $(KERAS_BACKEND=torch "$venv/bin/python" -c \
    'import sys, numpy, safetensors, torch, transformers, keras; print("python", sys.version.split()[0], "numpy", numpy.__version__,
"safetensors", safetensors.__version__, "torch", torch.__version__, "transformers", transformers.__version__,
"keras", keras.__version__)')"
echo "$venv/bin/python"

#!/bin/bash
# The students' image for Zero to JupyterHub, built by repo2docker from binder/ (the same
# requirements.txt and postBuild that Binder builds from: one environment definition), and pushed to
# the school's registry. Needs Docker and `pip install jupyter-repo2docker`.
#
#   IMAGE=registry.school.example/gleap bash deploy/z2jh/build-image.sh
#
# The tag is the commit, so values.yaml names exactly what was built; put it in singleuser.image.tag.
set -euo pipefail
: "${IMAGE:?set IMAGE, e.g. registry.school.example/gleap}"
cd "$(dirname "$0")/../.."
TAG="$(git rev-parse --short=12 HEAD)"
jupyter-repo2docker --no-run --user-name jovyan --user-id 1000 --image-name "$IMAGE:$TAG" --push .
echo "Built and pushed $IMAGE:$TAG: set singleuser.image.name=$IMAGE and singleuser.image.tag=$TAG in values.yaml"

#!/usr/bin/env bash
# Commit a built student edition as the next commit of the `student` branch and push it.
#
#     .github/publish-student-edition.sh build/student-edition <source commit>
#
# Run by .github/workflows/ci.yml after `make student-edition`, on pushes to main. The branch holds
# only the edition's files (no masters, no solutions): its history is one commit per build of main
# that changed the edition, each naming the commit of main it was built from. Nothing is pushed when
# the edition did not change. The edition's own .gitignore, if any, is respected.
set -euo pipefail
edition="$(cd "${1:?usage: $0 <edition folder> <source commit>}" && pwd)"
source_sha="${2:?usage: $0 <edition folder> <source commit>}"
branch="${STUDENT_BRANCH:-student}"
remote="${STUDENT_REMOTE:-origin}"
git_dir="$(git rev-parse --absolute-git-dir)"

[ -n "$(ls -A "$edition")" ] || { echo "$edition is empty: did make student-edition run?" >&2; exit 1; }

# a separate index, so the checkout's own index and work tree are left alone
index="$(mktemp)"
trap 'rm -f "$index"' EXIT
rm -f "$index"
export GIT_INDEX_FILE="$index"
(cd "$edition" && git --git-dir="$git_dir" --work-tree=. add --all .)
tree="$(git write-tree)"

parent_args=()
if git fetch --quiet --no-tags "$remote" "refs/heads/$branch" 2>/dev/null; then
  parent="$(git rev-parse FETCH_HEAD)"
  if [ "$(git rev-parse "$parent^{tree}")" = "$tree" ]; then
    echo "The $branch branch already holds this edition; nothing to push."
    exit 0
  fi
  parent_args=(-p "$parent")
fi

if [ -z "$(git config user.email || true)" ]; then
  export GIT_AUTHOR_NAME="github-actions[bot]" GIT_COMMITTER_NAME="github-actions[bot]"
  export GIT_AUTHOR_EMAIL="41898282+github-actions[bot]@users.noreply.github.com"
  export GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
fi
commit="$(git commit-tree "$tree" "${parent_args[@]}" -m "Student edition built from ${source_sha}")"
git push "$remote" "$commit:refs/heads/$branch"
echo "Pushed $commit (student edition of $source_sha) to $branch."

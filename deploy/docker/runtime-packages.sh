#!/usr/bin/env bash
# Prints, one per line, the Debian packages that own the shared libraries a binary loads
# (its ldd closure). The Dockerfile's build stage runs it on the stormwatch binary and the
# runtime stage installs exactly that list, so the image follows whatever the build links
# (scripts/apt-packages.d/*.txt name the -dev packages; this finds their runtime halves).
#   deploy/docker/runtime-packages.sh build/release/pipeline/cli/stormwatch
set -euo pipefail
binary="${1:?usage: runtime-packages.sh BINARY}"
libs="$(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// {print $3}')"
[ -n "$libs" ] || { echo "runtime-packages.sh: ldd found no shared libraries in $binary" >&2; exit 1; }
# One dpkg -S call for all spellings of every path (merged /usr: /lib/x -> /usr/lib/x).
declare -A owner_of=()
candidates=()
for lib in $libs; do candidates+=("$lib" "$(readlink -f "$lib")" "/usr$lib"); done
while IFS= read -r line; do
  # "libfoo1:amd64: /path" or "libfoo1:amd64, libfoo1:i386: /path" -> path -> libfoo1
  owner_of["${line##*: }"]="${line%%[:,]*}"
done < <(dpkg -S "${candidates[@]}" 2>/dev/null || true)
for lib in $libs; do
  owner="${owner_of[$lib]:-${owner_of[$(readlink -f "$lib")]:-${owner_of[/usr$lib]:-}}}"
  if [ -z "$owner" ]; then
    echo "runtime-packages.sh: no Debian package owns $lib" >&2
    exit 1
  fi
  echo "$owner"
done | sort -u

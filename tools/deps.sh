#!/bin/sh
# deps.sh - make sure the Debian packages redline needs are installed.
#
#   tools/deps.sh build   what `make` needs (compiler, libraries, fonts)
#   tools/deps.sh check   what `make check` needs besides (PDF tools, TeX Live,
#                         Chromium, Node.js for the browser test)
#   tools/deps.sh bench   what `make bench` compares against (wdiff, latexdiff)
#   tools/deps.sh fuzz    what `make fuzz` needs (clang and its libFuzzer)
#
# Idempotent: it installs only what is missing and prints what it installs.
# As non-root, or off Debian, it installs nothing: it lists what is missing
# and exits 1.
set -eu

build_pkgs="gcc make pkg-config libc6-dev libhpdf-dev libcmark-dev libyaml-dev
libhyphen-dev hyphen-en-us libutf8proc-dev libfontconfig-dev fontconfig libdeflate-dev
nettle-dev zlib1g-dev
fonts-liberation2 libcmocka-dev"
check_pkgs="poppler-utils qpdf mupdf-tools texlive-latex-recommended
texlive-latex-extra texlive-luatex texlive-fonts-recommended texlive-plain-generic
tex-gyre lmodern latexmk
chromium git jq"
bench_pkgs="wdiff latexdiff time git"
fuzz_pkgs="clang libclang-rt-14-dev"

case "${1:-build}" in
build) want="$build_pkgs" ;;
check) want="$build_pkgs $check_pkgs" ;;
bench) want="$build_pkgs $bench_pkgs" ;;
fuzz) want="$build_pkgs $fuzz_pkgs" ;;
*) echo "usage: tools/deps.sh build|check|bench|fuzz" >&2; exit 2 ;;
esac

# The browser test needs Node.js and npm.  Where they are already present
# (some images ship their own builds, which conflict with Debian's
# packages) they are used as they are; otherwise Debian's nodejs and npm
# are installed like the other packages.
extra=""
if [ "${1:-build}" = check ] && ! command -v npm >/dev/null 2>&1; then
    extra="nodejs npm"
fi

missing=""
for p in $want $extra; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ ! -f /etc/debian_version ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "deps: this is not a Debian system; install the equivalents of:$missing" >&2
    exit 1
fi
if [ "$(id -u)" != 0 ]; then
    echo "deps: missing Debian packages:$missing" >&2
    echo "deps: run 'sudo apt-get install$missing' (or run make as root)" >&2
    exit 1
fi
echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: done"

#!/usr/bin/env bash
# The Debian packages Gongkai needs beside Python: one list, used by `make install` and `.ci/run`.
#   chromium           the browser tests (Playwright drives Debian's Chromium, no download)
#   fonts-noto-cjk     Chinese glyphs in PDF letters and reports (WeasyPrint)
#   libpango*          WeasyPrint's text layout
#   poppler-utils      pdftotext/pdffonts: the tests read generated PDFs back
# Installs what is missing when it can (root and apt-get); otherwise stops with the command to run.
set -euo pipefail

PACKAGES=(chromium fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0)

missing=()
for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Gongkai needs these Debian packages, and this machine has no apt-get: ${missing[*]}" >&2
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=sudo
    else
        echo "Gongkai needs Debian packages that are missing; run as root:" >&2
        echo "    sudo sh -c '$command'" >&2
        exit 1
    fi
fi
echo "== installing ${missing[*]}"
${SUDO:-} apt-get update -qq
DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# System packages the tests need, from Debian (idempotent): PostgreSQL 15 for the store suite on a real server,
# Chromium and Noto CJK fonts for the dashboard's browser tests, poppler-utils (pdftotext, pdfinfo, pdffonts) for the
# tests that read generated PDFs back. npm packages come from `npm ci`; PDFs themselves need neither a browser nor a
# system font (the built-in renderer embeds Noto Sans SC from npm).
set -euo pipefail
missing=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
command -v chromium >/dev/null || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

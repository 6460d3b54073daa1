#!/usr/bin/env bash
# Builds the PDF fixtures in tests/data/pdf/ from the form-like texts beside them:
#   <name>.tsv → HTML table → <name>_lo.pdf (LibreOffice Writer, check boxes as ○ glyphs)
#                           → <name>_chrome.pdf (Chromium, check boxes drawn as CSS boxes)
# The generated PDFs are committed, so `cargo test` needs neither LibreOffice nor Chromium.
# Needs (Debian): libreoffice-writer, chromium, fonts-ipaexfont, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=tests/data/pdf
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for src in "$dir"/*.tsv; do
  name=$(basename "$src" .tsv)
  python3 scripts/tsv_to_html.py "$src" "$work/${name}_lo.html" --boxes glyph
  python3 scripts/tsv_to_html.py "$src" "$work/${name}_chrome.html" --boxes css
  soffice --headless --convert-to pdf:writer_web_pdf_Export --outdir "$work" "$work/${name}_lo.html" >/dev/null 2>&1
  mv "$work/${name}_lo.pdf" "$dir/${name}_lo.pdf"
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/chrome-profile" --no-pdf-header-footer \
    --print-to-pdf="$PWD/$dir/${name}_chrome.pdf" "file://$work/${name}_chrome.html" >/dev/null 2>&1
  echo "built $dir/${name}_lo.pdf $dir/${name}_chrome.pdf"
done
# Encrypted variants (needs qpdf): one with a user password, one AES-256 with an empty one.
if command -v qpdf >/dev/null 2>&1; then
  qpdf --encrypt secret owner 256 -- "$dir/kiso_fixture_lo.pdf" "$dir/kiso_fixture_password.pdf"
  qpdf --encrypt "" owner 256 -- "$dir/kiso_fixture_lo.pdf" "$dir/kiso_fixture_aes_nopassword.pdf"
  echo "built encrypted variants"
fi

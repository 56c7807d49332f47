#!/usr/bin/env bash
# Debian's chromium and the Noto CJK fonts (Hangul) for the console's browser tests. Playwright drives this
# system browser through executablePath (console/playwright.config.ts); nothing downloads a browser build.
# @playwright/test is pinned to 1.64.1, whose bundled Chromium major (156) matches Debian's.
source "$(dirname "$0")/env.sh"
if ! command -v chromium >/dev/null 2>&1; then apt_install chromium; fi
if ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then apt_install fonts-noto-cjk; fi

/**
 * The Korean typeface a notice's PDF embeds: Noto Sans KR (SIL Open Font License 1.1), as TrueType files from
 * the npm package @expo-google-fonts/noto-sans-kr, which @pdf-lib/fontkit reads (WOFF2 it may not). Each file is
 * read and parsed once per process (a 6 MB font takes about a second to parse); every PDF embeds only the
 * glyphs its notice uses.
 */
import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument } from 'pdf-lib';

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

const FILES = {
  regular: '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf',
} as const;
export type FontWeight = keyof typeof FILES;

const bytes = new Map<FontWeight, Uint8Array>();
const parsed = new WeakMap<Uint8Array, ReturnType<Fontkit['create']>>();

/** The font file's bytes, read once. */
export function koreanFont(weight: FontWeight): Uint8Array {
  let b = bytes.get(weight);
  if (!b) {
    b = readFileSync(require.resolve(FILES[weight]));
    bytes.set(weight, b);
  }
  return b;
}

/** fontkit for pdf-lib, parsing each font file once: the parsed font is only read when a subset is made. */
export const cachedFontkit: Fontkit = {
  create(buffer) {
    let font = parsed.get(buffer);
    if (!font) {
      font = fontkit.create(buffer);
      parsed.set(buffer, font);
    }
    return font;
  },
};

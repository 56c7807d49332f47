/**
 * Dates and times as a Korean reader expects them, in Seoul time: `2026년 12월 1일 (화) 14:05`. Node's ICU
 * does the calendar work (Intl.DateTimeFormat); this only arranges its parts.
 */
const parts = (locale: string) =>
  new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Seoul',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
const KO = parts('ko-KR');
const EN = parts('en-GB');

function pick(fmt: Intl.DateTimeFormat, value: Date) {
  const p = Object.fromEntries(fmt.formatToParts(value).map((x) => [x.type, x.value]));
  return p as Record<'year' | 'month' | 'day' | 'weekday' | 'hour' | 'minute', string>;
}

const toDate = (value: Date | string) =>
  value instanceof Date ? value : new Date(value.length === 10 ? `${value}T00:00:00+09:00` : value);

/** `2026년 12월 1일 (화) 14:05` (ko) or `Tue 1/12/2026 14:05` (en). */
export function formatDateTime(value: Date | string | null | undefined, lang: string): string {
  if (!value) return '';
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return String(value);
  if (lang === 'en') {
    const p = pick(EN, d);
    return `${p.weekday} ${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
  }
  const p = pick(KO, d);
  return `${p.year}년 ${p.month}월 ${p.day}일 (${p.weekday}) ${p.hour}:${p.minute}`;
}

/** `2026년 12월 1일 (화)`: a calendar date without time (plan periods, due dates). */
export function formatDate(value: Date | string | null | undefined, lang: string): string {
  if (!value) return '';
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return String(value);
  if (lang === 'en') {
    const p = pick(EN, d);
    return `${p.weekday} ${p.day}/${p.month}/${p.year}`;
  }
  const p = pick(KO, d);
  return `${p.year}년 ${p.month}월 ${p.day}일 (${p.weekday})`;
}

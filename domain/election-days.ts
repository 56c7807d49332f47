/**
 * Election days that are public holidays by law: the Regulation on Holidays of Government Offices
 * (관공서의 공휴일에 관한 규정) Art. 2 item 10 makes the polling day of an election at the end of a term
 * (공직선거법 Art. 34: presidential, National Assembly, nationwide local) a public holiday. The holiday library
 * (domain/holidays.ts) does not know them, so they are listed here as data, each with its source. Art. 34(1)
 * fixes the day: the first Wednesday on or after the 70th / 50th / 30th day before the term ends for a
 * presidential / National Assembly / local election, a week later when that day or the day before or after
 * is a public holiday (Art. 34(2)); domain/election-days.test.ts recomputes each date.
 * An early or by-election (Art. 35, e.g. the presidential election of 2025-06-03) is a holiday only when the
 * government designates it (item 11), like any temporary holiday (임시공휴일): those come from the district
 * policy's extraHolidays (domain/policy.ts), read when a deadline is computed.
 */

export type ElectionKind = 'presidential' | 'nationalAssembly' | 'local';

export interface ElectionDay {
  date: string;
  kind: ElectionKind;
  /** The holiday's name on the calendar. */
  nameKo: string;
  /** Why this date: the article that fixes it and the term whose end it is counted from. */
  source: string;
  /** The day the term ends, from which Art. 34(1) counts the polling day. */
  termEnds: string;
}

export const ELECTION_DAYS: readonly ElectionDay[] = Object.freeze([
  {
    date: '2022-03-09',
    kind: 'presidential',
    nameKo: '제20대 대통령선거',
    source:
      'Public Official Election Act Art. 34(1) item 1 and (2); term of the 19th President ended 2022-05-09 (03-02 follows 삼일절, so the next Wednesday)',
    termEnds: '2022-05-09',
  },
  {
    date: '2022-06-01',
    kind: 'local',
    nameKo: '제8회 전국동시지방선거',
    source: 'Public Official Election Act Art. 34(1) item 3; local terms ended 2022-06-30',
    termEnds: '2022-06-30',
  },
  {
    date: '2024-04-10',
    kind: 'nationalAssembly',
    nameKo: '제22대 국회의원선거',
    source: 'Public Official Election Act Art. 34(1) item 2; term of the 21st National Assembly ended 2024-05-29',
    termEnds: '2024-05-29',
  },
  {
    date: '2026-06-03',
    kind: 'local',
    nameKo: '제9회 전국동시지방선거',
    source: 'Public Official Election Act Art. 34(1) item 3; local terms end 2026-06-30',
    termEnds: '2026-06-30',
  },
  {
    date: '2028-04-12',
    kind: 'nationalAssembly',
    nameKo: '제23대 국회의원선거',
    source: 'Public Official Election Act Art. 34(1) item 2; term of the 22nd National Assembly ends 2028-05-29',
    termEnds: '2028-05-29',
  },
  {
    date: '2030-06-12',
    kind: 'local',
    nameKo: '제10회 전국동시지방선거',
    source:
      'Public Official Election Act Art. 34(1) item 3 and (2); local terms end 2030-06-30 (06-05 is followed by Memorial Day, so the next Wednesday)',
    termEnds: '2030-06-30',
  },
]);

/** Days before the term ends from which Art. 34(1) counts: the polling day is the first Wednesday from then on. */
export const ART_34_DAYS_BEFORE_TERM_ENDS: Readonly<Record<ElectionKind, number>> = {
  presidential: 70,
  nationalAssembly: 50,
  local: 30,
};

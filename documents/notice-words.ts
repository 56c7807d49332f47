/**
 * A notice's code labels and dates in Korean: the console's own words (console/locales/ko.json, `codes.*`) and
 * its Korean date form (console/korean-dates.ts), so a label reads the same on screen and on paper.
 */
import type { NoticeWords } from '../domain/notices/notice-content';
import { translator } from '../console/i18n';
import { formatDate } from '../console/korean-dates';

const t = translator('ko');

export const KOREAN_NOTICE_WORDS: NoticeWords = {
  code: (kind, value) => t(`codes.${kind}.${value}`, { defaultValue: value }),
  date: (value) => formatDate(value, 'ko'),
};

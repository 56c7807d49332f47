/**
 * The console's words, Korean first, English switchable: i18next over console/locales/{ko,en}.json. One
 * instance for the process; each request takes a fixed `t` for its language.
 */
import i18next, { type TFunction } from 'i18next';
import en from './locales/en.json';
import ko from './locales/ko.json';

export const LANGUAGES = ['ko', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

const i18n = i18next.createInstance();
void i18n.init({
  lng: 'ko',
  fallbackLng: 'ko',
  initAsync: false,
  resources: { ko: { translation: ko }, en: { translation: en } },
  interpolation: { escapeValue: false },
});

export const isLang = (v: unknown): v is Lang => LANGUAGES.includes(v as Lang);
export const translator = (lang: Lang): TFunction => i18n.getFixedT(lang);

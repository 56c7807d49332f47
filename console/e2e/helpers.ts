/** What the console's browser tests share: signing in as a demo identity, the axe check, screenshots. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { SCREENSHOT_DIR } from './stack-settings';

export async function signInAs(page: Page, identity: string): Promise<void> {
  await page.goto('/console/sign-in');
  if (identity.startsWith('provider:')) {
    await page.locator('input[name="identity"][value="provider"]').check();
    await page.getByLabel('제공기관 (제공기관 담당자를 고른 경우)').selectOption(identity.slice('provider:'.length));
  } else {
    await page.locator(`input[name="identity"][value="${identity}"]`).check();
  }
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page).not.toHaveURL(/sign-in/);
}

/** axe on the page as it is: no serious or critical violation. */
export async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** A resident number no other run uses (the pseudonym secret is fresh per run anyway). */
export function residentNumber(): string {
  const n = String(Date.now() % 10_000_000).padStart(7, '0');
  return `410502-${n.replace(/^./, '2')}`;
}

/** Takes an intake through the console's form; returns the case id from the case page's URL. */
export async function intake(page: Page, name: string, rrn: string): Promise<string> {
  await page.goto('/console/intake');
  await page.getByLabel('가족').check();
  // Act Art. 10(1): a relative applying is named, with the relationship and the document that shows it.
  await page.getByLabel('대리인 성명').fill('김민수');
  await page.getByLabel('본인과의 관계').selectOption('child');
  await page.getByLabel('관계를 증명하는 서류').selectOption('familyRelationCertificate');
  await page.getByLabel('이름', { exact: true }).fill(name);
  await page.getByLabel('주민등록번호').fill(rrn);
  await page.getByLabel('생년월일').fill('1941-05-02');
  await page.getByRole('button', { name: '접수' }).click();
  await expect(page).toHaveURL(/\/console\/cases\/case-/);
  return page.url().split('/console/cases/')[1]!.split(/[#?]/)[0]!;
}

/**
 * The timeline is read from the audit store, which the audit sink fills from Kafka a moment after the step: the page
 * is reloaded until the row is there (once, never twice), instead of waiting on a page rendered before it arrived.
 */
export async function timelineRow(page: Page, caseId: string, action: string, timeout = 30_000) {
  const row = page.locator(`tr[data-action="${action}"]`);
  await expect(async () => {
    await page.goto(`/console/cases/${caseId}/timeline`);
    await expect(row).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout });
  return row;
}

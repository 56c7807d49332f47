/**
 * Notices to the person in the console: on the case page's "안내문" section, the dong caseworker issues a
 * notice (which, how it is handed over); one whose fact is not there yet is refused with the reason, next to
 * the form; once the case is closed the closure notice (Rule Art. 11) is issued, listed, downloaded as PDF and
 * opened as a printable page, and the full timeline shows it with its handover.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible, residentNumber, screenshot, signInAs, timelineRow } from './helpers';

test('the caseworker issues and downloads a notice; one not due yet is refused with the reason', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, 'caseworker');
  // The person applies themself (the shared helper's relative intake now needs the relative's details).
  await page.goto('/console/intake');
  await page.getByRole('radio', { name: '본인', exact: true }).check();
  await page.getByLabel('이름', { exact: true }).fill('최말순');
  await page.getByLabel('주민등록번호').fill(residentNumber());
  await page.getByLabel('생년월일').fill('1941-05-02');
  await page.getByRole('button', { name: '접수' }).click();
  await expect(page).toHaveURL(/\/console\/cases\/case-/);
  const caseId = page.url().split('/console/cases/')[1]!.split(/[#?]/)[0]!;

  await expect(page.getByRole('heading', { name: '안내문' })).toBeVisible();
  await expect(page.locator('#notices')).toContainText('발급한 안내문이 없습니다.');
  await page.getByRole('link', { name: '안내문 발급·내려받기' }).click();
  await expect(page).toHaveURL(`/console/cases/${caseId}/notices`);

  // An open case has no closure to tell (Rule Art. 11): refused, with the choice kept.
  await page.getByLabel(/통합지원 종료 안내/).check();
  const refused = page.waitForResponse((r) => r.url().endsWith(`/console/cases/${caseId}/notices`) && r.request().method() === 'POST');
  await page.getByRole('button', { name: '발급하기' }).click();
  expect((await refused).status()).toBe(409);
  await expect(page.locator('#notice-refusal')).toContainText('the case is open');
  await expect(page.getByLabel(/통합지원 종료 안내/)).toBeChecked();
  await expectAccessible(page);

  // Closed on a ground of Rule Art. 11, the closure notice is issued, handed over in person.
  await page.goto(`/console/cases/${caseId}`);
  const close = page.locator('#form-closeCase');
  await close.getByLabel('종결 사유').selectOption('supportNoLongerNeeded');
  // The closure is taken before the page moves on (navigating at once could abort its POST).
  const closed = page.waitForResponse((r) => r.url().includes(`/console/cases/${caseId}/`) && r.request().method() === 'POST');
  await close.getByRole('button').click();
  expect((await closed).status()).toBeLessThan(400);
  await page.goto(`/console/cases/${caseId}/notices`);
  await page.getByLabel(/통합지원 종료 안내/).check();
  await page.getByLabel('직접 전달').check();
  await page.getByRole('button', { name: '발급하기' }).click();
  await expect(page).toHaveURL(/\/notices\?issued=notice-/);
  await expect(page.getByRole('status')).toContainText('안내문을 발급했습니다');
  // The list comes from the audit store, a moment after the issuance.
  await expect(async () => {
    await page.reload();
    await expect(page.locator('tr[data-notice]')).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const row = page.locator('tr[data-notice]');
  await expect(row).toContainText('통합지원 종료 안내');
  await expect(row).toContainText('직접 전달');
  await expectAccessible(page);
  await screenshot(page, 'notices');

  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: 'PDF' }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${caseId}-closure-.+\\.pdf$`));
  const printable = await page.request.get(
    await row
      .getByRole('link', { name: '인쇄용 보기' })
      .getAttribute('href')
      .then((h) => h!),
  );
  expect(printable.status()).toBe(200);
  expect(await printable.text()).toContain('복합적인 지원이 더 이상 필요하지 않게 된 경우');

  // The case page lists it; the full timeline shows the issuance and its handover.
  await page.goto(`/console/cases/${caseId}`);
  await expect(page.locator('#notices tr[data-notice]')).toHaveCount(1);
  await expect(await timelineRow(page, caseId, 'notice.issued')).toContainText('안내문 발급: 통합지원 종료 안내 (직접 전달)');
});

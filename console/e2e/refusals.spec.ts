/**
 * Refusals and scope: a caseworker of another dong, a missing CSRF token, a stale form, a second intake for the
 * same person, a form submitted twice. Each gets the right page and status, and nothing changes that should not.
 * (A provider of another referral is refused in three-roles.spec.ts, where a referral exists.)
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, intake, residentNumber, signInAs, timelineRow } from './helpers';

const statusOf = async (page: Page, caseId: string) => {
  await page.goto(`/console/cases/${caseId}`);
  return (await page.getByTestId('case-status').textContent())?.trim();
};
const formFields = async (page: Page, selector: string) =>
  Object.fromEntries(
    await page
      .locator(`${selector} input[type="hidden"]`)
      .evaluateAll((els) => els.map((e) => [(e as unknown as { name: string }).name, (e as unknown as { value: string }).value])),
  );

test('refusals keep the case as it was and say why', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, 'caseworker');
  const rrn = residentNumber();
  const caseId = await intake(page, '박영희', rrn);

  // A second intake for the same person links to the open case; the entered values stay in the form.
  await page.goto('/console/intake');
  await page.getByRole('radio', { name: '본인', exact: true }).check();
  await page.getByLabel('이름', { exact: true }).fill('박영희');
  await page.getByLabel('주민등록번호').fill(rrn);
  await page.getByLabel('생년월일').fill('1941-05-02');
  const second = page.waitForResponse((r) => r.url().endsWith('/console/intake') && r.request().method() === 'POST');
  await page.getByRole('button', { name: '접수' }).click();
  expect((await second).status()).toBe(409);
  await expect(page.getByRole('link', { name: '기존 사례 열기' })).toHaveAttribute('href', `/console/cases/${caseId}`);
  await expect(page.getByLabel('이름', { exact: true })).toHaveValue('박영희');
  await expectAccessible(page);

  // Agency staff without the person's consent: refused next to the form, values kept.
  await page.getByLabel('기관 직원 (본인 동의)').check();
  await page.getByLabel('주민등록번호').fill(residentNumber().replace(/^410502/, '400101'));
  const agency = page.waitForResponse((r) => r.url().endsWith('/console/intake') && r.request().method() === 'POST');
  await page.getByRole('button', { name: '접수' }).click();
  expect((await agency).status()).toBe(400);
  await expect(page.locator('.error-summary')).toBeVisible();
  await expect(page.getByLabel('기관 직원 (본인 동의)')).toBeChecked();
  await expectAccessible(page);

  // The caseload's filters (htmx swaps the results; the same form works as a plain GET) and sorting.
  await page.goto('/console/caseload');
  await page.getByLabel('상태', { exact: true }).selectOption('awaitingConsent');
  await expect(page).toHaveURL(/status=awaitingConsent/);
  await expect(page.locator(`tr[data-case-id="${caseId}"]`)).toContainText('박영희');
  await page.goto('/console/caseload?status=active&sort=due');
  await expect(page.locator(`tr[data-case-id="${caseId}"]`)).toHaveCount(0);
  await page.goto('/console/caseload?overdue=1&sort=status');
  await expect(page.locator(`tr[data-case-id="${caseId}"]`)).toHaveCount(0);
  await expectAccessible(page);

  // English on request, Korean by default.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('h1')).toHaveText('Caseload');
  await page.getByRole('button', { name: '한국어' }).click();
  await expect(page.locator('h1')).toHaveText('담당 사례');

  // Find the person by resident number, exactly, through the pseudonym.
  await page.goto('/console/caseload');
  await page.getByLabel('주민등록번호로 찾기').fill(rrn);
  await page.getByRole('button', { name: '찾기' }).click();
  await expect(page).toHaveURL(new RegExp(`/console/cases/${caseId}`));

  // The consent form, submitted twice with its own key: applied once.
  const consent = await formFields(page, '#form-recordConsent');
  const post = (fields: Record<string, string>) =>
    page.request.post(`/console/cases/${caseId}/actions/recordConsent`, {
      form: { ...fields, scope: 'survey', givenBy: 'person', method: 'written' },
      maxRedirects: 0,
    });
  expect((await post(consent)).status()).toBe(303);
  expect((await post(consent)).status()).toBe(303);
  await timelineRow(page, caseId, 'consentRecorded');

  // Narrowing a consent never given (Act Art. 4): refused next to the form, with the reason, nothing changed.
  await page.goto(`/console/cases/${caseId}`);
  const narrow = await formFields(page, '#form-narrowConsent');
  const neverGiven = await page.request.post(`/console/cases/${caseId}/actions/narrowConsent`, {
    form: { ...narrow, withdraw: 'referral', givenBy: 'person', method: 'written' },
    maxRedirects: 0,
  });
  expect(neverGiven.status()).toBe(400);
  expect(await neverGiven.text()).toContain('cannot be withdrawn');
  expect(await statusOf(page, caseId)).toBe('사전조사');

  // No CSRF token: 403, nothing changed.
  const pre = await formFields(page, '#form-recordPreSurvey');
  const noToken = await page.request.post(`/console/cases/${caseId}/actions/recordPreSurvey`, {
    form: { _idem: pre._idem!, adl_bathing: '2' },
    maxRedirects: 0,
  });
  expect(noToken.status()).toBe(403);
  expect(await noToken.text()).toContain('보안 토큰');
  expect(await statusOf(page, caseId)).toBe('사전조사');

  // A caseworker of another dong: the page is refused (403), and so is an action with a valid token of their own.
  const other = await (await browser.newContext()).newPage();
  await signInAs(other, 'caseworker-other-dong');
  const view = await other.goto(`/console/cases/${caseId}`);
  expect(view!.status()).toBe(403);
  await expect(other.locator('h1')).toHaveText('이 역할이나 담당 지역으로는 볼 수 없습니다');
  await expectAccessible(other);
  await other.goto('/console/caseload');
  const ownToken = await formFields(other, 'form.find');
  const outside = await other.request.post(`/console/cases/${caseId}/actions/recordPreSurvey`, {
    form: { _csrf: ownToken._csrf!, _idem: 'outside-1', adl_bathing: '2' },
    maxRedirects: 0,
  });
  expect(outside.status()).toBe(403);
  expect(await statusOf(page, caseId)).toBe('사전조사');

  // A provider is not shown cases; a caseworker is not shown the supervisor's queue.
  const wrongRole = await page.goto('/console/supervisor');
  expect(wrongRole!.status()).toBe(403);
  await expectAccessible(page);
});

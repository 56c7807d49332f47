/**
 * One case across the three roles on the real stack: the caseworker takes an intake through to a plan, the
 * supervisor approves it in the conference queue, the provider accepts in its inbox while the caseworker's
 * open case page updates live, and the supervisor reads the timeline and downloads its CSV. axe checks each
 * page; screenshots of the main pages are written to console/screenshots.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { expectAccessible, intake, residentNumber, screenshot, signInAs, timelineRow } from './helpers';

test('a case from intake to an accepted referral, across caseworker, supervisor and provider', async ({ browser }) => {
  const caseworker = await (await browser.newContext()).newPage();
  const supervisor = await (await browser.newContext()).newPage();
  const provider = await (await browser.newContext()).newPage();

  // Caseworker: intake, then each step as the case page offers it.
  await signInAs(caseworker, 'caseworker');
  await expectAccessible(caseworker);
  const caseId = await intake(caseworker, '김순자', residentNumber());
  await expect(caseworker.getByTestId('case-status')).toHaveText('동의 대기');
  await expectAccessible(caseworker);
  await caseworker.getByRole('button', { name: '동의 기록' }).click();
  await expect(caseworker.getByTestId('case-status')).toHaveText('사전조사');
  await caseworker.getByLabel('목욕').selectOption('2');
  await caseworker.getByLabel('혼자 삶').check();
  await caseworker.getByRole('button', { name: '사전조사' }).click();
  await expect(caseworker.getByTestId('case-status')).toHaveText('종합판정 대기');
  await caseworker.getByLabel('일상 돌봄 필요도').selectOption('high');
  await caseworker.getByLabel('의료 지원 필요도').selectOption('moderate');
  await caseworker.getByRole('button', { name: '종합판정 결과' }).click();
  await expect(caseworker.getByTestId('case-status')).toHaveText('대상자 결정 대기');
  await caseworker.getByLabel('노쇠').check();
  await caseworker.getByRole('button', { name: '대상자 결정' }).click();
  await expect(caseworker.getByTestId('case-status')).toHaveText('지원계획 수립');
  await expectAccessible(caseworker);
  await caseworker.getByLabel('서비스', { exact: true }).first().selectOption('MED-03');
  await caseworker.getByLabel('양', { exact: true }).first().fill('2');
  await caseworker.getByRole('button', { name: '지원계획 작성' }).click();
  await caseworker.getByRole('button', { name: '통합지원회의에 제출' }).click();
  await expect(caseworker.getByTestId('case-status')).toHaveText('통합지원회의 대기');

  await caseworker.goto('/console/caseload');
  await expect(caseworker.locator(`tr[data-case-id="${caseId}"]`)).toContainText('김순자');
  await expectAccessible(caseworker);
  await screenshot(caseworker, 'caseload');

  // Supervisor: the conference queue, approve.
  await signInAs(supervisor, 'supervisor');
  const card = supervisor.locator(`article[data-case-id="${caseId}"]`);
  await expect(card).toContainText('방문간호');
  await expectAccessible(supervisor);
  await screenshot(supervisor, 'conference-queue');
  await card.getByRole('button', { name: '회의 결정' }).click();
  await expect(supervisor.getByRole('status')).toContainText('결정을 기록했습니다');

  // Caseworker: the open case page, waiting for the referral and its provider's decision.
  await caseworker.goto(`/console/cases/${caseId}`);
  const row = caseworker.locator('tr[data-referral-id]');
  await expect(async () => {
    await caseworker.reload();
    await expect(row.first()).toHaveAttribute('data-referral-id', /ref/, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(row.first().getByTestId('referral-status')).toHaveText(/요청됨|접수됨/);
  const referralId = (await row.first().getAttribute('data-referral-id'))!;
  const providerId = (await row.first().locator('small.mono').textContent())!.trim();
  await expectAccessible(caseworker);
  await screenshot(caseworker, 'case');
  // The live feed is connected before the provider acts.
  await caseworker.waitForTimeout(3000);

  // Provider: the inbox, the referral, accept (confirmed).
  await signInAs(provider, `provider:${providerId}`);
  await expect(provider.locator(`tr[data-referral-id="${referralId}"]`)).toBeVisible();
  await expectAccessible(provider);
  await screenshot(provider, 'provider-inbox');
  await provider.locator(`tr[data-referral-id="${referralId}"] a`).click();
  await expectAccessible(provider);
  await provider.getByRole('button', { name: '수락' }).click();
  await expect(provider.getByRole('heading', { level: 1 })).toContainText('확인');
  await expectAccessible(provider);
  const navigations: string[] = [];
  caseworker.on('framenavigated', (f) => navigations.push(f.url()));
  await provider.getByRole('button', { name: '보내기' }).click();
  await expect(provider.getByTestId('referral-status')).toHaveText('수락');
  const acceptedAt = Date.now();

  // Caseworker: the open page shows the decision without a reload, within 2 seconds.
  await expect(caseworker.locator(`tr[data-referral-id="${referralId}"]`).getByTestId('referral-status')).toHaveText('수락', {
    timeout: 5000,
  });
  const liveMs = Date.now() - acceptedAt;
  expect(navigations).toEqual([]);
  expect(liveMs).toBeLessThanOrEqual(2000);
  // Accepted: the person's contact details, for this provider only (Act Art. 14; domain/referral/contact-disclosure.ts).
  await expect(provider.getByTestId('referral-contact')).toContainText('김순자');

  // Supervisor: the timeline and its CSV.
  await expect(await timelineRow(supervisor, caseId, 'provider.accepted')).toContainText('제공기관 수락');
  await expectAccessible(supervisor);
  await screenshot(supervisor, 'timeline');
  const [download] = await Promise.all([
    supervisor.waitForEvent('download'),
    supervisor.getByRole('link', { name: 'CSV 내려받기' }).click(),
  ]);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toContain('at,target,actorRole,actorId,action,details');
  expect(csv).toContain(referralId);

  // Supervisor's other pages.
  for (const [url, name] of [
    ['/console/supervisor/workload', 'workload'],
    ['/console/supervisor/escalations', ''],
    ['/console/supervisor/overdue', ''],
    ['/console/supervisor/audit', ''],
    [`/console/cases/${caseId}/access`, 'access-report'],
  ] as const) {
    await supervisor.goto(url);
    await expect(supervisor.locator('h1')).toBeVisible();
    await expectAccessible(supervisor);
    if (name) await screenshot(supervisor, name);
  }

  // A provider the referral is not assigned to: refused, and told so.
  const other = await (await browser.newContext()).newPage();
  await other.goto('/console/sign-in');
  const otherProvider = await other
    .locator('#providerId option')
    .evaluateAll((els, mine) => els.map((e) => (e as unknown as { value: string }).value).find((v) => v !== mine), providerId);
  await signInAs(other, `provider:${otherProvider}`);
  const refused = await other.goto(`/console/provider/referrals/${encodeURIComponent(referralId)}`);
  expect(refused!.status()).toBe(403);
  await expectAccessible(other);
});

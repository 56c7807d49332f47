/**
 * Who carries a case, in the browser on the real stack (Rule Arts. 7-8: the dong's caseworker carries the case;
 * Act Art. 10: the dong of residence): the caseworker who takes the intake carries it and finds it under "my
 * cases"; it is handed to another caseworker on its page; the supervisor hands a departing caseworker's caseload
 * back in one go; and a move to another dong takes the case out of the first caseworker's reach into the new
 * dong's. axe checks each page.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible, intake, residentNumber, screenshot, signInAs } from './helpers';

test('case ownership: assigned at intake, my cases, reassigned one by one and in bulk, transferred to another dong', async ({
  browser,
}) => {
  const caseworker = await (await browser.newContext()).newPage();
  const supervisor = await (await browser.newContext()).newPage();
  const newDong = await (await browser.newContext()).newPage();

  await signInAs(caseworker, 'caseworker');
  const caseId = await intake(caseworker, '박영희', residentNumber());
  await expect(caseworker.getByTestId('case-assigned')).toHaveText('demo-caseworker');

  // "My cases" lists it (the visibility store catches up within a moment).
  await expect(async () => {
    await caseworker.goto('/console/caseload?mine=1');
    await expect(caseworker.locator(`tr[data-case-id="${caseId}"]`)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(caseworker.getByLabel('내 담당만')).toBeChecked();
  await expectAccessible(caseworker);

  // One case to another caseworker of the dong.
  await caseworker.goto(`/console/cases/${caseId}`);
  await caseworker.getByLabel('새 담당 통합돌봄관리사 (아이디)').fill('demo-caseworker-3');
  await caseworker.getByRole('button', { name: '담당자 변경' }).click();
  await expect(caseworker.getByTestId('case-assigned')).toHaveText('demo-caseworker-3');
  await expectAccessible(caseworker);

  // The supervisor hands demo-caseworker-3's whole caseload back.
  await signInAs(supervisor, 'supervisor');
  await expect(async () => {
    await supervisor.goto('/console/supervisor/workload');
    await supervisor.getByLabel('떠나는 관리사 (아이디)').fill('demo-caseworker-3');
    await supervisor.getByLabel('넘겨받을 관리사 (아이디)').fill('demo-caseworker');
    await supervisor.getByRole('button', { name: '일괄 이관' }).click();
    await expect(supervisor.getByTestId('reassign-result')).toContainText('1건을 옮겼습니다', { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expectAccessible(supervisor);
  await screenshot(supervisor, 'caseload-reassignment');
  await caseworker.reload();
  await expect(caseworker.getByTestId('case-assigned')).toHaveText('demo-caseworker');

  // The person moves to another dong of the district: the case goes there, with its new caseworker.
  await caseworker.getByLabel('옮겨 간 동 (행정동 코드, 같은 구)').fill('11110520');
  await caseworker.getByLabel('새 동의 담당자 (아이디, 모르면 비워 두세요)').fill('demo-caseworker-2');
  await caseworker.getByRole('button', { name: '전출 이관' }).click();
  const gone = await caseworker.goto(`/console/cases/${caseId}`);
  expect(gone!.status()).toBe(403);

  await signInAs(newDong, 'caseworker-other-dong');
  await newDong.goto(`/console/cases/${caseId}`);
  await expect(newDong.getByTestId('case-assigned')).toHaveText('demo-caseworker-2');
  await expectAccessible(newDong);
  await screenshot(newDong, 'case-transferred');
});

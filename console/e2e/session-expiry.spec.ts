/**
 * An idle session ends (the test stack's idle timeout is one minute, console/e2e/stack-settings.ts): the next
 * page is the sign-in page with status 401 and the reason, and a form sent with the old session changes nothing.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible, signInAs } from './helpers';
import { E2E_IDLE_MINUTES } from './stack-settings';

test('an idle session expires', async ({ page }) => {
  test.setTimeout(E2E_IDLE_MINUTES * 60_000 + 60_000);
  await signInAs(page, 'caseworker');
  await page.goto('/console/intake');
  const csrf = await page.locator('form[action="/console/intake"] input[name="_csrf"]').inputValue();
  await page.waitForTimeout(E2E_IDLE_MINUTES * 60_000 + 2000);
  const res = await page.goto('/console/caseload');
  expect(res!.status()).toBe(401);
  await expect(page.getByRole('alert')).toHaveText('세션이 만료되었습니다. 다시 로그인하세요.');
  await expectAccessible(page);
  // The expired session's token no longer takes an intake.
  const late = await page.request.post('/console/intake', {
    form: { _csrf: csrf, dongCode: '11110510', applicantType: 'self', name: '늦은신청', rrn: '400101-2000001', birthDate: '1940-01-01' },
    maxRedirects: 0,
  });
  expect([401, 403, 303]).toContain(late.status());
  expect(late.headers().location ?? '').not.toContain('/console/cases/');
});

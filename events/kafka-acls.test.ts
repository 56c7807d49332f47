import { AclOperationTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import { DOLBOM_PRINCIPALS, dolbomAcls, providerAcls } from './kafka-acls';
import { topicNames } from './topics';

const t = topicNames('dolbom.');
const OP: Record<number, string> = {
  [AclOperationTypes.READ]: 'READ',
  [AclOperationTypes.WRITE]: 'WRITE',
  [AclOperationTypes.DESCRIBE]: 'DESCRIBE',
};
const rights = (acls: ReturnType<typeof dolbomAcls>, principal: string) =>
  acls
    .filter((a) => a.principal === `User:${principal}` && a.resourceType === AclResourceTypes.TOPIC)
    .map((a) => `${OP[a.operation] ?? a.operation} ${a.resourceName}${a.resourcePatternType === ResourcePatternTypes.PREFIXED ? '*' : ''}`)
    .sort();

test("a provider's principal reads its own requests and writes its own responses, nothing else", () => {
  expect(rights(providerAcls('dolbom.', 'prv-1'), 'provider-prv-1')).toEqual(
    [
      'DESCRIBE dolbom.provider.prv-1.requests',
      'READ dolbom.provider.prv-1.requests',
      'DESCRIBE dolbom.provider.prv-1.responses',
      'WRITE dolbom.provider.prv-1.responses',
    ].sort(),
  );
  expect(
    providerAcls('dolbom.', 'prv-1').every(
      (a) => a.resourcePatternType === ResourcePatternTypes.LITERAL || a.resourceType === AclResourceTypes.GROUP,
    ),
  ).toBe(true);
});

test('only the worker and the API write the audit topic; no principal of Dolbom reads what it does not use', () => {
  const acls = dolbomAcls('dolbom.');
  const writers = acls.filter((a) => a.resourceName === t.audit && a.operation === AclOperationTypes.WRITE).map((a) => a.principal);
  expect(writers.sort()).toEqual([`User:${DOLBOM_PRINCIPALS.api}`, `User:${DOLBOM_PRINCIPALS.worker}`]);
  expect(rights(acls, DOLBOM_PRINCIPALS.worker).filter((r) => r.startsWith('READ'))).toEqual([]);
  expect(rights(acls, DOLBOM_PRINCIPALS.simulator).some((r) => r.includes(t.audit) || r.includes(t.caseEvents))).toBe(false);
  expect(rights(acls, DOLBOM_PRINCIPALS.bridge)).toContain(`READ ${t.providerTopicPrefix}*`);
  expect(acls.some((a) => a.principal === `User:${DOLBOM_PRINCIPALS.admin}`)).toBe(false); // the super user needs none
});

test("a case's state (personal data, encrypted) is written by the worker and read by the API, no one else", () => {
  const acls = dolbomAcls('dolbom.');
  const on = (op: number) =>
    acls
      .filter((a) => a.resourceName === t.caseState && a.operation === op)
      .map((a) => a.principal)
      .sort();
  expect(on(AclOperationTypes.WRITE)).toEqual([`User:${DOLBOM_PRINCIPALS.worker}`]);
  expect(on(AclOperationTypes.READ)).toEqual([`User:${DOLBOM_PRINCIPALS.api}`]);
  expect(acls.some((a) => a.resourcePatternType === ResourcePatternTypes.PREFIXED && t.caseState.startsWith(a.resourceName))).toBe(false);
});

test('the bridge knows a provider by its own responses topic only', () => {
  expect(t.providerOfReplies(t.providerReplies('prv-11110-hw-01'))).toBe('prv-11110-hw-01');
  expect(t.providerOfReplies(t.providerResponses)).toBeUndefined();
  expect(t.providerOfReplies(t.providerRequests('prv-1'))).toBeUndefined();
  expect(t.providerOfReplies('other.provider.prv-1.responses')).toBeUndefined();
});

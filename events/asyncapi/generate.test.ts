/**
 * The published contract: the AsyncAPI document parses cleanly, the checked-in files are what the generator
 * makes now, and the JSON Schemas say the same as the zod schemas they come from.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { z } from 'zod';
import { CARE_DOMAINS } from '../../domain/codes';
import { exampleEnvelope } from '../schemas/define';
import { EVENT_CATALOGUE } from '../schemas/registry';
import { providerTopicSpecs, topicSpecs } from '../topics';
import { ASYNCAPI_PATH, buildAsyncApiDocument, checkArtifacts, JSON_SCHEMA_DIR, ROOT } from './generate';

type Doc = {
  servers: Record<string, { host: string; protocol: string }>;
  channels: Record<string, { address: string; messages: Record<string, unknown> }>;
  operations: Record<string, { action: string; channel: { $ref: string } }>;
  components: { messages: Record<string, { headers: { properties: Record<string, unknown> }; bindings: { kafka: { key: unknown } } }> };
  info: { description: string };
};
const doc = buildAsyncApiDocument() as unknown as Doc;

test('the AsyncAPI document parses without errors', async () => {
  const { document, diagnostics } = await new Parser().parse(readFileSync(join(ROOT, ASYNCAPI_PATH), 'utf8'));
  const errors = diagnostics.filter((d) => d.severity === 0);
  expect(errors.map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`)).toEqual([]);
  expect(document).toBeDefined();
  expect(document!.version()).toBe('3.0.0');
  // Every catalogued event, the dead letter, the case state and the referral's notice.
  expect(document!.allMessages().length).toBe(EVENT_CATALOGUE.length + 3);
});

test('the checked-in files are up to date (npx tsx events/asyncapi/generate.ts --check)', () => {
  expect(checkArtifacts()).toEqual([]);
});

test('every catalogued type has its JSON Schema file, and the file agrees with the zod schema', () => {
  for (const e of EVENT_CATALOGUE) {
    const path = join(ROOT, JSON_SCHEMA_DIR, `${e.type}.json`);
    expect(existsSync(path)).toBe(true);
    const fromFile = z.fromJSONSchema(JSON.parse(readFileSync(path, 'utf8')));
    for (const ex of e.examples) {
      const envelope = exampleEnvelope(e, ex);
      expect(fromFile.safeParse(envelope).success).toBe(true);
      expect(fromFile.safeParse({ ...envelope, extra: true }).success).toBe(false);
      expect(fromFile.safeParse({ ...envelope, data: { ...(envelope.data as object), extra: true } }).success).toBe(false);
      expect(fromFile.safeParse({ ...envelope, type: 'kr.dolbom.other.v1' }).success).toBe(false);
    }
  }
});

test("one channel per topic, a provider's own two parameterised; operations from the provider's side, on its own topics only", () => {
  const addresses = Object.values(doc.channels)
    .map((c) => c.address)
    .sort();
  expect(addresses).toEqual([...topicSpecs('dolbom.'), ...providerTopicSpecs('dolbom.', '{providerId}')].map((s) => s.name).sort());
  for (const d of CARE_DOMAINS) expect(addresses).toContain(`dolbom.referral.requests.${d}`);
  const actions = Object.values(doc.operations).map((o) => `${o.action} ${o.channel.$ref}`);
  expect(actions.sort()).toEqual(['receive #/channels/providerRequests', 'send #/channels/providerReplies']);
  expect(doc.servers.local).toMatchObject({ host: '127.0.0.1:9092', protocol: 'kafka-secure' });
});

test('messages document CloudEvents headers and their Kafka key', () => {
  for (const e of EVENT_CATALOGUE) {
    const m = doc.components.messages[e.type.replace(/^kr\.dolbom\./, '')]!;
    expect(Object.keys(m.headers.properties).sort()).toEqual(['ce_id', 'ce_subject', 'ce_type', 'content-type']);
    expect(m.bindings.kafka.key).toBeDefined();
  }
  for (const words of ['ordering', 'at least once', 'deterministic', 'dolbom-dlq-reason', 'minimum data'])
    expect(doc.info.description.toLowerCase()).toContain(words.toLowerCase());
});

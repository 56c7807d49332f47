import { Writable } from 'node:stream';
import { createLogger } from '../platform/logger';
import { PERSONAL_FIELDS, REDACTED } from './redaction';

const SECRETS = { name: '홍길순', rrn: '480312-2123456', healthNotes: '치매 초기 진단', phone: '010-1234-5678' };

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('the logger censors the personal fields', () => {
  it('every field of the one list, at the top and one, two and three levels down', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream, level: 'info', format: 'json' });
    for (const field of PERSONAL_FIELDS) {
      logger.info(
        {
          [field]: 'secret',
          caseId: 'case-abc',
          a: { [field]: 'secret', b: { [field]: 'secret', c: { [field]: 'secret', district: '11680' } } },
        },
        field,
      );
    }
    const lines = out.lines();
    expect(lines).toHaveLength(PERSONAL_FIELDS.length);
    for (const [i, field] of PERSONAL_FIELDS.entries()) {
      expect(lines[i]).toMatchObject({
        [field]: REDACTED,
        caseId: 'case-abc',
        a: { [field]: REDACTED, b: { [field]: REDACTED, c: { [field]: REDACTED, district: '11680' } } },
      });
    }
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('personal details as the case carries them, and the bearer token of a request', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream, level: 'info', format: 'json' });
    logger.info({ personal: { name: SECRETS.name, rrn: SECRETS.rrn }, rrn: SECRETS.rrn, healthNotes: SECRETS.healthNotes }, 'top level');
    logger.info({ intake: { personal: { name: SECRETS.name, rrn: SECRETS.rrn }, healthNotes: SECRETS.healthNotes } }, 'one level down');
    logger.info({ event: { data: { rrn: SECRETS.rrn, phone: SECRETS.phone, personal: { name: SECRETS.name } } } }, 'two levels down');
    logger.info({ req: { method: 'GET', headers: { authorization: 'Bearer eyJ.secret' } } }, 'request');
    const text = JSON.stringify(out.lines());
    for (const secret of [SECRETS.name, SECRETS.rrn, '480312', SECRETS.healthNotes, SECRETS.phone, 'eyJ.secret'])
      expect(text).not.toContain(secret);
    expect(out.lines()[3]).toMatchObject({ req: { method: 'GET', headers: { authorization: REDACTED } } });
  });
});

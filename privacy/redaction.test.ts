import { Writable } from 'node:stream';
import { createLogger } from '../platform/logger';
import { PERSONAL_FIELDS, redactPersonal } from './redaction';

const SECRETS = { name: '홍길순', rrn: '480312-2123456', healthNotes: '치매 초기 진단', phone: '010-1234-5678' };

describe('redactPersonal', () => {
  it('lists the personal fields', () => {
    expect(PERSONAL_FIELDS).toEqual(['name', 'rrn', 'phone', 'address', 'healthNotes', 'birthDate']);
  });

  it('replaces personal fields at any depth, in objects and arrays, and leaves the rest and the input alone', () => {
    const input = {
      caseId: 'case-abc',
      rrn: SECRETS.rrn,
      a: { b: { c: { d: { personal: { name: SECRETS.name, birthDate: '1948-03-12', district: '11680' } } } } },
      people: [{ name: SECRETS.name, phone: SECRETS.phone }, 'plain'],
      at: new Date(0),
    };
    const out = redactPersonal(input);
    expect(out).toEqual({
      caseId: 'case-abc',
      rrn: '[redacted]',
      a: { b: { c: { d: { personal: { name: '[redacted]', birthDate: '[redacted]', district: '11680' } } } } },
      people: [{ name: '[redacted]', phone: '[redacted]' }, 'plain'],
      at: new Date(0),
    });
    expect(input.rrn).toBe(SECRETS.rrn);
  });

  it('survives cycles and keeps shared references', () => {
    const shared = { healthNotes: SECRETS.healthNotes };
    const loop: Record<string, unknown> = { a: shared, b: shared };
    loop.self = loop;
    expect(redactPersonal(loop)).toEqual({ a: { healthNotes: '[redacted]' }, b: { healthNotes: '[redacted]' }, self: '[circular]' });
  });
});

describe('platform logger redaction', () => {
  function capture(): { stream: Writable; text: () => string } {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    return { stream, text: () => chunks.join('') };
  }

  it('redacts personal.name, personal.rrn, rrn and healthNotes in nested log objects', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream, level: 'info', format: 'json' });
    logger.info({ personal: { name: SECRETS.name, rrn: SECRETS.rrn }, rrn: SECRETS.rrn, healthNotes: SECRETS.healthNotes }, 'top level');
    logger.info({ intake: { personal: { name: SECRETS.name, rrn: SECRETS.rrn }, healthNotes: SECRETS.healthNotes } }, 'one level down');
    logger.info({ event: { data: { rrn: SECRETS.rrn, healthNotes: SECRETS.healthNotes, personal: { name: SECRETS.name } } } }, 'two levels down');
    const text = out.text();
    expect(text.trim().split('\n')).toHaveLength(3);
    for (const secret of [SECRETS.name, SECRETS.rrn, '480312', SECRETS.healthNotes]) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});

import { codecCallerFor, isLocalWebUi } from './codec-access';

const UI = 'http://127.0.0.1:8233';

describe('codec access', () => {
  test('a caseworker decodes only labelled payloads of their dongs’ districts; a supervisor their district and unlabelled ones; a provider nothing', () => {
    const cw = codecCallerFor({ role: 'caseworker', sub: 'cw', dongs: ['11680510'] });
    const sv = codecCallerFor({ role: 'supervisor', sub: 'sv', district: '11680' });
    expect(cw && [cw.mayDecode('11680'), cw.mayDecode('11110'), cw.mayDecode(undefined)]).toEqual([true, false, false]);
    expect(sv && [sv.mayDecode('11680'), sv.mayDecode('11110'), sv.mayDecode(undefined)]).toEqual([true, false, true]);
    expect(codecCallerFor({ role: 'provider', sub: 'p', providerId: 'x' })).toBe(false);
  });

  test('the local Web UI is loopback address, loopback Host and the UI origin, all three', () => {
    const req = (ip: string, host: string | undefined, origin: string | undefined) => ({ ip, headers: { host, origin } });
    expect(isLocalWebUi(req('127.0.0.1', '127.0.0.1:8080', UI), UI)).toBe(true);
    expect(isLocalWebUi(req('::1', 'localhost:8080', UI), UI)).toBe(true);
    expect(isLocalWebUi(req('10.0.0.5', '127.0.0.1:8080', UI), UI)).toBe(false);
    expect(isLocalWebUi(req('127.0.0.1', 'rebind.example:8080', UI), UI)).toBe(false);
    expect(isLocalWebUi(req('127.0.0.1', '127.0.0.1:8080', 'http://rebind.example'), UI)).toBe(false);
    expect(isLocalWebUi(req('127.0.0.1', '127.0.0.1:8080', undefined), UI)).toBe(false);
  });
});

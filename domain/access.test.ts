import { canAccessCase, caseScopeRefusal, reportScopeRefusal, systemScope } from './access';
import { ERR_OUT_OF_SCOPE, ERR_SCOPE_MISSING } from './failures';

const area = { districtCode: '11110', dongCode: '11110510' };

describe('a case action names its caller (issue 14)', () => {
  it('refuses an action without a scope, or with one of no known shape', () => {
    expect(caseScopeRefusal(undefined, 'case-1', area)).toMatchObject({
      type: ERR_SCOPE_MISSING,
      message: expect.stringContaining('systemScope'),
    });
    expect(caseScopeRefusal(null, 'case-1', area)?.type).toBe(ERR_SCOPE_MISSING);
    expect(caseScopeRefusal({ role: 'mayor' }, 'case-1', area)?.type).toBe(ERR_SCOPE_MISSING);
    // A system scope must name its process.
    expect(caseScopeRefusal({ role: 'system' }, 'case-1', area)?.type).toBe(ERR_SCOPE_MISSING);
    expect(caseScopeRefusal({ role: 'system', actor: '' }, 'case-1', area)?.type).toBe(ERR_SCOPE_MISSING);
  });

  it("refuses a caller outside the case's area, providers always", () => {
    expect(caseScopeRefusal({ role: 'caseworker', dongs: ['11110530'] }, 'case-1', area)).toEqual({
      type: ERR_OUT_OF_SCOPE,
      message: 'case case-1 is outside your dong',
    });
    expect(caseScopeRefusal({ role: 'supervisor', district: '11140' }, 'case-1', area)?.type).toBe(ERR_OUT_OF_SCOPE);
    expect(caseScopeRefusal({ role: 'provider', providerId: 'prv-11110-hc-01' }, 'case-1', area)?.type).toBe(ERR_OUT_OF_SCOPE);
  });

  it("accepts the case's own area and a named process of Dolbom", () => {
    expect(caseScopeRefusal({ role: 'caseworker', dongs: ['11110510'] }, 'case-1', area)).toBeUndefined();
    expect(caseScopeRefusal({ role: 'supervisor', district: '11110', sub: 'sv-1' }, 'case-1', area)).toBeUndefined();
    expect(caseScopeRefusal(systemScope('faults/load'), 'case-1', area)).toBeUndefined();
    expect(canAccessCase(systemScope('test'), area)).toBe(true);
  });
});

describe('a provider report names who delivers it', () => {
  const provider = 'prv-11110-lt-01';
  it('refuses a report without a scope', () => {
    expect(reportScopeRefusal(undefined, 'ref-1', provider)?.type).toBe(ERR_SCOPE_MISSING);
  });
  it('accepts the provider itself and the bridge, nobody else', () => {
    expect(reportScopeRefusal({ role: 'provider', providerId: provider, sub: 'x' }, 'ref-1', provider)).toBeUndefined();
    expect(reportScopeRefusal(systemScope('bridge'), 'ref-1', provider)).toBeUndefined();
    expect(reportScopeRefusal({ role: 'provider', providerId: 'prv-11110-lt-02' }, 'ref-1', provider)).toEqual({
      type: ERR_OUT_OF_SCOPE,
      message: `provider prv-11110-lt-02 cannot report for provider ${provider}`,
    });
    expect(reportScopeRefusal({ role: 'caseworker', dongs: ['11110510'] }, 'ref-1', provider)?.type).toBe(ERR_OUT_OF_SCOPE);
  });
});

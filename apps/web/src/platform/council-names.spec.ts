import { describe, expect, it } from '@jest/globals';
import { councilNamer } from './council-names.js';

describe('council names', () => {
  it('names a member council as the region does, others as the DfE does, and never shows a bare code', () => {
    const name = councilNamer({ councils: [{ code: 'E10000028', name: 'Staffordshire County Council' }] });
    expect(name('E10000028')).toBe('Staffordshire County Council');
    expect(name('E06000021')).toBe('Stoke-on-Trent');
    expect(name('E09999999')).toBe('Council E09999999');
  });
});

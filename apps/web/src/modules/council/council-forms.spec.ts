import { describe, expect, it } from '@jest/globals';
import { readUploads } from './imports.controller.js';
import { readAcceptForm, readEndForm, readPlacementForm, readReferralForm, readUnmetForm } from './referral-form.js';
import { parseTargets } from './targets.js';

const valid = {
  childId: '62551',
  kind: 'planned',
  'startBy-day': '1',
  'startBy-month': '12',
  'startBy-year': '2026',
  siblings: '1',
  localities: 'st4 2,  ST5   1',
  closeToFamily: 'yes',
  mustStayAtSchool: 'no',
  'suitability-fostering': 'preferred',
  'suitability-residential': 'unsuitable',
  'suitability-supported': 'not-specified',
  ratio: '1:1',
  'risk-self-harm': 'high',
  'risk-going-missing': 'low',
  risksToOthers: ['fire-setting'],
  support: 'therapeutic-support',
  needs: ['learning-difficulty', 'emotional-behavioural'],
};

describe('the referral form', () => {
  it('builds the openReferral input from a valid form', () => {
    const { errors, input } = readReferralForm(valid);
    expect(errors).toEqual({});
    expect(input).toEqual({
      childId: '62551',
      kind: 'planned',
      startBy: '2026-12-01',
      siblings: 1,
      localities: ['ST4 2', 'ST5 1'],
      closeToFamily: true,
      mustStayAtSchool: false,
      suitability: { fostering: 'preferred', residential: 'unsuitable', supported: 'not-specified' },
      ratio: '1:1',
      risksToChild: [
        { risk: 'self-harm', level: 'high' },
        { risk: 'going-missing', level: 'low' },
      ],
      risksToOthers: ['fire-setting'],
      support: ['therapeutic-support'],
      needs: ['learning-difficulty', 'emotional-behavioural'],
      aboutChild: '',
    });
  });

  it('names every problem, linked to its field, and refuses full postcodes', () => {
    const { errors, input } = readReferralForm({ localities: 'ST4 2DF', siblings: '11', 'risk-self-harm': 'extreme' });
    expect(input).toBeUndefined();
    expect(Object.fromEntries(Object.entries(errors).map(([k, e]) => [k, e.href]))).toEqual({
      childId: 'childId',
      kind: 'kind',
      startBy: 'startBy-day',
      siblings: 'siblings',
      localities: 'localities',
      closeToFamily: 'closeToFamily',
      mustStayAtSchool: 'mustStayAtSchool',
      'suitability-fostering': 'suitability-fostering',
      'suitability-residential': 'suitability-residential',
      'suitability-supported': 'suitability-supported',
      ratio: 'ratio',
      'risk-self-harm': 'risk-self-harm',
    });
    expect(errors['localities']!.text).toBe('Enter postcode sectors such as ST4 2, never full postcodes');
  });
});

describe('the placement and unmet forms', () => {
  it('turns pounds into integer pence and checks the rest', () => {
    const ok = readPlacementForm({
      settingUrn: 'sc123456',
      weeklyCost: '£4,250.5',
      route: 'spot',
      'startDate-day': '2',
      'startDate-month': '1',
      'startDate-year': '2027',
    });
    expect(ok.input).toEqual({
      settingUrn: 'SC123456',
      weeklyCostPence: 425050,
      route: 'spot',
      startDate: '2027-01-02',
    });
    const bad = readPlacementForm({
      settingUrn: 'SC-1',
      weeklyCost: '12.345',
      route: 'gift',
      placementCategory: 'castle',
    });
    expect(Object.keys(bad.errors)).toEqual(['settingUrn', 'weeklyCost', 'route', 'startDate', 'placementCategory']);
    const block = readPlacementForm({
      settingUrn: 'SC1',
      weeklyCost: '1',
      route: 'block',
      'startDate-day': '1',
      'startDate-month': '1',
      'startDate-year': '2027',
    });
    expect(Object.keys(block.errors)).toEqual(['contractId']);
    expect(readUnmetForm({}).errors['reasons']!.text).toBe('Select why no offer was acceptable');
    expect(readUnmetForm({ reasons: ['no-capacity', 'too-far'] }).errors).toEqual({});
    expect(readUnmetForm({ reasons: 'made-up' }).errors['reasons']).toBeDefined();
  });
});

describe('accepting an offer and ending a placement', () => {
  const offer = '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed';
  it('accepts only an offer shown, and needs a contract for a block bed', () => {
    expect(readAcceptForm({ responseId: offer, acceptRoute: 'spot' }, [offer]).input).toEqual({
      responseId: offer,
      route: 'spot',
    });
    expect(Object.keys(readAcceptForm({ responseId: 'other', acceptRoute: 'block' }, [offer]).errors)).toEqual([
      'responseId',
      'contractId',
    ]);
    expect(readAcceptForm({ responseId: offer, acceptRoute: 'block', contractId: offer }, [offer]).input).toEqual({
      responseId: offer,
      route: 'block',
      contractId: offer,
    });
    expect(
      readAcceptForm({ responseId: offer, acceptRoute: 'spot', contractId: 'x' }, [offer]).errors['contractId'],
    ).toBeDefined();
    expect(readEndForm({ 'endDate-day': '3', 'endDate-month': '4', 'endDate-year': '2027' }).endDate).toBe(
      '2027-04-03',
    );
    expect(readEndForm({}).errors['endDate']!.text).toBe('Enter the date the child left');
  });
});

describe('uploads', () => {
  const file = (originalname: string, content: Buffer | string) => ({
    originalname,
    size: Buffer.byteLength(content),
    buffer: Buffer.from(content),
  });

  it('reads CSV and XML as UTF-8 (dropping a BOM) and refuses anything else', () => {
    expect(readUploads([file('2021-header.csv', '\uFEFFCHILD,SEX\n1,1\n')])).toEqual({
      files: [{ name: '2021-header.csv', content: 'CHILD,SEX\n1,1\n' }],
    });
    expect(readUploads([]).error).toBe('Select at least one SSDA903 file');
    expect(readUploads([file('', '')]).error).toBe('Select at least one SSDA903 file');
    expect(readUploads([file('return.xlsx', 'x')]).error).toBe('return.xlsx must be a CSV or XML file');
    expect(readUploads([file('h.csv', Buffer.from([0xff, 0xfe, 0x41]))]).error).toBe(
      'h.csv must be saved as UTF-8 text',
    );
    expect(readUploads([file('h.csv', '')]).error).toBe('h.csv is empty');
  });
});

describe('strategy targets', () => {
  it('parses the configured targets and judges values against them', () => {
    const [same, moves, unregulated] = parseTargets(
      'samePlacementTwoYears>=85,threeOrMorePlacements<=10,under16Unregulated=0',
    );
    expect([same!.text, moves!.text, unregulated!.text]).toEqual(['At least 85%', 'At most 10%', 'None']);
    expect([
      same!.met(85),
      same!.met(84.9),
      moves!.met(10),
      moves!.met(10.1),
      unregulated!.met(0),
      unregulated!.met(1),
    ]).toEqual([true, false, true, false, true, false]);
    expect(() => parseTargets('nonsense>=1')).toThrow(/unknown indicator/);
  });
});

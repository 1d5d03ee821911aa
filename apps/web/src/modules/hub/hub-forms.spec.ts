import { describe, expect, it } from '@jest/globals';
import { readProviderLists } from './provider-lists.controller.js';
import { readLotForm, readSharesForm } from './tender-forms.js';

describe('tender forms', () => {
  it('reads a lot and names every problem', () => {
    expect(
      readLotForm({
        lotTitle: 'Two-bed homes',
        settingType: 'childrens-home',
        needs: 'emotional-behavioural',
        locality: 'st4',
        beds: '4',
        termMonths: '24',
      }).input,
    ).toEqual({
      title: 'Two-bed homes',
      settingType: 'childrens-home',
      needs: ['emotional-behavioural'],
      locality: 'ST4',
      beds: 4,
      termMonths: 24,
    });
    expect(Object.keys(readLotForm({ lotTitle: 'x', locality: 'ST4 2', beds: '0', termMonths: '121' }).errors)).toEqual(
      ['lotTitle', 'settingType', 'locality', 'beds', 'termMonths'],
    );
  });

  it('turns percentage shares into basis points that must add up to 100%', () => {
    const councils = ['E10000028', 'E06000021'];
    expect(readSharesForm({ 'share-E10000028': '62.5', 'share-E06000021': '37.5%' }, councils).input).toEqual([
      { councilCode: 'E10000028', basisPoints: 6250 },
      { councilCode: 'E06000021', basisPoints: 3750 },
    ]);
    expect(readSharesForm({ 'share-E10000028': '100', 'share-E06000021': '0' }, councils).input).toEqual([
      { councilCode: 'E10000028', basisPoints: 10000 },
    ]);
    expect(
      readSharesForm({ 'share-E10000028': '60', 'share-E06000021': '30' }, councils).errors['share-E10000028']!.text,
    ).toBe('The shares must add up to 100% (they add up to 90.00%)');
    expect(readSharesForm({ 'share-E10000028': 'half' }, councils).errors['share-E10000028']).toBeDefined();
  });
});

describe('provider lists', () => {
  it('sends CSV as text and xlsx as base64, and refuses other files', () => {
    const f = (originalname: string, content: Buffer) => ({ originalname, size: content.length, buffer: content });
    expect(
      readProviderLists([f('list.csv', Buffer.from('URN\nSC1\n')), f('list.xlsx', Buffer.from([1, 2, 3]))]).files,
    ).toEqual([
      { name: 'list.csv', content: 'URN\nSC1\n', encoding: 'utf8' },
      { name: 'list.xlsx', content: 'AQID', encoding: 'base64' },
    ]);
    expect(readProviderLists([f('list.pdf', Buffer.from('x'))]).error).toBe('list.pdf must be a CSV or xlsx file');
    expect(readProviderLists([]).error).toBe('Select the Ofsted provider list (CSV or xlsx)');
  });
});

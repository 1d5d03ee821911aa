import { describe, expect, it } from '@jest/globals';
import { readBidForm } from './bid-form.js';

const lot = '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed';

describe('the bid form', () => {
  it('builds a bid with integer pence, upper-case URNs and an answer to every question', () => {
    const { input, errors } = readBidForm(
      {
        lotId: lot,
        settingUrns: 'sc500001, SC500002',
        beds: '4',
        price: '£4,100.50',
        'startDate-day': '1',
        'startDate-month': '4',
        'startDate-year': '2027',
        'answer-0': 'Local recruitment',
        'answer-1': 'Therapeutic model',
      },
      [lot],
      2,
    );
    expect(errors).toEqual({});
    expect(input).toEqual({
      lotId: lot,
      settingUrns: ['SC500001', 'SC500002'],
      beds: 4,
      weeklyPricePerBedPence: 410050,
      startDate: '2027-04-01',
      qualityAnswers: [
        { question: 0, answer: 'Local recruitment' },
        { question: 1, answer: 'Therapeutic model' },
      ],
    });
  });

  it('names every missing or wrong field', () => {
    const { input, errors } = readBidForm({ lotId: 'other', settingUrns: 'SC-1', beds: '0', price: '1.234' }, [lot], 1);
    expect(input).toBeUndefined();
    expect(Object.keys(errors)).toEqual(['lotId', 'settingUrns', 'beds', 'price', 'startDate', 'answer-0']);
  });
});

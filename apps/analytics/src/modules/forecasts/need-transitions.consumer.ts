import { Injectable } from '@nestjs/common';
import { NeedTransitionsV1Event, type NeedTransitionsV1 } from '@rcc/contracts';
import { LatestCouncilRows, LatestCouncilRowsConsumer, monthKey } from '../../platform/council-upsert.js';

/** Stores a council's transitions for one month; a later-occurring event for the same month replaces it. */
@Injectable()
export class NeedTransitionsConsumer extends LatestCouncilRowsConsumer<NeedTransitionsV1, NeedTransitionsV1> {
  readonly definition = NeedTransitionsV1Event;
  protected readonly table = new LatestCouncilRows<NeedTransitionsV1>('need_transition_month', monthKey(), [
    {
      name: 'cells',
      type: 'jsonb',
      of: (p) => JSON.stringify(p.cells.map((c) => ({ from: c.from, to: c.to, count: c.count }))),
    },
  ]);

  protected rows(payload: NeedTransitionsV1): NeedTransitionsV1[] {
    return [payload];
  }
}

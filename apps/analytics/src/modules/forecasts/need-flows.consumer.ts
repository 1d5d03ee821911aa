import { Injectable } from '@nestjs/common';
import { NeedFlowsV1Event, type NeedFlowsV1 } from '@rcc/contracts';
import { LatestCouncilRows, LatestCouncilRowsConsumer, monthKey } from '../../platform/council-upsert.js';

type FlowMonth = NeedFlowsV1['months'][number];

/**
 * Stores a council's monthly entries and exits, one row per council and month. Each event repeats the twelve months
 * to its date; a month is replaced only by an event that occurred later, so redelivery and reordering change nothing.
 */
@Injectable()
export class NeedFlowsConsumer extends LatestCouncilRowsConsumer<NeedFlowsV1, FlowMonth> {
  readonly definition = NeedFlowsV1Event;
  protected readonly table = new LatestCouncilRows<FlowMonth>('need_flow_month', monthKey(), [
    { name: 'entries', type: 'int', of: (m) => m.entries },
    { name: 'exits', type: 'int', of: (m) => m.exits },
  ]);

  protected rows(payload: NeedFlowsV1): FlowMonth[] {
    return payload.months;
  }
}

import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PublishedRow } from '../publication/dtos/publication.model.js';
import { PublishedCount } from '../publication/dtos/published-count.model.js';

@ObjectType({ description: 'A two-way table after disclosure control, with its row and column totals.' })
export class MarketTable {
  @Field({ description: 'What a row is (need, council, decline-reason).' }) rowDimension: string;
  @Field({ description: 'What a column is.' }) columnDimension: string;
  @Field(() => [String]) columnKeys: string[];
  @Field(() => [PublishedRow]) rows: PublishedRow[];
  @Field(() => [PublishedCount]) columnTotals: PublishedCount[];
  @Field(() => PublishedCount) total: PublishedCount;
}

@ObjectType({ description: 'Weekly prices of one placement type, pooled over the region: quartiles, never a mean.' })
export class MarketPrice {
  @Field() placementCategory: string;
  @Field(() => PublishedCount, { description: 'Placements priced (c when too few to show prices).' })
  placements: PublishedCount;
  @Field(() => Int, { nullable: true, description: 'Null when withheld (too few placements).' })
  lowerQuartilePence: number | null;
  @Field(() => Int, { nullable: true }) medianPence: number | null;
  @Field(() => Int, { nullable: true }) upperQuartilePence: number | null;
}

@ObjectType({ description: "A month of the region's forecast, rounded to the nearest 10." })
export class MarketForecastMonth {
  @Field({ description: 'YYYY-MM' }) month: string;
  @Field(() => PublishedCount) point: PublishedCount;
  @Field(() => PublishedCount) lower80: PublishedCount;
  @Field(() => PublishedCount) upper80: PublishedCount;
}

@ObjectType()
export class MarketForecast {
  @Field(() => String, { nullable: true, description: 'The last month observed (YYYY-MM).' }) lastMonth: string | null;
  @Field(() => Int) roundedTo: number;
  @Field(() => [MarketForecastMonth]) months: MarketForecastMonth[];
}

@ObjectType({
  description:
    "What providers see of the region's market, every figure disclosure-controlled: demand by need, unmet referrals " +
    'by area and age, declines by reason, where children are placed, prices by type and the forecast.',
})
export class ProviderMarket {
  @Field({ description: 'YYYY-MM-DD: the day the figures describe.' }) asAt: string;
  @Field(() => Int, { description: 'Counts from 1 to minCount - 1 are shown as c.' }) minCount: number;
  @Field(() => [String], { description: 'The member councils (ONS codes), whose referrals and placements count.' })
  councils: string[];
  @Field(() => MarketTable, { description: 'Referrals by need: placed or still open, and unmet.' })
  demandByNeed: MarketTable;
  @Field(() => MarketTable, { description: 'Unmet referrals (the market-gap signal) by council and age band.' })
  unmetByAreaAndAge: MarketTable;
  @Field(() => MarketTable, { description: 'Declines by providers on the unmet referrals, by reason.' })
  declinesByReason: MarketTable;
  @Field(() => MarketTable, {
    description:
      "Current placements by placing council and where the home is: own-area, another member's code, " +
      'outside-region, not-known.',
  })
  placementFlows: MarketTable;
  @Field(() => [MarketPrice]) prices: MarketPrice[];
  @Field(() => MarketForecast, { nullable: true, description: 'Null until the region has a forecast.' })
  forecast: MarketForecast | null;
}

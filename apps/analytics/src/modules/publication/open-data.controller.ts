import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { Public } from '@rcc/auth';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { AnalyticsConfig } from '../../platform/analytics.config.js';
import { toCsv, toJson } from './publication.format.js';
import { PublicationService } from './publication.service.js';

interface ResponseLike {
  type(contentType: string): ResponseLike;
  setHeader(name: string, value: string): void;
  send(body: string): void;
}

/**
 * Open data files of the published profile, served by analytics itself (not through the gateway, which speaks only
 * GraphQL): /open-data/demand-profile/<version|latest>.csv and .json, and an index. Published versions only.
 */
@Controller('open-data/demand-profile')
export class OpenDataController {
  constructor(
    private readonly service: PublicationService,
    @Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig,
  ) {}

  @Public()
  @Get()
  async index(): Promise<unknown> {
    const versions = await this.service.list();
    return versions.map((v) => ({
      version: v.version,
      asAt: v.asAt,
      revision: v.revision,
      publishedAt: v.publishedAt,
      csv: v.csvPath,
      json: v.jsonPath,
    }));
  }

  @Public()
  @Get(':file')
  async file(@Param('file') file: string, @Res() res: ResponseLike): Promise<void> {
    const match = /^(latest|[1-9]\d{0,8})\.(csv|json)$/.exec(file);
    if (!match) throw new NotFoundException('expected <version>.csv, <version>.json, latest.csv or latest.json');
    let version;
    try {
      version = await this.service.get(match[1] === 'latest' ? null : Number(match[1]));
    } catch {
      throw new NotFoundException(`no published version ${match[1]}`);
    }
    const name = `demand-profile-${version.asAt}-v${version.version}`;
    const region = this.config.RCC_REGION_NAME;
    // Built once per version (versions are immutable).
    if (match[2] === 'csv') {
      res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
      res.type('text/csv; charset=utf-8').send(this.service.versions.derived(version, 'csv', (v) => toCsv(v, region)));
    } else {
      res
        .type('application/json')
        .send(this.service.versions.derived(version, 'json', (v) => JSON.stringify(toJson(v, region), null, 2)));
    }
  }
}

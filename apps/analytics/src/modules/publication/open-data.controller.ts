import {
  Controller,
  Get,
  GoneException,
  Inject,
  NotFoundException,
  Param,
  Res,
  UnprocessableEntityException,
} from '@nestjs/common';
import { Public } from '@rcc/auth';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { AnalyticsConfig } from '../../platform/analytics.config.js';
import { eesFiles, OpenDataGeographyError, type EesFilePair } from './open-data.ees.js';
import { openDataPath, toJson, type StoredVersion } from './publication.format.js';
import { PublicationService } from './publication.service.js';
import type { PublishedDemandProfile } from './dtos/publication.model.js';

interface ResponseLike {
  type(contentType: string): ResponseLike;
  setHeader(name: string, value: string): void;
  send(body: string): void;
}

/** A version number or `latest`. */
const VERSION = /^(latest|[1-9]\d{0,8})$/;
/** A table's data file or its EES metadata file. */
const TABLE_FILE = /^([a-z][a-z-]{0,63})(\.meta)?\.csv$/;

/** The files of one version, as listed in the index. */
function listing(v: Pick<PublishedDemandProfile, 'version' | 'asAt' | 'revision' | 'publishedAt' | 'tables'>) {
  return {
    version: v.version,
    asAt: v.asAt,
    revision: v.revision,
    publishedAt: v.publishedAt,
    files: openDataPath(v.version),
    json: `${openDataPath(v.version)}.json`,
    tables: v.tables.map((t) => ({ name: t.name, title: t.title, csv: t.csvPath, meta: t.metaCsvPath })),
  };
}

/**
 * Open data files of the published profile, served by analytics itself (not through the gateway, which speaks only
 * GraphQL), published versions only (docs/adr/0019, 0031):
 * - `/open-data/demand-profile`: every version and its files; `/<version|latest>`: one version's files;
 * - `/<version|latest>/<table>.csv` and `<table>.meta.csv`: one table to the DfE EES standards, with its metadata;
 * - `/<version|latest>.json`: the whole version as JSON.
 * The single combined CSV (`/<version>.csv`) is gone (410, naming the listing): it mixed three tables in one file.
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
    return (await this.service.list()).map(listing);
  }

  @Public()
  @Get(':file')
  async file(@Param('file') file: string, @Res() res: ResponseLike): Promise<void> {
    const m = /^(latest|[1-9]\d{0,8})(?:\.(csv|json))?$/.exec(file);
    if (!m) throw new NotFoundException('expected <version>, latest, <version>.json or latest.json');
    const version = await this.version(m[1]!);
    if (m[2] === 'csv') {
      throw new GoneException(
        `one CSV per table with its EES metadata file replaces the combined file: see ${openDataPath(version.version)}`,
      );
    }
    if (m[2] === 'json') {
      res
        .type('application/json')
        .send(
          this.service.versions.derived(version, 'json', (v) =>
            JSON.stringify(toJson(v, this.config.RCC_REGION_NAME), null, 2),
          ),
        );
      return;
    }
    res.type('application/json').send(JSON.stringify(listing(await this.service.graphql(version.version)), null, 2));
  }

  @Public()
  @Get(':version/:file')
  async table(
    @Param('version') versionParam: string,
    @Param('file') file: string,
    @Res() res: ResponseLike,
  ): Promise<void> {
    const m = TABLE_FILE.exec(file);
    if (!VERSION.test(versionParam) || !m) throw new NotFoundException('expected <version>/<table>[.meta].csv');
    const version = await this.version(versionParam);
    const pair = this.ees(version).find((p) => p.table === m[1]);
    if (!pair) throw new NotFoundException(`no table ${m[1]} in version ${version.version}`);
    const isMeta = m[2] === '.meta';
    res.setHeader('Content-Disposition', `attachment; filename="${pair.name}${isMeta ? '.meta' : ''}.csv"`);
    res.type('text/csv; charset=utf-8').send(isMeta ? pair.meta : pair.data);
  }

  private async version(param: string): Promise<StoredVersion> {
    try {
      return await this.service.get(param === 'latest' ? null : Number(param));
    } catch {
      throw new NotFoundException(`no published version ${param}`);
    }
  }

  /** Built once per version (versions are immutable). */
  private ees(version: StoredVersion): EesFilePair[] {
    try {
      return this.service.versions.derived(version, 'ees', eesFiles);
    } catch (err) {
      if (err instanceof OpenDataGeographyError) throw new UnprocessableEntityException(err.message);
      throw err;
    }
  }
}

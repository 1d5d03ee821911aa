import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { WEB_CONFIG, type WebConfig } from '../../platform/web.config.js';
import type { WebResponse } from '../../platform/http.js';

/** The analytics service's file names (docs/adr/0031): a version (number or latest) as JSON, or the retired CSV. */
export const OPEN_DATA_FILE = /^(latest|[1-9]\d{0,8})\.(csv|json)$/;
/** A version, then one table's EES data file or its metadata file. */
export const OPEN_DATA_VERSION = /^(latest|[1-9]\d{0,8})$/;
export const OPEN_DATA_TABLE_FILE = /^[a-z][a-z-]{0,63}(\.meta)?\.csv$/;

/** Headers passed on from analytics; nothing else (no cookies, no server details). */
const PASSED = ['content-type', 'content-disposition', 'content-length'];

/**
 * The published demand profile's open-data files, streamed from the analytics service (which serves them itself, not
 * through the gateway) so the browser downloads them from this site: one origin, one CSP, and analytics need not be
 * reachable from the internet (docs/adr/0020). Public, like the files. One CSV and metadata file per table
 * (`<version>/<table>.csv`, `.meta.csv`) and the version as JSON; the retired combined CSV answers 410 with where
 * its tables went.
 */
@Controller('open-data/demand-profile')
export class OpenDataController {
  constructor(@Inject(WEB_CONFIG) private readonly config: WebConfig) {}

  @Get(':file')
  async file(@Param('file') file: string, @Res() res: WebResponse & NodeJS.WritableStream): Promise<void> {
    if (!OPEN_DATA_FILE.test(file)) throw new NotFoundException();
    await this.stream(file, res, `demand-profile-${file}`);
  }

  @Get(':version/:file')
  async table(
    @Param('version') version: string,
    @Param('file') file: string,
    @Res() res: WebResponse & NodeJS.WritableStream,
  ): Promise<void> {
    if (!OPEN_DATA_VERSION.test(version) || !OPEN_DATA_TABLE_FILE.test(file)) throw new NotFoundException();
    await this.stream(`${version}/${file}`, res, file);
  }

  private async stream(path: string, res: WebResponse & NodeJS.WritableStream, fallbackName: string): Promise<void> {
    const upstream = await fetch(
      `${this.config.RCC_ANALYTICS_URL.replace(/\/$/, '')}/open-data/demand-profile/${path}`,
      {
        signal: AbortSignal.timeout(30_000),
      },
    );
    if (upstream.status === 404) throw new NotFoundException();
    if (upstream.status === 410) {
      const { message } = (await upstream.json()) as { message?: string };
      res.status(410);
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.send(`Gone: ${message ?? 'this file is no longer published'}\n`);
      return;
    }
    if (!upstream.ok || !upstream.body) throw new Error(`analytics answered ${upstream.status} for open data ${path}`);
    res.status(200);
    for (const name of PASSED) {
      const value = upstream.headers.get(name);
      if (value) res.setHeader(name, value);
    }
    if (!upstream.headers.get('content-disposition'))
      res.setHeader('content-disposition', `attachment; filename="${fallbackName}"`);
    res.setHeader('cache-control', 'no-store');
    await new Promise<void>((resolve, reject) => {
      const body = Readable.fromWeb(upstream.body as WebReadableStream<Uint8Array>);
      body.on('error', reject);
      res.on('error', reject);
      res.on('finish', () => resolve());
      body.pipe(res);
    });
  }
}

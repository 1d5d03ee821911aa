import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { WEB_CONFIG, type WebConfig } from '../../platform/web.config.js';
import type { WebResponse } from '../../platform/http.js';

/** The analytics service's own file names: a version number or latest, as CSV or JSON. */
export const OPEN_DATA_FILE = /^(latest|[1-9]\d{0,8})\.(csv|json)$/;

/** Headers passed on from analytics; nothing else (no cookies, no server details). */
const PASSED = ['content-type', 'content-disposition', 'content-length'];

/**
 * The published demand profile's open-data files, streamed from the analytics service (which serves them itself, not
 * through the gateway) so the browser downloads them from this site: one origin, one CSP, and analytics need not be
 * reachable from the internet (docs/adr/0020). Public, like the files.
 */
@Controller('open-data/demand-profile')
export class OpenDataController {
  constructor(@Inject(WEB_CONFIG) private readonly config: WebConfig) {}

  @Get(':file')
  async file(@Param('file') file: string, @Res() res: WebResponse & NodeJS.WritableStream): Promise<void> {
    if (!OPEN_DATA_FILE.test(file)) throw new NotFoundException();
    const upstream = await fetch(
      `${this.config.RCC_ANALYTICS_URL.replace(/\/$/, '')}/open-data/demand-profile/${file}`,
      {
        signal: AbortSignal.timeout(30_000),
      },
    );
    if (upstream.status === 404) throw new NotFoundException();
    if (!upstream.ok || !upstream.body) throw new Error(`analytics answered ${upstream.status} for open data ${file}`);
    res.status(200);
    for (const name of PASSED) {
      const value = upstream.headers.get(name);
      if (value) res.setHeader(name, value);
    }
    if (file.endsWith('.json') && !upstream.headers.get('content-disposition'))
      res.setHeader('content-disposition', `attachment; filename="demand-profile-${file}"`);
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

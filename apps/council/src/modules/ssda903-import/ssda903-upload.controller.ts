import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import {
  Body,
  Controller,
  ForbiddenException,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Logger,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { describeError, SERVICE_CONFIG, stackFrames } from '@rcc/platform';
import { fileSource } from '@rcc/ssda903';
import type { CouncilConfig } from '../../platform/council.config.js';
import { ImportRejectedError } from './ssda903-import.exception.js';
import { Ssda903ImportService } from './ssda903-import.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Uploads never imported are removed after a day. */
const STALE_MS = 24 * 3600 * 1000;

/** The parts of Express's response the streaming answer uses (Express ships no types here). */
interface StreamingResponse {
  status(code: number): StreamingResponse;
  setHeader(name: string, value: string): void;
  flushHeaders(): void;
  write(chunk: string): boolean;
  end(): void;
}

const bad = (message: string) => new HttpException({ code: 'BAD_USER_INPUT', message }, HttpStatus.BAD_REQUEST);
const tooLarge = (message: string) =>
  new HttpException({ code: 'PAYLOAD_TOO_LARGE', message }, HttpStatus.PAYLOAD_TOO_LARGE);
const mib = (bytes: number) =>
  bytes < 1024 ** 2 ? `${bytes} bytes` : `${Math.round((bytes / 1024 ** 2) * 10) / 10} MiB`;

/** Raised inside the byte counter; becomes a 413 once the partial file is gone. */
class UploadTooLarge extends Error {}

/**
 * Streaming import for returns of any size (the GraphQL mutation carries file text and is bounded by the request
 * size limit). The client PUTs each file's bytes as the request body, streamed to a private temporary folder on
 * this instance, then POSTs `import`: the same one-pass streaming import as the mutation, reading the files from disk as
 * streams. The folder is deleted after the import, whatever its outcome. Same role and council checks as GraphQL.
 */
@Controller('ssda903/uploads')
export class Ssda903UploadController {
  private readonly logger = new Logger('Ssda903Upload');
  /** Bytes being streamed to disk right now, by every upload of this instance. */
  private streaming = 0;
  /** This instance's own folder of uploads (RCC_UPLOAD_DIR, default a folder per council under the temp dir). */
  private readonly uploads: string;

  constructor(
    private readonly service: Ssda903ImportService,
    @Inject(SERVICE_CONFIG) private readonly config: CouncilConfig,
  ) {
    this.uploads = config.RCC_UPLOAD_DIR ?? join(tmpdir(), 'rcc-ssda903-uploads', config.COUNCIL_CODE);
  }

  @Allow('council.analyst')
  @Put(':upload/:index')
  async put(
    @Param('upload') upload: string,
    @Param('index') index: string,
    @Query('name') name: string | undefined,
    @Req() req: Readable,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ bytes: number }> {
    if (!UUID.test(upload)) throw bad('the upload id must be a UUID');
    if (!/^\d{1,3}$/.test(index)) throw bad('the file index must be a number from 0 to 999');
    if (!name || name.length > 255) throw bad('name the file (?name=, at most 255 characters)');
    const { RCC_MAX_UPLOAD_FILE_BYTES: maxFile, RCC_MAX_UPLOAD_FILES: maxFiles } = this.config;
    const maxPending = this.config.RCC_MAX_PENDING_UPLOAD_BYTES;
    const declared = Number((req as Readable & { headers?: Record<string, string> }).headers?.['content-length']);
    if (Number.isFinite(declared) && declared > maxFile)
      throw tooLarge(`a file of ${mib(declared)} exceeds the limit of ${mib(maxFile)} per file; nothing was written`);
    const dir = await this.folder(upload, principal, true);
    const present = (await readdir(dir)).filter((f) => f.endsWith('.name'));
    if (!present.includes(`${index}.name`) && present.length >= maxFiles)
      throw await refused(req, maxFile, `an upload holds at most ${maxFiles} files; nothing was written`);
    const path = join(dir, `${index}.data`);
    // Bytes already waiting on this instance's disk (this file's earlier version is being replaced).
    const pending = (await this.pendingBytes()) - ((await stat(path).catch(() => null))?.size ?? 0);
    if (Number.isFinite(declared) && pending + this.streaming + declared > maxPending)
      throw await refused(
        req,
        maxFile,
        `uploads waiting to be imported would exceed ${mib(maxPending)} on this instance; try later`,
      );
    let bytes = 0;
    const count = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        bytes += chunk.length;
        this.streaming += chunk.length;
        if (bytes > maxFile) return done(new UploadTooLarge(`a file over ${mib(maxFile)} exceeds the limit per file`));
        if (pending + this.streaming > maxPending)
          return done(new UploadTooLarge(`uploads waiting to be imported would exceed ${mib(maxPending)}; try later`));
        done(null, chunk);
      },
    });
    try {
      await pipeline(req, count, createWriteStream(path));
    } catch (error) {
      // Nothing half-written stays: the partial file goes, and the rest of the body is read and dropped.
      await rm(path, { force: true });
      await rm(join(dir, `${index}.name`), { force: true });
      if (!(error instanceof UploadTooLarge)) throw error;
      throw await refused(req, maxFile, `${error.message}; nothing was written`);
    } finally {
      this.streaming -= bytes;
    }
    await writeFile(join(dir, `${index}.name`), name);
    return { bytes: (await stat(path)).size };
  }

  /** Bytes of every upload on this instance's disk that has not been imported yet. */
  private async pendingBytes(): Promise<number> {
    let total = 0;
    for (const upload of await readdir(this.uploads).catch(() => [] as string[])) {
      for (const file of await readdir(join(this.uploads, upload)).catch(() => [] as string[])) {
        if (file.endsWith('.data'))
          total += (await stat(join(this.uploads, upload, file)).catch(() => null))?.size ?? 0;
      }
    }
    return total;
  }

  /**
   * Runs the import and answers as it goes, one JSON object a line (application/x-ndjson): `{"progress": {...}}`
   * while it works (at most every half second, and at least every five seconds, so no client or proxy times out
   * on a long import), then exactly one of `{"result": ImportResult}`, `{"rejected": {code, message, details}}` or
   * `{"error": {message}}`.
   */
  @Allow('council.analyst')
  @Post(':upload/import')
  @HttpCode(200)
  async import(
    @Param('upload') upload: string,
    @Body() body: { asAt?: string } | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: StreamingResponse,
  ): Promise<void> {
    if (!UUID.test(upload)) throw bad('the upload id must be a UUID');
    const asAt = body?.asAt;
    if (asAt !== undefined && (typeof asAt !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(asAt)))
      throw bad('asAt must be YYYY-MM-DD');
    const dir = await this.folder(upload, principal, false);
    const indexes = (await readdir(dir))
      .filter((f) => f.endsWith('.name'))
      .map((f) => Number(f.slice(0, -5)))
      .sort((a, b) => a - b);
    if (indexes.length === 0) throw bad('nothing was uploaded');
    const sources = await Promise.all(
      indexes.map(async (i) => fileSource(await readFile(join(dir, `${i}.name`), 'utf8'), join(dir, `${i}.data`))),
    );

    res.status(200).setHeader('content-type', 'application/x-ndjson');
    res.flushHeaders();
    const send = (line: unknown) => res.write(`${JSON.stringify(line)}\n`);
    const started = Date.now();
    let last = { phase: 'starting', file: '', rows: 0 };
    let sentAt = 0;
    const report = (phase: string, file: string, rows: number) => {
      last = { phase, file, rows };
      if (Date.now() - sentAt >= 500) {
        sentAt = Date.now();
        send({ progress: { ...last, seconds: Math.round((Date.now() - started) / 1000) } });
      }
    };
    const heartbeat = setInterval(() => {
      if (Date.now() - sentAt >= 5000) report(last.phase, last.file, last.rows);
    }, 1000);
    try {
      send({ result: await this.service.importSources(sources, principal.subject, asAt, report) });
    } catch (error) {
      if (error instanceof ImportRejectedError) {
        send({ rejected: { code: error.code, message: error.message, details: error.details } });
      } else {
        const ref = randomUUID();
        // Never the error's own text: a database error quotes the row it failed on (issue 15).
        this.logger.error(`[${ref}] import failed: ${describeError(error)}`, stackFrames(error));
        send({ error: { message: `Internal error (ref ${ref})` } });
      }
    } finally {
      clearInterval(heartbeat);
      res.end();
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The upload's folder, owned by the caller who started it. */
  private async folder(upload: string, principal: Principal, create: boolean): Promise<string> {
    const dir = join(this.uploads, upload);
    const owner = await readFile(join(dir, 'owner'), 'utf8').catch(() => null);
    if (owner === null) {
      if (!create) throw new HttpException({ code: 'NOT_FOUND', message: 'no such upload' }, HttpStatus.NOT_FOUND);
      await this.sweep();
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(join(dir, 'owner'), principal.subject);
      return dir;
    }
    if (owner !== principal.subject) throw new ForbiddenException('this upload was started by someone else');
    return dir;
  }

  private async sweep(): Promise<void> {
    const entries = await readdir(this.uploads).catch(() => [] as string[]);
    for (const entry of entries) {
      const info = await stat(join(this.uploads, entry)).catch(() => null);
      if (info && Date.now() - info.mtimeMs > STALE_MS)
        await rm(join(this.uploads, entry), { recursive: true, force: true });
    }
  }
}

/**
 * A 413 for a body the client is still sending: the rest is read and dropped first (at most `cap` more bytes, then
 * the connection is cut), so the client receives the answer instead of a connection reset mid-send.
 */
async function refused(req: Readable, cap: number, message: string): Promise<Error> {
  if (!req.readableEnded && !req.destroyed) {
    await new Promise<void>((resolve) => {
      let dropped = 0;
      req.on('data', (chunk: Buffer) => {
        dropped += chunk.length;
        if (dropped > cap) {
          req.destroy();
          resolve();
        }
      });
      req.once('end', () => resolve());
      req.once('close', () => resolve());
      req.once('error', () => resolve());
      req.resume();
    });
  }
  return tooLarge(message);
}

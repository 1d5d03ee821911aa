import type { EpisodeRow, HeaderRow } from '@rcc/ssda903';
import type { ChildEntity } from './child.entity.js';
import type { EpisodeEntity } from './episode.entity.js';

/** Stored rows back into the SSDA903 library's shapes (with the stitched end date). */
export function toHeaderRow(c: ChildEntity): HeaderRow {
  const { childId, batchId: _batch, sourceYear: _year, ...rest } = c;
  return { ...rest, child: childId } as HeaderRow;
}

export function toEpisodeRow(e: EpisodeEntity): EpisodeRow {
  const { childId, batchId: _batch, decEffective, sourceYear, ...rest } = e;
  return { ...rest, child: childId, effectiveDec: decEffective, sourceYear: sourceYear ?? undefined } as EpisodeRow;
}

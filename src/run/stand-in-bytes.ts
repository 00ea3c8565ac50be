/**
 * The content sent for a documented placeholder body: a small real image, or the bytes of an upload range. Both are
 * deterministic, so a run can be repeated and its report compared; the image is made by real encoders, so a service
 * that decodes what it stores accepts it.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { rangeBytes } from '../core/content-range.ts';
import type { StandIn } from '../cases/stand-in-body.ts';

/** Graph's profile photos must be square; 64×64 is above every minimum a service is known to ask for and still small. */
const SIDE = 64;

export function standInBytes(standIn: StandIn): Uint8Array {
  return standIn.kind === 'image' ? image(standIn.mediaType) : rangeBytes(standIn.range);
}

/** What the bytes are, for reports: the bytes themselves say nothing to a reader. */
export function describeStandIn(standIn: StandIn, length: number): string {
  return standIn.kind === 'image'
    ? `<${String(length)} bytes: a ${String(SIDE)}×${String(SIDE)} ${standIn.mediaType} image made by the harness>`
    : `<${String(length)} bytes: bytes ${String(standIn.range.first)}-${String(standIn.range.last)} of a ${String(standIn.range.total)}-byte file made by the harness>`;
}

function image(mediaType: 'image/jpeg' | 'image/png'): Uint8Array {
  const rgba = Buffer.alloc(SIDE * SIDE * 4);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const at = (y * SIDE + x) * 4;
      // A diagonal gradient: a flat colour would compress to a degenerate image some decoders treat as suspicious.
      rgba[at] = (x * 4) & 0xff;
      rgba[at + 1] = 0x78;
      rgba[at + 2] = (y * 4) & 0xff;
      rgba[at + 3] = 0xff;
    }
  }
  if (mediaType === 'image/jpeg')
    return new Uint8Array(jpeg.encode({ data: rgba, width: SIDE, height: SIDE }, 85).data);
  const png = new PNG({ width: SIDE, height: SIDE });
  rgba.copy(png.data);
  return new Uint8Array(PNG.sync.write(png));
}

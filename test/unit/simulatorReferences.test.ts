import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { SIM_MAX_REFERENCE_BYTES, SIM_REFERENCE_LIMITS } from '../simulator/references';
import { startSimulator, type Simulator } from '../simulator/server';

let sim: Simulator;
before(async () => {
  sim = await startSimulator();
});
after(() => sim.close());
beforeEach(() => sim.reset());

const GEMINI = 'gemini-3-pro-image-preview';

async function post(
  path: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown>; requestId: string | null }> {
  const res = await fetch(`${sim.apiOrigin}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    json: (await res.json()) as Record<string, unknown>,
    requestId: res.headers.get('x-request-id'),
  };
}

const wan = (parts: unknown[]): Promise<Awaited<ReturnType<typeof post>>> =>
  post('/v1/chat/completions', {
    model: 'wan2.7-image',
    n: 1,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'edit' }, ...parts] }],
  });
const gemini = (parts: unknown[]): Promise<Awaited<ReturnType<typeof post>>> =>
  post(`/v1beta/models/${GEMINI}:generateContent`, {
    contents: [{ role: 'user', parts: [...parts, { text: 'edit' }] }],
  });

const solidPng = (r: number, g: number, b: number): Promise<Buffer> =>
  sharp({ create: { width: 32, height: 32, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();
const imageUrl = (url: string): unknown => ({ type: 'image_url', image_url: { url } });

function assert400(res: Awaited<ReturnType<typeof post>>, message: RegExp): void {
  assert.equal(res.status, 400);
  const error = res.json['error'] as Record<string, unknown>;
  assert.equal(typeof error['code'], 'string');
  assert.equal(typeof error['type'], 'string');
  assert.match(String(error['message']), message);
  // The spec documents request_id in error bodies only (no header by default).
  assert.match(String(error['request_id']), /^req_/);
  assert.equal(res.requestId, null);
}

async function centreOf(png: Buffer): Promise<number[]> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * 3;
  return [data[at] ?? -1, data[at + 1] ?? -1, data[at + 2] ?? -1];
}

describe('simulator: reference images', () => {
  test('Wan: a data: URL reference gives an image derived from it (inverted), at the output size', async () => {
    const res = await wan([imageUrl(`data:image/png;base64,${(await solidPng(10, 200, 30)).toString('base64')}`)]);
    assert.equal(res.status, 200);
    const url =
      (res.json['choices'] as Array<{ message: { content: Array<{ image: string }> } }>)[0]?.message.content[0]
        ?.image ?? '';
    const png = Buffer.from(await (await fetch(url)).arrayBuffer());
    assert.deepEqual(await centreOf(png), [245, 55, 225]);
    assert.deepEqual([(await sharp(png).metadata()).width, (await sharp(png).metadata()).height], [2048, 2048]);
  });

  test('Wan: an https URL is accepted; a link to one of its own images is derived from that image', async () => {
    assert.equal((await wan([imageUrl('https://example.com/fox.png')])).status, 200);
    const first = await wan([imageUrl(`data:image/png;base64,${(await solidPng(0, 0, 0)).toString('base64')}`)]);
    const link =
      (first.json['choices'] as Array<{ message: { content: Array<{ image: string }> } }>)[0]?.message.content[0]
        ?.image ?? '';
    const second = await wan([imageUrl(link)]);
    const url =
      (second.json['choices'] as Array<{ message: { content: Array<{ image: string }> } }>)[0]?.message.content[0]
        ?.image ?? '';
    assert.deepEqual(await centreOf(Buffer.from(await (await fetch(url)).arrayBuffer())), [0, 0, 0]);
  });

  test('Gemini: an inlineData reference gives an image derived from it', async () => {
    const res = await gemini([
      {
        inlineData: {
          mimeType: 'image/jpeg',
          data: (
            await sharp(await solidPng(200, 10, 10))
              .jpeg({ quality: 100 })
              .toBuffer()
          ).toString('base64'),
        },
      },
    ]);
    assert.equal(res.status, 200);
    const parts =
      (res.json['candidates'] as Array<{ content: { parts: Array<{ inlineData?: { data: string } }> } }>)[0]?.content
        .parts ?? [];
    const data = parts.find((p) => p.inlineData)?.inlineData?.data ?? '';
    const [r, g, b] = await centreOf(Buffer.from(data, 'base64'));
    assert.ok(
      Math.abs((r ?? 0) - 55) <= 3 && Math.abs((g ?? 0) - 245) <= 3 && Math.abs((b ?? 0) - 245) <= 3,
      `${r},${g},${b}`,
    );
  });

  test('400 with the documented error shape: undecodable, wrong type, declared type not the data, too large, too many, bad scheme', async () => {
    assert400(
      await wan([imageUrl(`data:image/png;base64,${Buffer.from('not a png at all').toString('base64')}`)]),
      /cannot be decoded|not the declared/,
    );
    assert400(
      await wan([
        imageUrl(
          `data:image/gif;base64,${(
            await sharp(await solidPng(1, 1, 1))
              .gif()
              .toBuffer()
          ).toString('base64')}`,
        ),
      ]),
      /unsupported image type image\/gif/,
    );
    assert400(
      await gemini([{ inlineData: { mimeType: 'image/webp', data: (await solidPng(1, 1, 1)).toString('base64') } }]),
      /not the declared image\/webp/,
    );
    assert400(
      await gemini([
        { inlineData: { mimeType: 'image/png', data: Buffer.alloc(SIM_MAX_REFERENCE_BYTES + 10).toString('base64') } },
      ]),
      /at most 10485760 are accepted/,
    );
    const one = imageUrl(`data:image/png;base64,${(await solidPng(1, 1, 1)).toString('base64')}`);
    assert400(await wan(Array.from({ length: SIM_REFERENCE_LIMITS.wan + 1 }, () => one)), /too many images: at most 4/);
    assert400(await wan([imageUrl('file:///etc/passwd')]), /http\(s\) URL or a base64 data: URL/);
    assert400(await wan([{ type: 'video_url', video_url: { url: 'https://x' } }]), /type must be text or image_url/);
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OUTPUT_FORMATS } from '../../src/core/convert/formats';

describe('the web-ready settings (package.json)', () => {
  test('aisaImages.outputFormat defaults to png, so nothing changes for people who do not ask; quality and the originals cap are bounded', () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
      contributes: {
        configuration: {
          properties: Record<
            string,
            { default?: unknown; enum?: string[]; scope?: string; minimum?: number; maximum?: number }
          >;
        };
      };
    };
    const p = manifest.contributes.configuration.properties;
    assert.deepEqual(
      [p['aisaImages.outputFormat']?.default, p['aisaImages.outputFormat']?.enum, p['aisaImages.outputFormat']?.scope],
      ['png', [...OUTPUT_FORMATS], 'resource'],
    );
    assert.deepEqual(
      [
        p['aisaImages.outputQuality']?.default,
        p['aisaImages.outputQuality']?.minimum,
        p['aisaImages.outputQuality']?.maximum,
        p['aisaImages.outputQuality']?.scope,
      ],
      [null, 1, 100, 'resource'],
    );
    assert.deepEqual(
      [p['aisaImages.originalsMaxMegabytes']?.default, p['aisaImages.originalsMaxMegabytes']?.minimum],
      [1024, 0],
    );
  });
});

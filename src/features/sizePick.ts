import * as vscode from 'vscode';
import { checkSize, formatPixels, parseSize, pixelCount, SIZE_PRESETS } from '../core/sizes';

interface SizeItem extends vscode.QuickPickItem {
  readonly size?: string;
}

const megapixels = (w: number, h: number): string => `${(w * h / 1e6).toFixed(1)} MP`;

function ratioOf(size: string): string {
  const preset = SIZE_PRESETS.find((p) => `${p.width}x${p.height}` === size);
  return preset ? `${preset.ratio} ${preset.label}` : 'custom';
}

/** Default first, then the presets, then Custom...; Enter on the first row takes the default. */
export async function pickSize(defaultSize: string, title: string): Promise<string | undefined> {
  const fallback = checkSize(defaultSize).ok ? defaultSize : '2048x2048';
  const d = parseSize(fallback);
  const items: SizeItem[] = [
    { label: fallback, description: `default · ${ratioOf(fallback)} · ${d ? megapixels(d.width, d.height) : ''}`, size: fallback },
    { label: 'Presets', kind: vscode.QuickPickItemKind.Separator },
    ...SIZE_PRESETS.filter((p) => `${p.width}x${p.height}` !== fallback).map((p) => ({
      label: `${p.width}x${p.height}`,
      description: `${p.ratio} ${p.label} · ${megapixels(p.width, p.height)}`,
      size: `${p.width}x${p.height}`,
    })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(edit) Custom...', description: 'any WIDTHxHEIGHT with at least 3,686,400 pixels' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Image size (Enter for the default)', ignoreFocusOut: true, matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.size) return picked.size;
  return vscode.window.showInputBox({
    title,
    prompt: 'Width x height in pixels, for example 2560x1440',
    value: fallback,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const r = checkSize(v);
      if (!r.ok) return r.message;
      return { message: `${formatPixels(pixelCount(r.size))} pixels`, severity: vscode.InputBoxValidationSeverity.Info };
    },
  }).then((v) => (v === undefined ? undefined : (checkSize(v) as { text?: string }).text));
}

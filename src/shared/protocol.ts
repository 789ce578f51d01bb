/**
 * The one contract between the Image Generator panel's webview (src/webview) and the extension
 * (src/features/panel): a discriminated union for each direction. What the webview sends is
 * untrusted input and is parsed here with zod/mini before the extension acts on it; what the
 * extension sends is typed only. The webview imports this file for its types alone, so zod
 * stays out of the browser bundle.
 *
 * Handshake: the webview posts `ready` once its listeners are in place (again after each
 * reload), and the extension answers with `init`, a full snapshot; until then it sends nothing.
 */
import * as z from 'zod/mini';
import { describeZodError } from '../core/validation';
import { lazy } from '../core/lazy';

// ---------------------------------------------------------------- extension -> webview

/** One saved file of a generation, as the panel shows it. */
export interface FileView {
  readonly index: number;
  /** The file name, e.g. `red-panda-20261122-143005.png`. */
  readonly name: string;
  /** Relative to the workspace folder, forward slashes. */
  readonly relPath: string;
  /**
   * A webview resource URI to show it by: in the history, its small rendition (at most 512 px)
   * once made, the full image until then. Absent when the file is missing.
   */
  readonly src?: string;
  /** Deleted (or moved) on disk since it was generated. */
  readonly missing: boolean;
  /** Its full-size original was kept: "Export as..." is offered. */
  readonly exportable?: boolean;
}

/** An image to edit or compose from, as the form shows it (a removable thumbnail). */
export interface ReferenceView {
  /** The file's URI string: what the form sends back; the extension checks it is in the workspace. */
  readonly uri: string;
  readonly name: string;
  readonly relPath: string;
  /** A webview resource URI to show it by; absent when the file is missing. */
  readonly src?: string;
}

/** One generation in the history, newest first in lists. */
export interface EntryView {
  readonly id: string;
  readonly prompt: string;
  readonly model: string;
  readonly modelLabel: string;
  /** The canonical size as sent (`2048x2048`, `16:9@2K`, or '' where the model has none). */
  readonly size: string;
  /** The size as a person reads it (`2048x2048`, `16:9 at 2K`, `provider's choice`). */
  readonly sizeLabel: string;
  readonly n: number;
  /** `$0.080`, or `price not published`. */
  readonly cost: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly durationMs: number;
  readonly requestId?: string;
  readonly files: readonly FileView[];
  /** Generated (and paid for) but not saved. */
  readonly unsaved: number;
  /** The generation failed: what was said, and no files. */
  readonly error?: string;
  /** The images it was edited from; Again uses them again. */
  readonly references?: readonly ReferenceView[];
}

export interface RunView {
  readonly prompt: string;
  readonly modelLabel: string;
  /** As a person reads it; '' where the model has no size. */
  readonly sizeLabel: string;
  readonly n: number;
  readonly phase: 'starting' | 'requesting' | 'downloading';
  /** Images the API returned; before it answers, the number asked for. */
  readonly total: number;
  /** Saved so far, in the order they were saved. */
  readonly saved: readonly FileView[];
  readonly startedAt: number;
}

export type FixAction = 'setApiKey' | 'showLog' | 'openSettings';

export type ResultView =
  | { readonly kind: 'done'; readonly entry: EntryView; readonly warning?: string }
  | { readonly kind: 'failed'; readonly message: string; readonly actions: readonly FixAction[] }
  | { readonly kind: 'cancelled'; readonly message: string };

export interface Defaults {
  /** The `aisaImages.model` setting. */
  readonly model: string;
  /** The `aisaImages.defaultSize` setting (Seedream's pixel size). */
  readonly size: string;
  /** The `aisaImages.outputFormat` setting: the format the form offers first. */
  readonly format?: string;
}

export type ToWebview =
  | {
      readonly type: 'init';
      readonly defaults: Defaults;
      readonly history: readonly EntryView[];
      readonly run?: RunView;
      readonly result?: ResultView;
      readonly hasWorkspace: boolean;
      /**
       * The display language's translations (`vscode.l10n.bundle`: English message -> translated),
       * absent in English. The webview configures @vscode/l10n with it before it renders any text.
       */
      readonly l10n?: Readonly<Record<string, string>>;
    }
  | { readonly type: 'history'; readonly history: readonly EntryView[] }
  | { readonly type: 'run'; readonly run: RunView }
  | { readonly type: 'result'; readonly result: ResultView }
  | { readonly type: 'notice'; readonly level: 'info' | 'error'; readonly message: string }
  /** Images to add to the form's references (Use as reference, Add reference…, a drop). */
  | { readonly type: 'addReferences'; readonly references: readonly ReferenceView[] };

// ---------------------------------------------------------------- webview -> extension

export const FILE_ACTIONS = ['open', 'insert', 'reveal', 'copyPath', 'useAsReference', 'exportAs'] as const;
export type FileAction = (typeof FILE_ACTIONS)[number];

/** Generous bounds: the core judges the values themselves and says what is wrong. */
const GenerateForm = lazy(() =>
  z.object({
    prompt: z.string().check(z.maxLength(20_000)),
    model: z.string().check(z.maxLength(200)),
    size: z.string().check(z.maxLength(100)),
    n: z.number().check(z.int(), z.minimum(1), z.maximum(100)),
    /** The saved files' format; the setting's when left out. */
    format: z.optional(z.enum(['png', 'webp', 'jpeg', 'avif'])),
    /** File URI strings; each is checked to be a workspace image before it is read. */
    references: z.optional(z.array(z.string().check(z.maxLength(4000))).check(z.maxLength(16))),
  }),
);

const ToExtensionSchema = lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('ready') }),
    z.object({ type: z.literal('generate'), form: GenerateForm() }),
    z.object({ type: z.literal('cancel') }),
    z.object({
      type: z.literal('file'),
      action: z.enum(FILE_ACTIONS),
      entryId: z.string().check(z.minLength(1), z.maxLength(100)),
      index: z.number().check(z.int(), z.minimum(0), z.maximum(99)),
    }),
    z.object({ type: z.literal('fix'), action: z.enum(['setApiKey', 'showLog', 'openSettings']) }),
    z.object({ type: z.literal('pickReferences') }),
    z.object({
      type: z.literal('dropReferences'),
      uris: z.array(z.string().check(z.maxLength(4000))).check(z.maxLength(16)),
    }),
  ]),
);

export type ToExtension = z.infer<ReturnType<typeof ToExtensionSchema>>;
export type GenerateFormMessage = z.infer<ReturnType<typeof GenerateForm>>;

export const TO_EXTENSION_TYPES: readonly ToExtension['type'][] = [
  'ready',
  'generate',
  'cancel',
  'file',
  'fix',
  'pickReferences',
  'dropReferences',
];

export type Parsed =
  { readonly ok: true; readonly message: ToExtension } | { readonly ok: false; readonly reason: string };

/** Parses one message from the webview; never throws. `reason` is for the log. */
export function parseToExtension(raw: unknown): Parsed {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !(TO_EXTENSION_TYPES as readonly string[]).includes(type)) {
    const shown =
      typeof type === 'string'
        ? JSON.stringify(type.slice(0, 40))
        : typeof raw === 'object' && raw !== null
          ? 'none'
          : typeof raw;
    return { ok: false, reason: `unknown message type ${shown}` };
  }
  const r = ToExtensionSchema().safeParse(raw);
  return r.success
    ? { ok: true, message: r.data }
    : { ok: false, reason: `invalid "${type}" message (${describeZodError(r.error)})` };
}

import * as vscode from 'vscode';
import type { FileSystem } from '../../core/files';
import { AisaError, describeError } from '../../core/errors';
import type { Progress } from '../../core/generate';
import { validateRequest, type ValidRequest } from '../../core/request';
import {
  parseToExtension,
  type Defaults,
  type FileAction,
  type FixAction,
  type GenerateFormMessage,
  type ResultView,
  type RunView,
  type ToWebview,
} from '../../shared/protocol';
import { inBackground } from '../background';
import type { EditorTracker } from '../editorTracker';
import { insertReference } from '../insertReference';
import type { Job } from '../pipeline/pipeline';
import { basename, exists, relPath } from '../paths';
import type { GenerationTarget } from '../workspaceTarget';
import { exportFromHistory, type ChooseExport } from './exportAs';
import type { HistoryStore } from './history';
import type { OriginalsStore } from '../../core/originals';
import type { PanelThumbnails } from './thumbnails';
import { pickReferenceFiles, workspaceImages } from './references';
import { entryView, modelLabel, referenceView, sizeLabel, type ResourceMapper } from './views';
import { checkReferenceCount } from '../../core/refImages/limits';

/** The side of a webview the session needs; a real `vscode.Webview` is one, and so is a test double. */
export interface WebviewHost extends ResourceMapper {
  postMessage(message: ToWebview): Thenable<boolean>;
  readonly onDidReceiveMessage: vscode.Event<unknown>;
}

export interface SessionDeps {
  readonly log: Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>;
  /** The one generation pipeline (runPipeline with the extension's deps). */
  readonly run: <R>(job: Job<R>) => Promise<R | undefined>;
  readonly history: HistoryStore;
  readonly defaults: () => Defaults;
  readonly pickTarget: (hint?: vscode.Uri) => Promise<GenerationTarget | undefined>;
  /** The one editor tracker: "Insert" puts a reference at the last text editor's cursor. */
  readonly editors: Pick<EditorTracker, 'point' | 'target'>;
  /** The column "Open" shows an image in. */
  readonly openColumn: () => vscode.ViewColumn;
  /** Where "Export as…" writes: the extension's one vscodeFileSystem (its rename queue is per module). */
  readonly fs: FileSystem;
  /** Kept full-size originals, for "Export as…" (GenerationService.originalsStore). */
  readonly originals?: () => Promise<OriginalsStore | undefined>;
  /** "Export as…" asks the format and size with this (a QuickPick and an InputBox when left out). */
  readonly chooseExport?: ChooseExport;
  /** The gallery's small renditions; the full images without it. */
  readonly thumbnails?: Pick<PanelThumbnails, 'ready' | 'thumbnailOf' | 'onDidMake' | 'sweep'>;
}

interface Running {
  view: RunView;
  readonly controller: AbortController;
}

const FIX_COMMANDS: Readonly<Record<FixAction, [string, ...unknown[]]>> = {
  setApiKey: ['aisaImages.setApiKey'],
  showLog: ['aisaImages.showLog'],
  openSettings: ['workbench.action.openSettings', 'aisaImages'],
};

/**
 * One panel's conversation with its webview: validates every message (unknown or malformed ones
 * are logged and ignored), runs the panel's generation through the shared service, and keeps
 * what a reloaded webview needs to show again (the running generation, the latest result).
 */
export class PanelSession implements vscode.Disposable {
  private ready = false;
  private running: Running | undefined;
  private result: ResultView | undefined;
  private historySeq = 0;
  private readonly subs: vscode.Disposable[];

  constructor(
    private readonly webview: WebviewHost,
    private readonly deps: SessionDeps,
  ) {
    this.subs = [
      webview.onDidReceiveMessage((m) => void this.receive(m)),
      deps.history.onDidChange(() => inBackground(deps.log, 'panel history', this.pushHistory())),
      ...(deps.thumbnails
        ? [deps.thumbnails.onDidMake(() => inBackground(deps.log, 'panel thumbnails', this.pushHistory()))]
        : []),
    ];
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** The webview was torn down (hidden, reloading): say nothing until its next `ready`. */
  detach(): void {
    this.ready = false;
  }

  private post(message: ToWebview): void {
    if (this.ready) void this.webview.postMessage(message);
  }

  private notice(level: 'info' | 'error', message: string): void {
    this.post({ type: 'notice', level, message });
  }

  /** Handles one raw message from the webview; resolves when it has been dealt with. */
  async receive(raw: unknown): Promise<void> {
    const parsed = parseToExtension(raw);
    if (!parsed.ok) {
      this.deps.log.warn(`panel: ignored ${parsed.reason}`);
      return;
    }
    const m = parsed.message;
    try {
      switch (m.type) {
        case 'ready':
          this.ready = true;
          await this.sendInit();
          return;
        case 'generate':
          await this.generate(m.form);
          return;
        case 'cancel':
          this.running?.controller.abort();
          return;
        case 'file':
          await this.fileAction(m.action, m.entryId, m.index);
          return;
        case 'fix':
          await vscode.commands.executeCommand(...FIX_COMMANDS[m.action]);
          return;
        case 'pickReferences':
          await this.addReferences(await pickReferenceFiles());
          return;
        case 'dropReferences':
          await this.addReferences(await workspaceImages(m.uris));
          return;
      }
    } catch (e) {
      this.deps.log.error(`panel: ${m.type} failed: ${describeError(e)}`);
      this.notice('error', describeError(e));
    }
  }

  private async historyViews(): Promise<ToWebview & { type: 'history' }> {
    const records = await this.deps.history.all();
    await this.deps.thumbnails?.ready();
    const history = await Promise.all(records.map((r) => entryView(r, this.webview, this.deps.thumbnails)));
    // Every record has asked for its thumbnails: the others belong to images no longer listed.
    this.deps.thumbnails?.sweep();
    return { type: 'history', history };
  }

  private async sendInit(): Promise<void> {
    const { history } = await this.historyViews();
    this.post({
      type: 'init',
      defaults: this.deps.defaults(),
      history,
      ...(this.running ? { run: this.running.view } : {}),
      ...(this.result ? { result: this.result } : {}),
      hasWorkspace: (vscode.workspace.workspaceFolders?.length ?? 0) > 0,
      ...(vscode.l10n.bundle ? { l10n: vscode.l10n.bundle } : {}),
    });
  }

  /** Sends the whole history again (a generation was added, a file was deleted). */
  async pushHistory(): Promise<void> {
    if (!this.ready) return;
    const seq = ++this.historySeq;
    const message = await this.historyViews();
    if (seq === this.historySeq) this.post(message);
  }

  private updateRun(patch: Partial<RunView>): void {
    if (!this.running) return;
    this.running.view = { ...this.running.view, ...patch };
    this.post({ type: 'run', run: this.running.view });
  }

  private finish(result: ResultView): void {
    this.running = undefined;
    this.result = result;
    this.post({ type: 'result', result });
  }

  private onProgress(p: Progress): void {
    if (p.phase === 'requesting') this.updateRun({ phase: 'requesting' });
    else if (p.phase === 'downloading') this.updateRun({ phase: 'downloading', total: p.total });
    else if (this.running) {
      const uri = vscode.Uri.parse(p.image.path);
      const file = {
        index: p.image.index,
        name: basename(uri),
        relPath: relPath(uri),
        missing: false,
        src: this.webview.asWebviewUri(uri).toString(),
      };
      this.updateRun({ phase: 'downloading', saved: [...this.running.view.saved, file] });
    }
  }

  private async addReferences(uris: readonly vscode.Uri[]): Promise<void> {
    if (uris.length)
      this.post({
        type: 'addReferences',
        references: await Promise.all(uris.map((u) => referenceView(u, this.webview))),
      });
  }

  /** Judged again here with the core's rules: the webview's own check is a convenience, not a gate. */
  private async generate(message: GenerateFormMessage): Promise<void> {
    const { references: referenceTexts = [], format, ...form } = message;
    if (this.running) {
      this.notice('error', vscode.l10n.t('A generation is already running in this panel: wait for it or cancel it.'));
      return;
    }
    let request: ValidRequest;
    let references: vscode.Uri[];
    try {
      request = validateRequest(form);
      // Seedream, or too many, before a file is looked at; then each must be a workspace image.
      const countError = checkReferenceCount(request.modelInfo, referenceTexts.length);
      if (countError) throw new AisaError('input', countError);
      references = await workspaceImages(referenceTexts);
    } catch (e) {
      this.deps.log.warn(`panel: generation refused before sending: ${describeError(e)}`);
      this.finish({ kind: 'failed', message: describeError(e), actions: [] });
      return;
    }
    const controller = new AbortController();
    this.running = {
      controller,
      view: {
        prompt: request.prompt,
        modelLabel: modelLabel(request.model),
        sizeLabel: request.size ? sizeLabel(request.model, request.size) : '',
        n: request.n,
        phase: 'starting',
        total: request.n,
        saved: [],
        startedAt: Date.now(),
      },
    };
    this.result = undefined;
    this.post({ type: 'run', run: this.running.view });
    try {
      let why: string | undefined;
      const outcome = await this.deps.run({
        caller: 'panel',
        target: async () => {
          const target = await this.deps.pickTarget(this.deps.editors.point()?.uri);
          // No folder open (VS Code has said so, offering Open Folder), or the folder pick dismissed.
          if (!target)
            why = vscode.workspace.workspaceFolders?.length
              ? vscode.l10n.t('No workspace folder was picked: nothing was sent.')
              : vscode.l10n.t('No folder is open to save into: nothing was sent.');
          return target;
        },
        source: { given: form },
        ...(format ? { delivery: { format } } : {}),
        references,
        signal: controller.signal,
        onProgress: (p) => this.onProgress(p),
        deliver: (done) => done.outcome,
      });
      if (!outcome) {
        this.finish({ kind: 'cancelled', message: why ?? vscode.l10n.t('No API key was entered: nothing was sent.') });
        return;
      }
      const record = this.deps.history.recordOf(outcome);
      const entry = record && (await entryView(record, this.webview));
      if (!entry) throw new Error('the generation finished but was not recorded');
      const k = outcome.unsaved.length;
      const warning = k
        ? vscode.l10n.t(
            '{0} of {1} generated images could not be saved: {2}',
            k,
            outcome.result.images.length,
            outcome.unsaved[0]?.error.message ?? '',
          )
        : undefined;
      this.finish({ kind: 'done', entry, ...(warning ? { warning } : {}) });
    } catch (e) {
      if (e instanceof AisaError && e.kind === 'cancelled') {
        this.finish({ kind: 'cancelled', message: vscode.l10n.t('Cancelled. Nothing partial was written.') });
      } else {
        const actions: FixAction[] =
          e instanceof AisaError && e.kind === 'invalid_key' ? ['setApiKey', 'showLog'] : ['showLog'];
        this.finish({ kind: 'failed', message: describeError(e), actions });
      }
    }
  }

  private async fileAction(action: FileAction, entryId: string, index: number): Promise<void> {
    const record = this.deps.history.get(entryId);
    const at = record?.indexes.indexOf(index) ?? -1;
    const file = record?.files[at];
    if (!record || !file) {
      this.deps.log.warn(`panel: ${action} for an unknown image (${entryId} #${index})`);
      this.notice('error', vscode.l10n.t('That image is no longer in the history.'));
      return;
    }
    const uri = vscode.Uri.parse(file);
    const rel = relPath(uri);
    if (action === 'useAsReference') {
      if (!(await exists(uri))) {
        this.notice('error', vscode.l10n.t('{0} is no longer on disk (deleted or moved).', rel));
        return;
      }
      await this.addReferences([uri]);
      return;
    }
    if (action === 'exportAs') {
      const said = await exportFromHistory(
        {
          history: this.deps.history,
          fs: this.deps.fs,
          originals: this.deps.originals ?? (() => Promise.resolve(undefined)),
          ...(this.deps.chooseExport ? { choose: this.deps.chooseExport } : {}),
        },
        record,
        at,
      );
      if (said) this.notice('info', said);
      return;
    }
    if (action === 'copyPath') {
      await vscode.env.clipboard.writeText(rel);
      this.notice('info', vscode.l10n.t('Copied {0}', rel));
      return;
    }
    if (!(await exists(uri))) {
      this.notice('error', vscode.l10n.t('{0} is no longer on disk (deleted or moved).', rel));
      await this.pushHistory();
      return;
    }
    if (action === 'open') {
      await vscode.commands.executeCommand('vscode.open', uri, { preview: true, viewColumn: this.deps.openColumn() });
    } else if (action === 'reveal') {
      await vscode.commands.executeCommand('revealInExplorer', uri);
    } else {
      const point = this.deps.editors.point();
      if (!point) {
        this.notice(
          'error',
          vscode.l10n.t('Open a file first: the reference goes at the cursor of the last editor you used.'),
        );
        return;
      }
      if (await insertReference(this.deps.editors, [uri], record.prompt, point))
        this.notice('info', vscode.l10n.t('Inserted {0} into {1}', basename(uri), basename(point.uri)));
      else this.notice('error', vscode.l10n.t('Could not insert into {0}.', basename(point.uri)));
    }
  }

  /** The panel closed: its running generation is cancelled. */
  dispose(): void {
    this.running?.controller.abort();
    this.ready = false;
    for (const s of this.subs) s.dispose();
  }
}

/**
 * The Image Generator panel's page, built once the first `init` has arrived (main.ts): it brings
 * the display language's translations, so every label is rendered translated from the start.
 * It owns the DOM and the half-typed form (kept with setState, so a reload or a hidden tab
 * loses nothing); everything else comes from the extension over the protocol in
 * src/shared/protocol.ts.
 */
import * as l10n from '@vscode/l10n';
import type { EntryView, ResultView, RunView, ToExtension, ToWebview } from '../shared/protocol';
import { byId, h, icon } from './dom';
import { formFrom, initialForm, restoreForm, type FormState } from './form';
import { FormView } from './formView';
import { entryCard, resultCard, runCard, type GalleryActions } from './gallery';
import { historyListing } from './listing';
import { referenceStrip, restoreReferences } from './references';
import type { ReferenceView } from '../shared/protocol';
import { findModel } from '../core/models';
import { checkReferenceCount } from '../core/refImages/limits';

export interface VsCodeApi {
  postMessage(message: ToExtension): void;
  getState(): unknown;
  setState(state: SavedState): void;
}

interface SavedState {
  readonly form: FormState;
  readonly filter: string;
  readonly references: readonly ReferenceView[];
}

export interface Panel {
  /** Every message from the extension, the first `init` included. */
  receive(m: ToWebview): void;
}

export function startPanel(vscode: VsCodeApi): Panel {
  const PAGE = 30;
  const saved = vscode.getState() as Partial<SavedState> | undefined;
  const post = (m: ToExtension): void => vscode.postMessage(m);

  let history: readonly EntryView[] = [];
  let run: RunView | undefined;
  let result: ResultView | undefined;
  let filter = typeof saved?.filter === 'string' ? saved.filter : '';
  let shown = PAGE;
  let timer: ReturnType<typeof setInterval> | undefined;

  const save = (): void => {
    vscode.setState({ form: formView.state, filter, references: strip.list() });
    // The core's own rule, said where the references are (the extension judges it again).
    const model = findModel(formView.state.model);
    strip.warn(model ? checkReferenceCount(model, strip.list().length) : undefined);
  };

  /** What Generate sends: the form's request, with the reference images' URIs when there are any. */
  const generate = (): void => {
    const request = formView.valid.request;
    const references = strip.list().map((r) => r.uri);
    if (request) post({ type: 'generate', form: references.length ? { ...request, references } : request });
  };

  const strip = referenceStrip(restoreReferences(saved?.references), {
    change: () => save(),
    pick: () => post({ type: 'pickReferences' }),
    drop: (uris) => post({ type: 'dropReferences', uris }),
  });

  const formView = new FormView(restoreForm(saved?.form, initialForm()), {
    onChange: save,
    onGenerate: generate,
    onCancel: () => post({ type: 'cancel' }),
  });

  const actions: GalleryActions = {
    file: (entry, file, action) => post({ type: 'file', action, entryId: entry.id, index: file.index }),
    again: (entry) => {
      formView.replace(formFrom(entry, formView.state));
      // Again uses the same references (none, for a text-only generation).
      strip.replace(entry.references ?? []);
      if (formView.valid.request && !run) generate();
      else formView.focusPrompt();
    },
    fix: (action) => post({ type: 'fix', action }),
  };

  // ---------------------------------------------------------------- layout

  const results = h('div', { id: 'results-body' });
  const resultsSection = h(
    'section',
    { id: 'results', class: 'section', 'aria-labelledby': 'results-title', hidden: true },
    h('h2', { id: 'results-title', class: 'section-title' }, l10n.t('Latest')),
    results,
  );
  const filterInput = h('input', {
    id: 'filter',
    type: 'search',
    placeholder: l10n.t('Filter by prompt, model, size or file'),
    'aria-label': l10n.t('Filter history'),
    'aria-controls': 'history-list',
  });
  filterInput.value = filter;
  const historyCount = h('span', { id: 'history-count', class: 'hint', 'aria-live': 'polite' });
  const historyList = h('ol', { id: 'history-list', class: 'entries' });
  const moreButton = h('button', { type: 'button', class: 'button secondary', hidden: true }, l10n.t('Show more'));
  const historyEmpty = h('p', { id: 'history-empty', class: 'hint empty', hidden: true });
  const notice = h('div', { id: 'notice', class: 'notice', role: 'status', 'aria-live': 'polite' });
  const noWorkspace = h(
    'p',
    { id: 'no-workspace', class: 'banner info', hidden: true },
    icon('info'),
    h('span', {}, l10n.t('Open a folder to generate: images are saved inside a workspace folder.')),
  );

  const app = byId('app');
  app.replaceChildren(
    h(
      'main',
      { class: 'panel' },
      h('h1', { class: 'visually-hidden' }, l10n.t('AIsa Image Generator')),
      formView.root,
      notice,
      resultsSection,
      h(
        'section',
        { id: 'history', class: 'section', 'aria-labelledby': 'history-title' },
        h(
          'div',
          { class: 'section-head' },
          h('h2', { id: 'history-title', class: 'section-title' }, icon('history'), h('span', {}, l10n.t('History'))),
          historyCount,
          h('div', { class: 'filter' }, icon('filter'), filterInput),
        ),
        historyEmpty,
        historyList,
        moreButton,
      ),
    ),
  );
  formView.root.prepend(noWorkspace);
  save();
  const formActions = formView.root.querySelector('.actions');
  if (formActions) formActions.before(strip.root);
  else formView.root.append(strip.root);
  app.removeAttribute('aria-busy');

  filterInput.addEventListener('input', () => {
    filter = filterInput.value;
    shown = PAGE;
    save();
    renderHistory();
  });
  moreButton.addEventListener('click', () => {
    shown += PAGE;
    renderHistory();
  });

  // ---------------------------------------------------------------- rendering

  /** Re-renders a list but keeps keyboard focus on "the same" button (by its data-key). */
  function keepingFocus(render: () => void): void {
    const key = (document.activeElement as HTMLElement | null)?.dataset?.['key'];
    render();
    if (key) document.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus();
  }

  function renderResults(): void {
    keepingFocus(() => {
      if (run) results.replaceChildren(runCard(run, Date.now()));
      else if (result?.kind === 'done') {
        // The history's copy is the fresher one (a file deleted since shows as missing).
        const id = result.entry.id;
        const fresh = history.find((e) => e.id === id);
        results.replaceChildren(resultCard(fresh ? { ...result, entry: fresh } : result, actions));
      } else if (result) results.replaceChildren(resultCard(result, actions));
      else results.replaceChildren();
      resultsSection.hidden = !run && !result;
    });
    formView.setRunning(Boolean(run));
    if (run && !timer) {
      timer = setInterval(() => {
        const el = results.querySelector('.elapsed');
        if (run && el) el.textContent = l10n.t('{0} s', ((Date.now() - run.startedAt) / 1000).toFixed(0));
      }, 1000);
    } else if (!run && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  }

  /** The entry the Latest section shows as a card, if any (not while a run takes its place). */
  const latestId = (): string | undefined => (!run && result?.kind === 'done' ? result.entry.id : undefined);

  function renderHistory(): void {
    const { hits, count, empty } = historyListing(history, latestId(), filter);
    keepingFocus(() => {
      historyList.replaceChildren(
        ...hits
          .slice(0, shown)
          .map((e) => h('li', {}, entryCard(e, actions, { headingLevel: 'h3', running: Boolean(run) }))),
      );
    });
    historyCount.textContent = count;
    historyEmpty.hidden = !empty;
    historyEmpty.textContent = empty;
    moreButton.hidden = hits.length <= shown;
    moreButton.textContent = l10n.t('Show {0} more', Math.min(PAGE, hits.length - shown));
  }

  let noticeTimer: ReturnType<typeof setTimeout> | undefined;
  function showNotice(level: 'info' | 'error', message: string): void {
    notice.className = `notice ${level}`;
    notice.replaceChildren(icon(level === 'error' ? 'error' : 'check'), h('span', {}, message));
    if (noticeTimer) clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => notice.replaceChildren(), 5000);
  }

  // ---------------------------------------------------------------- messages

  const receive = (m: ToWebview): void => {
    switch (m?.type) {
      case 'init':
        if (!saved?.form) formView.replace(initialForm(m.defaults));
        noWorkspace.hidden = m.hasWorkspace;
        history = m.history;
        run = m.run;
        result = m.result;
        renderResults();
        renderHistory();
        break;
      case 'history':
        history = m.history;
        renderHistory();
        if (result?.kind === 'done') renderResults();
        break;
      case 'run':
        run = m.run;
        renderResults();
        renderHistory();
        break;
      case 'result':
        run = undefined;
        result = m.result;
        renderResults();
        renderHistory();
        break;
      case 'notice':
        showNotice(m.level, m.message);
        break;
      case 'addReferences':
        strip.add(m.references);
        break;
      default:
        break;
    }
  };

  renderHistory();
  formView.focusPrompt();
  return { receive };
}

/**
 * The form's DOM, built once and then updated in place (rebuilding would drop focus and the
 * caret while someone types). Every input change goes through `onChange` with the new state.
 */
import * as l10n from '@vscode/l10n';
import { FORMAT_LABEL } from '../core/convert/formats';
import { describePrice } from '../core/models';
import { ratioName } from '../core/sizes';
import { h, icon } from './dom';
import { chip, formatHint, GENERATE_SHORTCUT } from './formParts';
import {
  checkForm,
  GEMINI_ASPECT_RATIOS,
  GEMINI_IMAGE_SIZES,
  MAX_PROMPT_LENGTH,
  modelChoices,
  OUTPUT_FORMATS,
  presetOf,
  SIZE_PRESETS,
  type FormCheck,
  type FormState,
} from './form';

export interface FormCallbacks {
  onChange(form: FormState): void;
  onGenerate(): void;
  onCancel(): void;
}

export class FormView {
  readonly root: HTMLFormElement;
  private form: FormState;
  private running = false;
  private check: FormCheck;
  /** Errors about the prompt show once the person has typed or tried to generate. */
  private promptTouched = false;

  private readonly prompt = h('textarea', {
    id: 'prompt',
    rows: 3,
    spellcheck: 'true',
    'aria-describedby': 'prompt-help prompt-error',
    'aria-required': 'true',
    placeholder: l10n.t('A cute red panda, ultra-detailed, cinematic lighting'),
  });
  private readonly promptCount = h('span', { id: 'prompt-count', class: 'hint' });
  private readonly promptError = h('p', { id: 'prompt-error', class: 'error-text', hidden: true });
  private readonly model = h('select', { id: 'model', 'aria-describedby': 'model-price' });
  private readonly modelPrice = h('span', { id: 'model-price', class: 'hint' });
  private readonly format = h(
    'select',
    { id: 'format', 'aria-describedby': 'format-hint' },
    ...OUTPUT_FORMATS.map((f) => h('option', { value: f }, FORMAT_LABEL[f])),
  );
  private readonly formatHint = h('span', { id: 'format-hint', class: 'hint' });
  private readonly count = h('input', {
    id: 'count',
    type: 'number',
    min: 1,
    max: 10,
    step: 1,
    inputmode: 'numeric',
    'aria-describedby': 'count-error count-hint',
  });
  private readonly countHint = h('span', { id: 'count-hint', class: 'hint' });
  private readonly countError = h('p', { id: 'count-error', class: 'error-text', hidden: true });
  private readonly pixelsBox: HTMLFieldSetElement;
  private readonly width = h('input', {
    id: 'width',
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    'aria-describedby': 'pixels size-hint size-error',
    maxlength: 7,
  });
  private readonly height = h('input', {
    id: 'height',
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    'aria-describedby': 'pixels size-hint size-error',
    maxlength: 7,
  });
  private readonly pixels = h('span', { id: 'pixels', class: 'pixels', 'aria-live': 'polite' });
  private readonly geminiBox: HTMLFieldSetElement;
  private readonly noSizeBox = h('p', { id: 'size-none', class: 'hint size-none' });
  private readonly sizeHint = h('p', { id: 'size-hint', class: 'hint' });
  private readonly sizeError = h('div', { id: 'size-error', class: 'error-text', hidden: true });
  private readonly cost = h('span', { id: 'cost', class: 'cost', 'aria-live': 'polite' });
  private readonly why = h('span', { id: 'generate-why', class: 'hint why' });
  private readonly generate = h(
    'button',
    { id: 'generate', type: 'button', class: 'button primary', 'aria-describedby': 'cost generate-why' },
    icon('sparkle'),
    h('span', {}, l10n.t('Generate')),
  );
  private readonly cancel = h(
    'button',
    { id: 'cancel', type: 'button', class: 'button secondary', hidden: true },
    icon('debug-stop'),
    h('span', {}, l10n.t('Cancel')),
  );

  constructor(
    initial: FormState,
    private readonly cb: FormCallbacks,
  ) {
    this.form = initial;
    this.check = checkForm(initial);
    this.pixelsBox = h(
      'fieldset',
      { id: 'size-pixels', class: 'field size' },
      h('legend', {}, l10n.t('Size')),
      h(
        'div',
        { class: 'chips', role: 'radiogroup', 'aria-label': l10n.t('Aspect ratio presets') },
        ...SIZE_PRESETS.map((p) => chip('preset', p.ratio, p.ratio, p.label)),
        chip('preset', 'custom', l10n.t('Custom')),
      ),
      h(
        'div',
        { class: 'dims' },
        h('label', { for: 'width', class: 'dim-label' }, l10n.t('Width')),
        this.width,
        h('span', { class: 'times', 'aria-hidden': 'true' }, '×'),
        h('label', { for: 'height', class: 'dim-label' }, l10n.t('Height')),
        this.height,
        this.pixels,
      ),
    );
    this.geminiBox = h(
      'fieldset',
      { id: 'size-gemini', class: 'field size' },
      h('legend', {}, l10n.t('Aspect ratio and resolution')),
      h(
        'div',
        { class: 'chips', role: 'radiogroup', 'aria-label': l10n.t('Aspect ratio') },
        ...GEMINI_ASPECT_RATIOS.map((r) => chip('ratio', r, r, ratioName(r))),
      ),
      h(
        'div',
        { class: 'chips', role: 'radiogroup', 'aria-label': l10n.t('Resolution') },
        ...GEMINI_IMAGE_SIZES.map((r) => chip('resolution', r, r)),
      ),
    );

    this.root = h(
      'form',
      { id: 'form', class: 'gen-form', 'aria-label': l10n.t('Generate images'), novalidate: true },
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'prompt' }, l10n.t('Prompt')),
        this.prompt,
        h(
          'div',
          { class: 'field-foot' },
          h(
            'span',
            { id: 'prompt-help', class: 'hint' },
            l10n.t('Describe the image. {0} generates.', GENERATE_SHORTCUT),
          ),
          this.promptCount,
        ),
        this.promptError,
      ),
      h(
        'div',
        { class: 'row' },
        h('div', { class: 'field grow' }, h('label', { for: 'model' }, l10n.t('Model')), this.model, this.modelPrice),
        h(
          'div',
          { class: 'field format' },
          h('label', { for: 'format' }, l10n.t('Format')),
          this.format,
          this.formatHint,
        ),
        h('div', { class: 'field count' }, h('label', { for: 'count' }, l10n.t('Images')), this.count, this.countHint),
      ),
      this.countError,
      this.pixelsBox,
      this.geminiBox,
      this.noSizeBox,
      this.sizeHint,
      this.sizeError,
      h(
        'div',
        { class: 'actions' },
        this.generate,
        this.cancel,
        h('div', { class: 'action-info' }, this.cost, this.why),
      ),
    );

    this.root.addEventListener('submit', (e) => e.preventDefault());
    this.prompt.addEventListener('input', () => {
      this.promptTouched = true;
      this.set({ prompt: this.prompt.value });
    });
    this.model.addEventListener('change', () => this.set({ model: this.model.value }));
    this.format.addEventListener('change', () => this.set({ format: this.format.value }));
    this.count.addEventListener('input', () => this.set({ n: this.count.value }));
    this.width.addEventListener('input', () => this.set({ width: this.width.value }));
    this.height.addEventListener('input', () => this.set({ height: this.height.value }));
    this.root.addEventListener('change', (e) => {
      const t = e.target as HTMLInputElement;
      if (t.name === 'preset' && t.value !== 'custom') {
        const p = SIZE_PRESETS.find((x) => x.ratio === t.value);
        if (p) this.set({ width: String(p.width), height: String(p.height) });
      } else if (t.name === 'preset') {
        this.width.focus();
        this.width.select();
      } else if (t.name === 'ratio') this.set({ ratio: t.value });
      else if (t.name === 'resolution') this.set({ resolution: t.value });
    });
    // Ctrl/Cmd+Enter anywhere in the form, as in VS Code's own input boxes.
    this.root.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.requestGenerate();
      } else if (e.key === 'Escape' && this.running) {
        e.preventDefault();
        this.cb.onCancel();
      }
    });
    this.generate.addEventListener('click', () => this.requestGenerate());
    this.cancel.addEventListener('click', () => this.cb.onCancel());
    this.fillControls();
    this.update();
  }

  get state(): FormState {
    return this.form;
  }

  get valid(): FormCheck {
    return this.check;
  }

  /** Replaces the whole state (restore, "Again") and shows it. */
  replace(form: FormState): void {
    this.form = form;
    this.fillControls();
    this.update();
    this.cb.onChange(this.form);
  }

  setRunning(running: boolean): void {
    if (running === this.running) return;
    const hadFocus = document.activeElement === (running ? this.generate : this.cancel);
    this.running = running;
    this.update();
    if (hadFocus) (running ? this.cancel : this.generate).focus();
  }

  focusPrompt(): void {
    this.prompt.focus();
  }

  /** Ctrl+Enter or the button: shows why nothing happens instead of silently ignoring it. */
  private requestGenerate(): void {
    if (this.running) return;
    this.promptTouched = true;
    this.update();
    if (this.check.request) {
      this.cb.onGenerate();
      return;
    }
    const first = this.check.promptError
      ? this.prompt
      : this.check.countError
        ? this.count
        : this.check.sizeError
          ? this.check.control === 'pixels'
            ? this.width
            : null
          : null;
    first?.focus();
  }

  private set(patch: Partial<FormState>): void {
    this.form = { ...this.form, ...patch };
    if ('model' in patch) this.fillModel();
    if ('width' in patch || 'height' in patch) this.syncSizeControls();
    this.update();
    this.cb.onChange(this.form);
  }

  private fillModel(): void {
    const current = this.form.model;
    const choices = modelChoices(current);
    if (
      this.model.options.length !== choices.length ||
      [...this.model.options].some((o, i) => o.value !== choices[i]?.id)
    ) {
      this.model.replaceChildren(...choices.map((m) => h('option', { value: m.id }, m.label)));
    }
    this.model.value = current;
  }

  private fillControls(): void {
    this.prompt.value = this.form.prompt;
    this.fillModel();
    this.count.value = this.form.n;
    this.format.value = this.form.format;
    this.syncSizeControls();
    for (const input of this.geminiBox.querySelectorAll<HTMLInputElement>('input[type=radio]')) {
      input.checked = input.name === 'ratio' ? input.value === this.form.ratio : input.value === this.form.resolution;
    }
  }

  private syncSizeControls(): void {
    if (this.width.value !== this.form.width) this.width.value = this.form.width;
    if (this.height.value !== this.form.height) this.height.value = this.form.height;
    const preset = presetOf(this.form);
    for (const input of this.pixelsBox.querySelectorAll<HTMLInputElement>('input[name=preset]'))
      input.checked = input.value === preset;
  }

  private update(): void {
    const c = (this.check = checkForm(this.form));
    const prompt = this.form.prompt;
    this.promptCount.textContent = `${prompt.length.toLocaleString('en-US')} / ${MAX_PROMPT_LENGTH.toLocaleString('en-US')}`;
    this.promptCount.classList.toggle('over', prompt.length > MAX_PROMPT_LENGTH);
    const showPromptError = Boolean(c.promptError) && (this.promptTouched || prompt.length > 0);
    this.showError(this.prompt, this.promptError, showPromptError ? c.promptError : undefined);

    this.formatHint.textContent = formatHint(this.form.format);
    this.modelPrice.textContent = c.modelError ?? (c.model ? `${c.model.id} · ${describePrice(c.model)}` : '');
    const gemini = c.control === 'aspect-ratio-and-resolution';
    this.pixelsBox.hidden = c.control !== 'pixels';
    this.geminiBox.hidden = !gemini;
    this.noSizeBox.hidden = c.control !== 'none';
    this.noSizeBox.textContent = c.control === 'none' ? c.sizeHint : '';
    // A size error names the limit itself: the hint beside it would say it (and an example) again.
    this.sizeHint.hidden = c.control === 'none' || Boolean(c.sizeError);
    this.sizeHint.textContent = c.sizeHint;

    this.count.max = String(c.maxCount);
    this.count.disabled = c.maxCount === 1;
    if (c.maxCount === 1 && this.count.value !== '1') this.count.value = '1';
    else if (c.maxCount > 1 && this.count.value !== this.form.n) this.count.value = this.form.n;
    this.countHint.textContent = c.maxCount === 1 ? l10n.t('one per request') : l10n.t('1 to {0}', c.maxCount);
    this.showError(this.count, this.countError, c.countError);

    this.pixels.textContent = c.pixels ?? '';
    this.pixels.classList.toggle('bad', Boolean(c.sizeError));
    this.sizeError.replaceChildren();
    if (c.sizeError) {
      // Out of range, the pixel line above already shows the count: say only the limit, and let
      // the button finish the sentence, so the suggestion is named once.
      const { message, suggestion, limit } = c.sizeError;
      const text = h('span', {}, limit ?? message);
      if (suggestion && c.control === 'pixels') {
        const [w = '', hgt = ''] = suggestion.split('x');
        // The whole sentence is the button, so it translates as one.
        text.append(
          ' ',
          h(
            'button',
            { type: 'button', class: 'link-button', onclick: () => this.set({ width: w, height: hgt }) },
            limit ? l10n.t('Use {0} for the same aspect ratio.', suggestion) : l10n.t('Use {0}', suggestion),
          ),
        );
      }
      this.sizeError.append(icon('error'), text);
    }
    this.sizeError.hidden = !c.sizeError;
    for (const el of [this.width, this.height]) el.setAttribute('aria-invalid', String(Boolean(c.sizeError)));

    this.cost.textContent = c.cost;
    this.generate.hidden = this.running;
    this.cancel.hidden = !this.running;
    this.generate.disabled = !c.request;
    this.why.textContent = this.running
      ? l10n.t('Generating…')
      : c.request
        ? ''
        : !this.form.prompt.trim()
          ? l10n.t('Describe the image to generate.')
          : l10n.t('Fix the marked fields to generate.');
  }

  private showError(input: HTMLElement, box: HTMLElement, message: string | undefined): void {
    box.replaceChildren(...(message ? [icon('error'), h('span', {}, message)] : []));
    box.hidden = !message;
    input.setAttribute('aria-invalid', String(Boolean(message)));
  }
}

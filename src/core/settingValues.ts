import * as l10n from '@vscode/l10n';
/** A number setting as the user wrote it (hand-edited JSON can hold anything) against its schema. */
export interface NumberRule {
  readonly min: number;
  readonly max: number;
  readonly fallback: number;
  readonly whole: boolean;
}

export interface Checked {
  readonly used: number;
  /** Why the value written is not the one used: said to the user once. */
  readonly problem?: string;
}

export function checkNumberSetting(name: string, value: unknown, rule: NumberRule): Checked {
  const { min, max, fallback, whole } = rule;
  const usable = typeof value === 'number' && Number.isFinite(value) && (!whole || Number.isInteger(value));
  const used = usable ? Math.min(Math.max(value, min), max) : fallback;
  if (used === value) return { used };
  const shown = JSON.stringify(value) ?? String(value);
  return {
    used,
    problem: whole
      ? l10n.t(
          'The setting {0} is {1}, but it must be a whole number from {2} to {3}: {4} is used instead.',
          name,
          shown,
          min,
          max,
          used,
        )
      : l10n.t(
          'The setting {0} is {1}, but it must be a number from {2} to {3}: {4} is used instead.',
          name,
          shown,
          min,
          max,
          used,
        ),
  };
}

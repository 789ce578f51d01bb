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
  const kind = whole ? 'a whole number' : 'a number';
  return {
    used,
    problem: `The setting ${name} is ${JSON.stringify(value) ?? String(value)}, but it must be ${kind} from ${min} to ${max}: ${used} is used instead.`,
  };
}

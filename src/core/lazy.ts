/**
 * A value built on first use. Schemas are wrapped in it because every module of the bundle runs
 * its top level when the extension loads, and building zod schemas there cost most of activation.
 */
export function lazy<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
